/**
 * Plain SQL revisions, for projects that write SQL only. A file looks like
 *
 *     -- revision: 1975ea83b712
 *     -- down_revision: none            (or an id, or "a, b" for a merge)
 *     -- branch_labels: billing         (optional, comma-separated)
 *     -- depends_on: 3fa1b2c4d5e6       (optional, comma-separated)
 *     -- message: create account table
 *     -- create_date: 2024-05-01 12:00:00
 *
 *     -- migrate:up
 *     CREATE TABLE account (id integer PRIMARY KEY);
 *
 *     -- migrate:down
 *     DROP TABLE account;
 *
 * `-- migrate:up transaction:false` (dbmate's option) runs that section outside a transaction.
 */
import { ScriptError } from "../errors.ts";
import { scanQuoted, type QuoteSyntax } from "../dialects/sql/lexer.ts";
import type { Revision } from "./revision.ts";

/** One `-- migrate:up` or `-- migrate:down` section. */
export interface SqlSection {
  /** The section's SQL as written; the runtime splits it with the dialect's rules. */
  readonly text: string;
  /** The statements, split with standard SQL rules (computed on use). */
  readonly statements: readonly string[];
  /** False for `transaction:false`. */
  readonly transaction: boolean;
}

/** A parsed SQL revision file. */
export interface SqlRevision {
  readonly header: Revision;
  readonly up: SqlSection;
  /** Null when the file has no `-- migrate:down` section. */
  readonly down: SqlSection | null;
  /** `-- rerunnable: true` in the header: a run that died inside it may be resumed (see MigrationModule). */
  readonly rerunnable: boolean;
}

const HEADER_KEYS = ["revision", "down_revision", "branch_labels", "depends_on", "message", "create_date"] as const;
type HeaderKey = (typeof HEADER_KEYS)[number];
const HEADER_RE = /^--[ \t]*(revision|down_revision|branch_labels|depends_on|message|create_date)[ \t]*:[ \t]*(.*?)[ \t\r]*$/gm;
const MARKER_RE = /^--[ \t]*migrate:(up|down)\b(.*)$/gm;

/**
 * Read the header comments of a SQL revision (everything before `-- migrate:up`/`-- migrate:down`).
 * Returns undefined when the file declares no `-- revision:`.
 */
export function readSqlHeader(source: string, path: string): Revision | undefined {
  MARKER_RE.lastIndex = 0;
  const first = MARKER_RE.exec(source);
  const head = first ? source.slice(0, first.index) : source;
  const values: Partial<Record<HeaderKey, string>> = {};
  HEADER_RE.lastIndex = 0;
  for (let m = HEADER_RE.exec(head); m !== null; m = HEADER_RE.exec(head)) {
    const key = m[1] as HeaderKey;
    if (key in values) throw new ScriptError(`${path}: the header "-- ${key}:" appears twice; keep one`);
    values[key] = m[2] as string;
  }
  const revision = values.revision;
  if (revision === undefined) return undefined;
  if (!/^[^\s,]+$/.test(revision)) {
    throw new ScriptError(`${path}: "-- revision: ${revision}" is not a valid revision id (one word, no commas)`);
  }
  if (values.down_revision === undefined) {
    throw new ScriptError(
      `${path}: revision "${revision}" has no "-- down_revision:" header; write "-- down_revision: none" for a base revision, or the parent's id`,
    );
  }
  const createDate = values.create_date;
  return {
    revision,
    downRevisions: list(values.down_revision),
    branchLabels: list(values.branch_labels),
    dependsOn: list(values.depends_on),
    message: values.message ?? "",
    path,
    ...(createDate ? { createDate } : {}),
  };
}

function list(value: string | undefined): string[] {
  if (value === undefined || /^(none|null)?$/i.test(value)) return [];
  return value.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

/**
 * Parse a whole SQL revision: header and sections, each split into statements.
 * @throws ScriptError when there is no `-- revision:` header, no `-- migrate:up` section, or SQL outside them.
 */
export function parseSqlRevision(source: string, path: string): SqlRevision {
  const header = readSqlHeader(source, path);
  if (!header) {
    throw new ScriptError(`${path}: no "-- revision: <id>" header; a SQL revision starts with its header comments (see "migrator revision --sql")`);
  }
  const markers: { kind: "up" | "down"; index: number; bodyStart: number; transaction: boolean }[] = [];
  MARKER_RE.lastIndex = 0;
  for (let m = MARKER_RE.exec(source); m !== null; m = MARKER_RE.exec(source)) {
    const kind = m[1] as "up" | "down";
    if (markers.some((k) => k.kind === kind)) throw new ScriptError(`${path}: "-- migrate:${kind}" appears twice; keep one`);
    markers.push({ kind, index: m.index, bodyStart: m.index + m[0].length, transaction: sectionOptions(m[2] as string, kind, path) });
  }
  const firstMarker = markers[0];
  if (!markers.some((k) => k.kind === "up") || !firstMarker) {
    throw new ScriptError(`${path}: no "-- migrate:up" line; put the upgrade SQL after "-- migrate:up" (and the downgrade after "-- migrate:down")`);
  }
  if (splitStatements(source.slice(0, firstMarker.index), path).length > 0) {
    throw new ScriptError(`${path}: SQL before "-- migrate:${firstMarker.kind}"; put every statement in a section`);
  }
  const sections: Partial<Record<"up" | "down", SqlSection>> = {};
  markers.forEach((k, i) => {
    const body = source.slice(k.bodyStart, markers[i + 1]?.index ?? source.length);
    // Padded with the lines before it, so that errors give line numbers of the file.
    const text = "\n".repeat(lineOf(source, k.bodyStart) - 1) + body;
    const where = `${path} (migrate:${k.kind})`;
    sections[k.kind] = {
      text,
      // Split on first use, with standard rules: the runtime splits `text` with the dialect's own.
      get statements() {
        return splitStatements(text, where);
      },
      transaction: k.transaction,
    };
  });
  return { header, up: sections.up as SqlSection, down: sections.down ?? null, rerunnable: rerunnableHeader(source.slice(0, firstMarker.index), path) };
}

const RERUNNABLE_RE = /^--[ \t]*rerunnable[ \t]*:[ \t]*(\S*)[ \t\r]*$/m;

/** The optional `-- rerunnable: true|false` header line. */
function rerunnableHeader(head: string, path: string): boolean {
  const m = RERUNNABLE_RE.exec(head);
  if (!m) return false;
  if (m[1] !== "true" && m[1] !== "false") throw new ScriptError(`${path}: "-- rerunnable: ${m[1]}" must be true or false`);
  return m[1] === "true";
}

function sectionOptions(text: string, kind: string, path: string): boolean {
  let transaction = true;
  for (const option of text.trim().split(/\s+/).filter((s) => s !== "")) {
    const m = /^transaction:(true|false)$/.exec(option);
    if (!m) throw new ScriptError(`${path}: unknown option "${option}" on "-- migrate:${kind}"; the only option is transaction:false`);
    transaction = m[1] === "true";
  }
  return transaction;
}

/**
 * The dialect's lexical rules (its `quoteSyntax`, read by `dialects/sql/lexer.ts`): `backslashEscapes` (MySQL:
 * `\` escapes in '...' and "..."), `hashComments` (MySQL `# ...`), `dollarQuotes` (PostgreSQL `$$...$$`; on by
 * default), `nestedComments` (on by default).
 */
export type SplitOptions = QuoteSyntax;

/** Statements that hold `BEGIN ... END` bodies with inner semicolons (SQLite and MySQL triggers, procedures). */
const BLOCK_STATEMENT_RE =
  /^CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:TEMP\s+|TEMPORARY\s+)?(?:CONSTRAINT\s+)?(?:TRIGGER|FUNCTION|PROCEDURE)\b/i;

/**
 * Split SQL text into statements on `;`, skipping semicolons inside quotes ('...', "...", `...`), comments
 * (`--`, `/* *\/`, nested unless `nestedComments: false`), PostgreSQL dollar quotes (`$$...$$`, `$tag$...$tag$`)
 * and the `BEGIN ... END` body of CREATE TRIGGER/FUNCTION/PROCEDURE. Statements are trimmed, lose their final `;`
 * and leading comments; empty ones are dropped. MySQL's `DELIMITER` is not supported.
 * @param where names the text in errors (a file path).
 * @throws ScriptError on an unterminated quote or comment, or a DELIMITER line.
 */
export function splitStatements(sql: string, where = "SQL", options: SplitOptions = {}): string[] {
  const out: string[] = [];
  let start = -1; // index of the current statement's first significant character
  let depth = 0; // BEGIN/CASE ... END nesting, counted in block statements only
  let block: boolean | undefined; // whether the current statement is a block statement (decided at its first word)
  const n = sql.length;
  const fail = (what: string, at: number): never => {
    throw new ScriptError(`${where}: ${what} starting at line ${lineOf(sql, at)}`);
  };
  const end = (at: number) => {
    if (start >= 0) out.push(sql.slice(start, at).trim());
    start = -1;
    depth = 0;
    block = undefined;
  };
  let i = 0;
  while (i < n) {
    const c = sql[i] as string;
    const quoted = scanQuoted(sql, i, options);
    if (quoted?.kind === "comment") {
      if (!quoted.terminated) fail(`unterminated ${quoted.open} comment`, i);
      i = quoted.end;
      continue;
    }
    if (c === ";") {
      if (depth === 0) end(i);
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (start < 0) {
      start = i;
      if (/^DELIMITER\s/i.test(sql.slice(i, i + 10)) && (i === 0 || sql[i - 1] === "\n")) {
        throw new ScriptError(
          `${where}: MySQL "DELIMITER" (line ${lineOf(sql, i)}) is not supported; remove the DELIMITER lines and end statements with ";" ` +
            `(BEGIN ... END bodies of CREATE TRIGGER/PROCEDURE/FUNCTION are kept whole)`,
        );
      }
    }
    if (quoted) {
      if (!quoted.terminated) {
        fail(quoted.kind === "dollarQuoted" ? `unterminated dollar quote ${quoted.open}` : `unterminated ${quoted.open} quote`, i);
      }
      i = quoted.end;
      continue;
    }
    const word = /[A-Za-z_][\w$]*/y;
    word.lastIndex = i;
    const w = word.exec(sql);
    if (!w) {
      i++;
      continue;
    }
    block ??= BLOCK_STATEMENT_RE.test(sql.slice(start, start + 200));
    if (block) {
      const upper = w[0].toUpperCase();
      if (upper === "BEGIN" || upper === "CASE") depth++;
      else if (upper === "END") {
        const after = /\s+(IF|LOOP|WHILE|REPEAT|CASE)\b/iy;
        after.lastIndex = word.lastIndex;
        const m = after.exec(sql);
        if (!m || m[1]?.toUpperCase() === "CASE") depth = Math.max(0, depth - 1);
        if (m) word.lastIndex = after.lastIndex;
      }
    }
    i = word.lastIndex;
  }
  end(n);
  return out.filter((s) => s !== "");
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
