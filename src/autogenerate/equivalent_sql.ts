/**
 * Spellings that mean the same and that servers, tools and people write differently, folded into one
 * (on canonicalSql's output: lower-case words, no space around punctuation). Quoted strings are left as
 * they are; only the text between them is rewritten.
 *
 * - `now()`, `current_timestamp()` → `current_timestamp` (`now(6)` → `current_timestamp(6)`): PostgreSQL
 *   prints `now()` and `CURRENT_TIMESTAMP` as written, MariaDB prints both as `current_timestamp()`.
 * - Casts to a string type dropped (`'x'::character varying`, `(c)::text`, `(ARRAY[...])::text[]`):
 *   PostgreSQL adds them to `c IN ('x','y')`, and reads its own pg_dump text back with other ones.
 * - `c = ANY (ARRAY[a,b])` → `c IN (a,b)` and `c <> ALL (ARRAY[a,b])` → `c NOT IN (a,b)`: PostgreSQL's
 *   spelling of IN lists.
 */

const LITERAL = /('(?:[^']|'')*')/;

const STRING_CAST = /::(?:text|character varying|varchar|bpchar|character|char|name)(?:\(\d+\))?(?:\[\])?/g;

/** A parenthesised column name before a comparison (`(c)=`, `(c) in`), not a function's argument (`lower(c)`). */
const WRAPPED_NAME = /(?<![\w$"])\(([\w$]+|"(?:[^"]|"")*")\)(?=[=<>!]| in\b| not\b)/g;

/** The items of `array[...]`: quoted literals and anything but `]`. */
const ITEMS = String.raw`((?:'(?:[^']|'')*'|[^'\]])*)`;
const IN_LIST = new RegExp(String.raw`(=any|<>all)\((?:\(array\[${ITEMS}\]\)|array\[${ITEMS}\])\)`, "g");

export function foldEquivalentSql(canonical: string): string {
  // Odd parts are quoted literals, left as they are.
  const parts = canonical.split(LITERAL);
  const folded = parts.map((p, i) => (i % 2 === 1 ? p : outsideLiterals(p))).join("");
  return folded.replace(IN_LIST, (_m, op: string, a: string | undefined, b: string | undefined) => `${op === "=any" ? " in" : " not in"}(${a ?? b ?? ""})`);
}

function outsideLiterals(text: string): string {
  return text
    .replace(STRING_CAST, "")
    .replace(/\bnow\(\)/g, "current_timestamp")
    .replace(/\bcurrent_timestamp\(\)/g, "current_timestamp")
    .replace(/\bnow\((\d+)\)/g, "current_timestamp($1)")
    .replace(WRAPPED_NAME, "$1");
}
