/**
 * Writes a new revision file (the `revision` and `merge` commands): picks the id and file name, renders
 * the project's `script.ts.tmpl` / `script.sql.tmpl` (or the built-in one), and checks that the result
 * can be read back before writing it.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Config } from "../config/types.ts";
import { ConfigError, ScriptError } from "../errors.ts";
import { isDynamicHeader, readHeader } from "./header.ts";
import type { Revision } from "./revision.ts";
import { readSqlHeader } from "./sql_revision.ts";
import { TEMPLATES } from "./templates.gen.ts";

export interface WriteRevisionOptions {
  readonly config: Pick<Config, "scriptLocation" | "fileTemplate" | "truncateSlugLength" | "timezone">;
  /** Folder to write into (one of the version locations). */
  readonly directory: string;
  /** The new revision's id; 12 random hex characters when omitted. */
  readonly revision?: string;
  readonly parents: readonly string[];
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly message: string;
  readonly language: "ts" | "sql";
  /** Body of upgrade() (TypeScript) or of the `-- migrate:up` section (SQL); a comment by default. */
  readonly upgrades?: string;
  readonly downgrades?: string;
  readonly now: Date;
}

/** Placeholders a revision template may use, as `${name}`. */
export const TEMPLATE_PLACEHOLDERS = [
  "revision",
  "downRevision",
  "downRevisionText",
  "branchLabels",
  "branchLabelsText",
  "dependsOn",
  "dependsOnText",
  "message",
  "messageLiteral",
  "createDate",
  "upgrades",
  "downgrades",
] as const;
export type TemplateValues = Readonly<Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>>;

const DEFAULT_BODIES = {
  ts: ["// Add this revision's changes here, e.g. await op.execute(\"...\");", "// Undo them here, in reverse order."],
  sql: ["-- SQL of the upgrade.", "-- SQL that undoes it."],
} as const;

/**
 * Write a new revision file and return the revision it declares (with its path).
 * @throws ScriptError when the folder is missing, the file exists, the id is invalid, or the template
 *   uses an unknown placeholder or produces a file whose header cannot be read back.
 * @throws ConfigError on a bad `file_template` or `timezone`.
 */
export function writeRevisionFile(opts: WriteRevisionOptions): Revision {
  const id = opts.revision ?? generateRevisionId();
  if (!/^[^\s@+\-,"'`\\/:;]+$/.test(id)) {
    throw new ScriptError(`Invalid revision id "${id}": use letters, digits and "_" (no spaces or any of @ + - , : ; / quotes)`);
  }
  if (!existsSync(opts.directory) || !statSync(opts.directory).isDirectory()) {
    throw new ScriptError(`Versions folder ${opts.directory} does not exist; run "migrator init" or set version_locations`);
  }
  const message = opts.message.replace(/\s+/g, " ").trim();
  const date = dateParts(opts.now, opts.config.timezone);
  const name = formatFileName(opts.config.fileTemplate, {
    rev: id,
    slug: slugify(message, opts.config.truncateSlugLength),
    year: date.year,
    month: date.month,
    day: date.day,
    hour: date.hour,
    minute: date.minute,
    second: date.second,
    epoch: Math.floor(opts.now.getTime() / 1000),
  });
  const path = join(opts.directory, `${name}.${opts.language}`);

  const { text: template, source } = revisionTemplate(opts.config.scriptLocation, opts.language);
  const list = (xs: readonly string[] | undefined) => (xs && xs.length > 0 ? xs : null);
  const literal = (xs: readonly string[] | null) => (xs === null ? "null" : JSON.stringify(xs.length === 1 ? xs[0] : xs));
  const arrayLiteral = (xs: readonly string[] | null) => (xs === null ? "null" : JSON.stringify(xs));
  const [defaultUp, defaultDown] = DEFAULT_BODIES[opts.language];
  const values: TemplateValues = {
    revision: id,
    downRevision: literal(list(opts.parents)),
    downRevisionText: opts.parents.length > 0 ? opts.parents.join(", ") : "none",
    branchLabels: arrayLiteral(list(opts.branchLabels)),
    branchLabelsText: (opts.branchLabels ?? []).join(", "),
    dependsOn: arrayLiteral(list(opts.dependsOn)),
    dependsOnText: (opts.dependsOn ?? []).join(", "),
    message: message.replaceAll("*/", "* /"),
    messageLiteral: JSON.stringify(message),
    createDate: date.iso,
    upgrades: opts.upgrades ?? defaultUp,
    downgrades: opts.downgrades ?? defaultDown,
  };
  const text = renderTemplate(template, values, source);

  const header = opts.language === "sql" ? readSqlHeader(text, path) : readHeader(text, path);
  const expected = { revision: id, downRevisions: [...opts.parents], branchLabels: [...(opts.branchLabels ?? [])], dependsOn: [...(opts.dependsOn ?? [])] };
  if (!header || isDynamicHeader(header) || !sameHeader(header, expected)) {
    throw new ScriptError(
      `${source} produces a revision whose header cannot be read back; keep the revision, downRevision, branchLabels ` +
        `and dependsOn ${opts.language === "sql" ? "header comments" : "exports"} as in the built-in template`,
    );
  }
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, text, { flag: "wx" });
  } catch (error) {
    if ((error as { code?: unknown }).code === "EEXIST") {
      throw new ScriptError(`${path} already exists; choose another revision id or message`);
    }
    throw error;
  }
  return header;
}

function sameHeader(a: Revision, b: Pick<Revision, "revision" | "downRevisions" | "branchLabels" | "dependsOn">): boolean {
  const same = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return a.revision === b.revision && same(a.downRevisions, b.downRevisions) && same(a.branchLabels, b.branchLabels) &&
    same(a.dependsOn, b.dependsOn);
}

/** The project's template (`<scriptLocation>/script.<language>.tmpl`) or the built-in one, and where it came from. */
function revisionTemplate(scriptLocation: string, language: "ts" | "sql"): { text: string; source: string } {
  const file = join(scriptLocation, `script.${language}.tmpl`);
  if (existsSync(file)) return { text: readFileSync(file, "utf8"), source: file };
  const builtin = language === "sql"
    ? TEMPLATES["sql"]?.files["migrations/script.sql.tmpl"]
    : TEMPLATES["generic"]?.files["migrations/script.ts.tmpl"];
  if (builtin === undefined) throw new Error(`Built-in script.${language}.tmpl is missing from templates.gen.ts`);
  return { text: builtin, source: `The built-in script.${language}.tmpl` };
}

/** 12 random hex characters, like Alembic's ids. */
export function generateRevisionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Replace `${name}` placeholders; `$${` writes a literal `${`. A placeholder alone on its line (after
 * indentation) indents every line of a multi-line value.
 * @throws ScriptError naming `source` on an unknown placeholder.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>, source = "template"): string {
  return template.replace(/\$\$\{|\$\{([^}]*)\}/g, (match, name: string | undefined, offset: number) => {
    if (name === undefined) return "${";
    if (!Object.hasOwn(values, name)) {
      throw new ScriptError(
        `${source}: unknown placeholder "${match}" (line ${template.slice(0, offset).split("\n").length}); ` +
          `known: ${Object.keys(values).join(", ")}; write $\${ for a literal \${`,
      );
    }
    const value = values[name] as string;
    const indent = /(?:^|\n)([ \t]*)$/.exec(template.slice(Math.max(0, offset - 200), offset))?.[1];
    return indent ? value.replace(/\n(?=[^\n])/g, `\n${indent}`) : value;
  });
}

/** Alembic's slug: the words of the message joined by "_", lowercased, cut at a word boundary. */
export function slugify(message: string, truncate: number): string {
  const slug = (message.match(/[\p{L}\p{N}_]+/gu) ?? []).join("_").toLowerCase();
  if (slug.length <= truncate) return slug;
  const cut = slug.slice(0, truncate);
  const at = cut.lastIndexOf("_");
  return `${at > 0 ? cut.slice(0, at) : cut}_`;
}

/**
 * Expand Python-style tokens of `file_template`: `%(name)s`, `%(name)d`, `%(name).2d`, `%(name)02d`, `%%`.
 * @throws ConfigError on an unknown token.
 */
export function formatFileName(template: string, values: Readonly<Record<string, string | number>>): string {
  const out = template.replace(/%%|%\((\w+)\)([-#0 +]*)(\d*)(?:\.(\d+))?([sd])|%/g, (match, name, flags, width, precision, type) => {
    if (match === "%%") return "%";
    const value = name === undefined ? undefined : values[name as string];
    if (value === undefined) {
      throw new ConfigError(
        `file_template "${template}": unknown token "${match}"; use ${Object.keys(values).map((k) => `%(${k})s`).join(" ")}`,
      );
    }
    let text = type === "d" ? String(Math.trunc(Number(value))) : String(value);
    if (type === "d" && precision) text = text.padStart(Number(precision), "0");
    if (type === "s" && precision) text = text.slice(0, Number(precision));
    if (width) {
      const w = Number(width);
      text = (flags as string).includes("-") ? text.padEnd(w) : text.padStart(w, (flags as string).includes("0") ? "0" : " ");
    }
    return text;
  });
  if (out === "" || /(^|\/)\.\.?(\/|$)|\\/.test(out)) throw new ConfigError(`file_template "${template}" gives an invalid file name "${out}"`);
  return out;
}

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** e.g. "2024-05-01T14:03:09.120+02:00". */
  readonly iso: string;
}

/**
 * The wall-clock parts of `now` in an IANA time zone (UTC when null).
 * @throws ConfigError on an unknown time zone.
 */
export function dateParts(now: Date, timezone: string | null): DateParts {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone ?? "UTC",
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    throw new ConfigError(`Unknown timezone "${timezone}"; use an IANA name such as "UTC" or "Europe/Paris"`);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(now)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const [year, month, day, hour, minute, second] = ["year", "month", "day", "hour", "minute", "second"].map((k) => parts[k] ?? 0) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = now.getUTCMilliseconds();
  const offset = Math.round((Date.UTC(year, month - 1, day, hour, minute, second, ms) - now.getTime()) / 60000);
  const two = (n: number) => String(n).padStart(2, "0");
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const iso = `${String(year).padStart(4, "0")}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}.` +
    `${String(ms).padStart(3, "0")}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
  return { year, month, day, hour, minute, second, iso };
}
