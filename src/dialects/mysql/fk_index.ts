import type * as ops from "../../operations/ops.ts";
import type { TableModel } from "../../schema/model.ts";
import { foreignKeyIndexOf } from "./foreign_key_indexes.ts";

/**
 * InnoDB needs an index whose first columns are a foreign key's columns, and uses any index that has
 * them: once a unique key or index on (org_id, email) exists, the foreign key on org_id relies on it,
 * and dropping it fails ("needed in a foreign key constraint"). Before such a drop, give each foreign
 * key that would be left without an index one of its own, named after the constraint as InnoDB names it
 * (reflection leaves such an index out, so a downgrade reads back as before), unless the key still has
 * the index InnoDB made for it.
 */
export function indexesForForeignKeys(model: TableModel | undefined, dropped: string, quote: (name: string) => string, table: string): string[] {
  if (!model) return [];
  const lower = (s: string) => s.toLowerCase();
  const keys: { name: string; columns: readonly string[] }[] = [
    ...model.uniques.map((u) => ({ name: u.name ?? "", columns: u.columns })),
    ...model.indexes.map((ix) => ({ name: ix.name, columns: ix.columns.map((c) => (typeof c === "string" ? c : "")) })),
  ];
  const pk = model.primaryKey?.columns ?? model.columns.filter((c) => c.primaryKey).map((c) => c.name);
  const droppedKey = keys.find((k) => lower(k.name) === lower(dropped));
  if (!droppedKey) return [];
  const covers = (cols: readonly string[], fk: ops.ForeignKeyDef) => fk.columns.every((c, i) => cols[i] !== undefined && lower(cols[i]!) === lower(c));
  const out: string[] = [];
  for (const fk of model.foreignKeys) {
    if (!covers(droppedKey.columns, fk)) continue;
    const own = fk.name !== undefined && foreignKeyIndexOf(model, fk.name) !== undefined;
    const other = own || keys.some((k) => k !== droppedKey && covers(k.columns, fk)) || covers(pk, fk);
    if (other) continue;
    const name = fk.name ?? fk.columns[0]!;
    out.push(`CREATE INDEX ${quote(name)} ON ${table} (${fk.columns.map(quote).join(", ")})`);
  }
  return out;
}
