/**
 * How two texts of one kind (a type, an SQL expression, a default) are compared: in one canonical
 * spelling, synonyms and equivalent spellings folded (see equivalent_sql.ts), on both sides alike.
 */
import { tokens, type QuoteSyntax } from "../dialects/sql/lexer.ts";
import type { ColumnType, DefaultValue } from "../operations/ops.ts";
import { foldEquivalentSql } from "./equivalent_sql.ts";

export interface Normalizer {
  type(type: ColumnType): string;
  expression(sql: string): string;
  default(value: DefaultValue | undefined): string;
  collation(name: string | undefined): string;
}

const SYNTAX: QuoteSyntax = { bracketIdentifiers: true };

/** Whitespace collapsed outside string literals and quoted identifiers; words lower-cased; outer parentheses dropped. */
export function canonicalSql(sql: string): string {
  let out = "";
  for (const t of tokens(sql, SYNTAX)) {
    const text = sql.slice(t.start, t.end);
    if (t.kind === "space" || t.kind === "comment") {
      out += " ";
    } else out += t.kind === "word" ? text.toLowerCase() : text;
  }
  let s = out.replace(/\s+/g, " ").replace(/\s*([(),=<>+*/-])\s*/g, "$1").trim();
  while (s.startsWith("(") && s.endsWith(")") && balanced(s.slice(1, -1))) s = s.slice(1, -1);
  return s;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === "(") depth++;
    else if (ch === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

function typeText(type: ColumnType): string {
  return typeof type === "string" ? type : type.raw;
}

const SYNONYMS: ReadonlyArray<readonly [RegExp, string]> = [
  // MySQL's display widths mean nothing, except tinyint(1), which is its boolean.
  [/^tinyint\(1\)$/, "boolean"],
  // canonicalSql writes no space after ")": `int(10) unsigned` is `int(10)unsigned` there.
  [/^(tinyint|smallint|mediumint|int|integer|bigint)\(\d+\)(?=[a-z])/, "$1 "],
  [/^(tinyint|smallint|mediumint|int|integer|bigint)\(\d+\)/, "$1"],
  // PostgreSQL's serial types are integers numbered by a sequence: autoincrement is compared on its own.
  [/^(serial|serial4)$/, "integer"],
  [/^(bigserial|serial8)$/, "bigint"],
  [/^(smallserial|serial2)$/, "smallint"],
  // Alone or followed by MySQL's attributes (`int unsigned`), which are compared as written.
  [/^(int|int4|integer)(?= |$)/, "integer"],
  [/^(int8|bigint)(?= |$)/, "bigint"],
  [/^(int2|smallint)(?= |$)/, "smallint"],
  [/^(bool|boolean)$/, "boolean"],
  [/^(character varying|varchar)\b/, "varchar"],
  [/^(character|char)\b/, "char"],
  // PostgreSQL's long spellings, a precision included (canonicalSql leaves no space after its parenthesis).
  [/^timestamp(\(\d+\))? ?without time zone\b/, "timestamp$1"],
  [/^timestamp(\(\d+\))? ?with time zone\b/, "timestamptz$1"],
  [/^time(\(\d+\))? ?without time zone\b/, "time$1"],
  [/^time(\(\d+\))? ?with time zone\b/, "timetz$1"],
  [/^bit varying\b/, "varbit"],
  [/^(double precision|float8|double)$/, "double"],
  [/^(float4|real)$/, "real"],
  [/^(decimal|numeric)\((\d+)\)$/, "numeric($2,0)"],
  [/^decimal\b/, "numeric"],
];

/** A pure function of a string, remembered: a schema repeats a few types and defaults thousands of times. */
function remembered(fn: (text: string) => string): (text: string) => string {
  const seen = new Map<string, string>();
  return (text) => {
    let out = seen.get(text);
    if (out === undefined) {
      if (seen.size > 10_000) seen.clear();
      out = fn(text);
      seen.set(text, out);
    }
    return out;
  };
}

const foldedTypeText = remembered((text) => {
  let s = canonicalSql(text);
  for (const [pattern, replacement] of SYNONYMS) s = s.replace(pattern, replacement);
  return s;
});

function foldedType(type: ColumnType): string {
  return foldedTypeText(typeText(type));
}

const foldedExpression = remembered((sql) => foldEquivalentSql(canonicalSql(sql)));

/** A quoted literal, with the casts PostgreSQL prints after it (`'{}'::jsonb`, `'x'::character varying`). */
const CAST_LITERAL = /^'((?:[^']|'')*)'(?:::[a-z_][\w ]*(?:\(\d+(?:,\d+)?\))?(?:\[\])?)*$/s;

/** `current_timestamp(n)`, alone or followed by `on update current_timestamp(n)`, in foldedExpression's text (no space after a parenthesis). */
const NOW_DEFAULT = /^current_timestamp(?:\(\d*\))?( ?on update current_timestamp(?:\(\d*\))?)?$/;

/**
 * One text per default: a value and the SQL literal of it are the same (`{ sql: "'{}'::jsonb" }` and "{}",
 * `{ sql: "TRUE" }`, true and 1), an SQL NULL is no default.
 */
function foldedDefault(value: DefaultValue | undefined): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "boolean") return `value:${value ? 1 : 0}`;
  if (typeof value !== "object") return `value:${String(value)}`;
  // A timestamp default's precision follows its column's (MySQL requires them equal): not a difference of its
  // own; nor is that of MySQL's ON UPDATE CURRENT_TIMESTAMP, written after the default.
  const sql = foldedExpression(value.sql).replace(NOW_DEFAULT, (_m, onUpdate: string | undefined) => `current_timestamp${onUpdate === undefined ? "" : " on update current_timestamp"}`);
  if (sql === "null") return "";
  if (sql === "true" || sql === "false") return `value:${sql === "true" ? 1 : 0}`;
  if (/^-?\d+(\.\d+)?$/.test(sql)) return `value:${Number(sql)}`;
  const literal = CAST_LITERAL.exec(sql);
  if (literal) return `value:${literal[1]!.replaceAll("''", "'")}`;
  return `sql:${sql}`;
}

/**
 * One text per collation: "" for the default (none declared; BINARY, SQLite's default; "default",
 * PostgreSQL's name for the type's own), others in lower case, as MySQL and SQLite compare them
 * (PostgreSQL's names are case-sensitive, but none differ only in case: "C", "POSIX", "en-US-x-icu").
 */
function foldedCollation(name: string | undefined): string {
  const folded = (name ?? "").trim().toLowerCase();
  return folded === "binary" || folded === "default" ? "" : folded;
}

/**
 * Both sides folded the same way. Online most rewrites are the server's (the declared schema is made in
 * a scratch place and reflected), but not all: a server keeps some texts as written (SQLite's types, a
 * CHECK PostgreSQL reads back from pg_dump's spelling with other casts than from IN), or prints two
 * spellings of one thing differently (PostgreSQL's now() and CURRENT_TIMESTAMP). Offline both sides are
 * the user's portable vocabulary, where synonyms are the whole difference.
 */
const folded: Normalizer = { type: foldedType, expression: foldedExpression, default: foldedDefault, collation: foldedCollation };

/** Online: server text against server text. */
export const serverNormalizer: Normalizer = folded;

/** Offline: the history's ops against the declared schema, both as the user wrote them. */
export const portableNormalizer: Normalizer = folded;

/**
 * `norm` comparing types as `columnType` (the dialect's compiler) writes them, which is what the server
 * gets: two portable names the dialect writes alike (SQLite's timestamp and datetime, json and jsonb) are
 * one type offline as they are online, where the database holds only what was written. A type the dialect
 * refuses is compared as written (the comparison is not the place to report it).
 */
export function asWrittenBy(norm: Normalizer, columnType: (type: ColumnType) => string): Normalizer {
  const written = (type: ColumnType): ColumnType => {
    try {
      return { raw: columnType(type) };
    } catch {
      return type;
    }
  };
  return { ...norm, type: (type) => norm.type(written(type)) };
}
