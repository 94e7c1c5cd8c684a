/**
 * A small reader for the CREATE TABLE and CREATE INDEX text SQLite keeps in sqlite_master. The pragmas give
 * columns, keys and indexes but not CHECK constraints, constraint names or DEFERRABLE: those are read here.
 */
import { isIdentifierChar, scanQuoted, skipToken, tokens, unquote } from "../sql/lexer.ts";
import { SQLITE_QUOTES as SQLITE } from "./quote_syntax.ts";

export type Token =
  | { readonly kind: "word"; readonly text: string }
  | { readonly kind: "ident"; readonly text: string }
  | { readonly kind: "string"; readonly text: string }
  | { readonly kind: "group"; readonly text: string; readonly inner: string }
  | { readonly kind: "punct"; readonly text: string };

/** Split SQL into tokens; a parenthesised group is one token holding its inner text. Comments are dropped. */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const quoted = scanQuoted(sql, i, SQLITE);
    if (quoted) {
      const text = unquote(sql.slice(quoted.start, quoted.end));
      if (quoted.kind === "string") out.push({ kind: "string", text });
      else if (quoted.kind === "identifier") out.push({ kind: "ident", text });
      i = quoted.end;
    } else if (/\s/.test(ch)) {
      i++;
    } else if (ch === "(") {
      const end = groupEnd(sql, i);
      out.push({ kind: "group", text: sql.slice(i, end), inner: sql.slice(i + 1, end - 1).trim() });
      i = end;
    } else if (isIdentifierChar(ch)) {
      let end = i + 1;
      while (isIdentifierChar(sql[end]) || sql[end] === ".") end++;
      out.push({ kind: "word", text: sql.slice(i, end) });
      i = end;
    } else {
      out.push({ kind: "punct", text: ch });
      i++;
    }
  }
  return out;
}

function groupEnd(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    const end = skipToken(sql, i, SQLITE);
    if (end > i) {
      i = end;
      continue;
    }
    const ch = sql[i]!;
    if (ch === "(") depth++;
    else if (ch === ")") {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return sql.length;
}

/** The SQL with its comments replaced by spaces (quoted text left alone). */
export function stripComments(sql: string): string {
  // A comment opens with -- or /* (SQLite has no # comments): without either, there is none to strip.
  if (!sql.includes("--") && !sql.includes("/*")) return sql;
  let out = "";
  for (const t of tokens(sql, SQLITE)) out += t.kind === "comment" ? " " : sql.slice(t.start, t.end);
  return out;
}

/** Split the text inside parentheses at its top-level commas. */
export function splitTopLevel(inner: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  while (i < inner.length) {
    const end = skipToken(inner, i, SQLITE);
    if (end > i) {
      i = end;
      continue;
    }
    const ch = inner[i]!;
    if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(inner.slice(start, i).trim());
      start = i + 1;
    }
    i++;
  }
  const last = inner.slice(start).trim();
  if (last) parts.push(last);
  return parts;
}

const isWord = (t: Token | undefined, word: string) => t?.kind === "word" && t.text.toUpperCase() === word;
const name = (t: Token | undefined) => (t && (t.kind === "word" || t.kind === "ident" || t.kind === "string") ? t.text : "");
const nameList = (t: Token | undefined) => (t?.kind === "group" ? splitTopLevel(t.inner).map((c) => name(tokenize(c)[0])) : []);

export interface ParsedConstraint {
  readonly type: "primary" | "unique" | "check" | "foreign";
  readonly name?: string;
  readonly columns: readonly string[];
  /** CHECK: the condition, as written. */
  readonly condition?: string;
  /** FOREIGN KEY: DEFERRABLE / INITIALLY DEFERRED, which the pragmas do not report. */
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
}

/** The constraints of a CREATE TABLE statement, column-level ones included, in the order written. */
export function parseTableConstraints(createSql: string): ParsedConstraint[] {
  const body = tokenize(stripComments(createSql)).find((t) => t.kind === "group");
  if (!body || body.kind !== "group") return [];
  const out: ParsedConstraint[] = [];
  for (const element of splitTopLevel(body.inner)) {
    const tokens = tokenize(element);
    const first = tokens[0];
    const tableLevel = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"].some((w) => isWord(first, w));
    const column = tableLevel ? undefined : name(first);
    readConstraints(tableLevel ? tokens : tokens.slice(1), column, out);
  }
  return out;
}

function readConstraints(tokens: readonly Token[], column: string | undefined, out: ParsedConstraint[]): void {
  let pending: string | undefined;
  const named = () => {
    const n = pending;
    pending = undefined;
    return n !== undefined ? { name: n } : {};
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (isWord(t, "CONSTRAINT")) {
      pending = name(tokens[++i]);
    } else if (isWord(t, "PRIMARY") && isWord(tokens[i + 1], "KEY")) {
      i++;
      const cols = column === undefined ? nameList(tokens[++i]) : [column];
      out.push({ type: "primary", ...named(), columns: cols });
    } else if (isWord(t, "UNIQUE")) {
      const cols = column === undefined ? nameList(tokens[++i]) : [column];
      out.push({ type: "unique", ...named(), columns: cols });
    } else if (isWord(t, "CHECK")) {
      const group = tokens[++i];
      out.push({ type: "check", ...named(), columns: column === undefined ? [] : [column], condition: group?.kind === "group" ? group.inner : "" });
    } else if (isWord(t, "FOREIGN") && isWord(tokens[i + 1], "KEY")) {
      i++;
      const cols = nameList(tokens[++i]);
      i = readReferences(tokens, i + 1, cols, named(), out);
    } else if (isWord(t, "REFERENCES") && column !== undefined) {
      i = readReferences(tokens, i, [column], named(), out);
    }
  }
}

/** From a REFERENCES token: read up to the end of the clause; returns the index of its last token. */
function readReferences(tokens: readonly Token[], at: number, columns: string[], named: { name?: string }, out: ParsedConstraint[]): number {
  let i = at;
  if (!isWord(tokens[i], "REFERENCES")) return at - 1;
  let deferrable: boolean | undefined;
  let initiallyDeferred: boolean | undefined;
  const stop = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "NULL", "DEFAULT", "COLLATE", "GENERATED", "AS"];
  for (i = at + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (isWord(t, "ON") && (isWord(tokens[i + 1], "DELETE") || isWord(tokens[i + 1], "UPDATE"))) {
      // ON DELETE SET NULL / SET DEFAULT / NO ACTION / CASCADE / RESTRICT: its NULL and DEFAULT end nothing.
      i += isWord(tokens[i + 2], "SET") || isWord(tokens[i + 2], "NO") ? 3 : 2;
    } else if (isWord(t, "NOT") && isWord(tokens[i + 1], "DEFERRABLE")) {
      deferrable = false;
      i++;
    } else if (isWord(t, "NOT") && isWord(tokens[i + 1], "NULL")) {
      break;
    } else if (isWord(t, "DEFERRABLE")) deferrable = true;
    else if (isWord(t, "INITIALLY")) initiallyDeferred = isWord(tokens[++i], "DEFERRED");
    else if (stop.some((w) => isWord(t, w))) break;
  }
  out.push({
    type: "foreign",
    ...named,
    columns,
    ...(deferrable !== undefined ? { deferrable } : {}),
    ...(initiallyDeferred ? { initiallyDeferred } : {}),
  });
  return i - 1;
}

export interface ParsedIndex {
  readonly unique: boolean;
  /** Column names, or the text of an expression. */
  readonly columns: readonly ({ readonly name: string } | { readonly expression: string })[];
  readonly where?: string;
}

/** Read `CREATE [UNIQUE] INDEX name ON table (columns) [WHERE condition]`. */
export function parseCreateIndex(text: string): ParsedIndex | undefined {
  const sql = stripComments(text).trim();
  const tokens = tokenize(sql);
  const on = tokens.findIndex((t) => isWord(t, "ON"));
  const group = tokens[on + 2];
  if (on < 0 || group?.kind !== "group") return undefined;
  const columns = splitTopLevel(group.inner).map((item) => {
    const parts = tokenize(item);
    const only = parts.length === 1 ? parts[0] : undefined;
    return only && (only.kind === "word" || only.kind === "ident") ? { name: only.text } : { expression: item };
  });
  const rest = sql.slice(sql.indexOf(group.text) + group.text.length);
  const where = /^\s*WHERE\b/i.exec(rest);
  const tail = where ? rest.slice(where[0].length).trim() : undefined;
  return { unique: isWord(tokens[1], "UNIQUE"), columns, ...(tail ? { where: tail } : {}) };
}
