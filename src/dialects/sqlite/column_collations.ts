import { tableElements, tokenize } from "./parse_ddl.ts";

const TABLE_CONSTRAINT = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"];

/**
 * The collations written on the columns of a CREATE TABLE statement (`name TEXT COLLATE NOCASE`), keyed
 * by lower-cased column name: SQLite's pragmas do not report them. BINARY, SQLite's default, is no
 * collation; a COLLATE inside parentheses (a CHECK, a generated expression) is not the column's.
 */
export function parseColumnCollations(createSql: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!/\bCOLLATE\b/i.test(createSql)) return out;
  for (const element of tableElements(createSql)) {
    const tokens = tokenize(element);
    const first = tokens[0];
    if (!first || first.kind === "group" || first.kind === "punct") continue;
    if (first.kind === "word" && TABLE_CONSTRAINT.includes(first.upper)) continue;
    for (let i = 1; i < tokens.length - 1; i++) {
      const t = tokens[i]!;
      const next = tokens[i + 1]!;
      if (t.kind !== "word" || t.upper !== "COLLATE" || next.kind === "group" || next.kind === "punct") continue;
      if (next.text.toUpperCase() !== "BINARY") out.set(first.text.toLowerCase(), next.text);
      break;
    }
  }
  return out;
}
