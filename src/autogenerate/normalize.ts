/**
 * How two texts of one kind (a type, an SQL expression, a default) are compared. Online both sides are
 * the server's own text (the declared schema was created in a scratch place and reflected), so little is
 * needed; offline both sides are the user's portable vocabulary, so synonyms are folded.
 */
import { tokens, type QuoteSyntax } from "../dialects/sql/lexer.ts";
import type { ColumnType, DefaultValue } from "../operations/ops.ts";

export interface Normalizer {
  type(type: ColumnType): string;
  expression(sql: string): string;
  default(value: DefaultValue | undefined): string;
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

function defaultText(value: DefaultValue | undefined, expression: (s: string) => string): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return `sql:${expression(value.sql)}`;
  return `value:${String(value)}`;
}

/** Online: server text against server text. */
export const serverNormalizer: Normalizer = {
  type: (t) => canonicalSql(typeText(t)),
  expression: canonicalSql,
  default: (v) => defaultText(v, canonicalSql),
};

const SYNONYMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(int|int4|integer)$/, "integer"],
  [/^(int8|bigint)$/, "bigint"],
  [/^(int2|smallint)$/, "smallint"],
  [/^(bool|boolean)$/, "boolean"],
  [/^(character varying|varchar)\b/, "varchar"],
  [/^(character|char)\b/, "char"],
  [/^timestamp without time zone\b/, "timestamp"],
  [/^timestamp with time zone\b/, "timestamptz"],
  [/^(double precision|float8|double)$/, "double"],
  [/^(float4|real)$/, "real"],
  [/^(decimal|numeric)\((\d+)\)$/, "numeric($2,0)"],
  [/^decimal\b/, "numeric"],
];

function portableType(type: ColumnType): string {
  let s = canonicalSql(typeText(type));
  for (const [pattern, replacement] of SYNONYMS) s = s.replace(pattern, replacement);
  return s;
}

function portableExpression(sql: string): string {
  return canonicalSql(sql).replace(/^(now\(\)|current_timestamp(\(\))?)$/, "current_timestamp");
}

/** Offline: the history's ops against the declared schema, both as the user wrote them. */
export const portableNormalizer: Normalizer = {
  type: portableType,
  expression: portableExpression,
  default: (v) => {
    if (typeof v === "boolean") return `value:${v ? "true" : "false"}`;
    return defaultText(v, portableExpression);
  },
};
