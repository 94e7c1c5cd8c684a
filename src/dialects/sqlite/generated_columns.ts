import type { GeneratedColumn } from "../../operations/ops.ts";
import { normalizeSql } from "./normalize_sql.ts";
import { tableElements, tokenize } from "./parse_ddl.ts";

/**
 * The generated columns of a CREATE TABLE statement, keyed by lower-cased column name: SQLite's pragmas
 * say a column is generated (pragma_table_xinfo's `hidden` 2 or 3) but not its expression, which is read
 * from the text: `[GENERATED ALWAYS] AS (expr) [STORED | VIRTUAL]`.
 */
export function parseGeneratedColumns(createSql: string): Map<string, GeneratedColumn> {
  const out = new Map<string, GeneratedColumn>();
  if (!/\bAS\b/i.test(createSql)) return out;
  for (const element of tableElements(createSql)) {
    const tokens = tokenize(element);
    const first = tokens[0];
    if (!first || first.kind === "group" || first.kind === "punct") continue;
    if (first.kind === "word" && ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"].includes(first.upper)) continue;
    for (let i = 1; i < tokens.length - 1; i++) {
      const t = tokens[i]!;
      const next = tokens[i + 1]!;
      if (t.kind !== "word" || t.upper !== "AS" || next.kind !== "group") continue;
      const after = tokens[i + 2];
      const stored = after?.kind === "word" && after.upper === "STORED";
      out.set(first.text.toLowerCase(), { sql: normalizeSql(next.inner), stored });
      break;
    }
  }
  return out;
}
