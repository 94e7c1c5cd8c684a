/**
 * A column that a revision drops and adds again (a generated column recomputed: regenerate.ts), or that the
 * server makes anew (a VIRTUAL column made plain), loses what the catalog holds on it beyond the table's
 * model: an exclusion constraint, a key's DEFERRABLE, extended statistics, column privileges, or is refused
 * under a policy or trigger that reads it (PostgreSQL: Dialect.lostWithColumn). Online, autogenerate reads
 * them and says so in the revision, since the ops it writes cannot make them again.
 */
import type * as ops from "../operations/ops.ts";
import { storageOf } from "../operations/ops.ts";
import type { Change } from "./change.ts";
import { tableKey } from "./keys_of.ts";

/** Warnings for the columns the changes drop and add back that would lose such objects. */
export async function lostColumnWarnings(
  changes: readonly Change[],
  lost: (table: ops.TableRef, column: string) => Promise<readonly string[]>,
): Promise<string[]> {
  const key = (table: ops.TableRef, column: string) => `${tableKey(table)}.${column.toLowerCase()}`;
  const added = new Set(changes.flatMap((c) => (c.op.kind === "addColumn" ? [key(c.op.table, c.op.column.name)] : [])));
  const out: string[] = [];
  for (const { op } of changes) {
    const readded = op.kind === "dropColumn" && added.has(key(op.table, op.column));
    const anew = op.kind === "alterColumn" && op.generated === null && op.existingGenerated != null && storageOf(op.existingGenerated) === "virtual";
    if (!readded && !anew) continue;
    const what = await lost(op.table, op.column);
    if (what.length === 0) continue;
    const name = `${op.table.schema ? `${op.table.schema}.` : ""}${op.table.name}.${op.column}`;
    const how = readded ? "is dropped and added again" : "is made anew (a VIRTUAL column made plain)";
    out.push(`Column "${name}" ${how}, which loses what the schema cannot declare: ${what.join(", ")}; drop them before it and make them again after it in this revision (op.execute)`);
  }
  return out;
}
