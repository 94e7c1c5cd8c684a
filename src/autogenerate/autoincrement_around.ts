/**
 * Where an AUTO_INCREMENT column must lead a key (Capabilities.autoincrementNeedsKey; MySQL refuses DROP
 * PRIMARY KEY otherwise: "there can be only one auto column and it must be defined as a key"), a primary
 * key led by such a column is replaced with the column not counting meanwhile: an alterColumn that stops
 * it before the key is dropped, and one after the new key is made that gives it back (and makes the
 * column's own change, moved there, so that no MODIFY restates AUTO_INCREMENT while there is no key).
 * Reversed, the downgrade does the same around the old key.
 */
import type * as ops from "../operations/ops.ts";
import type { DatabaseModel } from "../schema/model.ts";
import { STEP, type Change } from "./change.ts";
import { primaryKeyOf } from "./compare_table.ts";
import { sameName, tableKey } from "./keys_of.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Just before the keys are dropped (after the foreign keys), and just after the new ones are made. */
const BEFORE = STEP.dropConstraint - 0.5;
const AFTER = STEP.createConstraint + 0.5;

export function autoincrementAroundKeys(changes: readonly Change[], from: DatabaseModel, to: DatabaseModel): Change[] {
  let out = [...changes];
  for (const drop of changes) {
    if (drop.op.kind !== "dropConstraint" || drop.op.type !== "primary") continue;
    const table = drop.op.table;
    const was = from.tables.find((t) => tableKey(t.table) === tableKey(table));
    const column = was?.columns.find((c) => c.autoincrement && sameName(c.name, primaryKeyOf(was)?.columns[0] ?? ""));
    if (!was || !column) continue;
    const declared = to.tables.find((t) => tableKey(t.table) === tableKey(table))?.columns.find((c) => sameName(c.name, column.name));
    const own = out.find((c) => c.op.kind === "alterColumn" && tableKey(c.op.table) === tableKey(table) && sameName(c.op.column, column.name));
    const key = `${tableKey(table)}.${column.name}.autoincrement`;
    const hints: Mutable<Partial<ops.AlterColumnOp>> = { existingType: column.type, existingNullable: column.nullable ?? true };
    if (column.default !== undefined) hints.existingDefault = column.default;
    if (column.comment !== undefined) hints.existingComment = column.comment;
    if (column.collation !== undefined) hints.existingCollation = column.collation;
    const stop: ops.AlterColumnOp = { kind: "alterColumn", table, column: column.name, autoincrement: false, ...hints, existingAutoincrement: true };
    out = out.filter((c) => c !== own);
    out.push({ op: stop, step: BEFORE, key, safety: "additive" });
    const counts = !!declared?.autoincrement;
    if (own?.op.kind === "alterColumn") {
      const { kind, table: _t, column: name, existingAutoincrement: _e, autoincrement: _a, ...rest } = own.op;
      // The changes, AUTO_INCREMENT, then what the column is (the order the file shows them in).
      const entries = Object.entries(rest);
      const changed = entries.filter(([k]) => !k.startsWith("existing"));
      const fields = [...changed, ...(counts ? [["autoincrement", true]] : []), ...entries.filter(([k]) => k.startsWith("existing")), ["existingAutoincrement", false]];
      const op: ops.AlterColumnOp = { kind, table, column: name, ...(Object.fromEntries(fields) as Partial<ops.AlterColumnOp>) };
      if (changed.length > 0 || counts) out.push({ ...own, op, step: AFTER });
    } else if (counts) {
      out.push({ op: { ...stop, autoincrement: true, existingAutoincrement: false }, step: AFTER, key, safety: "additive" });
    }
  }
  return out;
}
