/**
 * What must run before an enum type is recreated (recreateEnum), which runs after the renames of tables
 * and columns (the ops moved here name them by their new names) and before any table is created or
 * column added (which may use a new value):
 * - the drops of columns and tables that use the type (with the indexes and keys dropped with such a
 *   table), so that their rows are not converted first: a row holding a removed value would fail it;
 * - a column default that names a removed value: the recreate cannot set it back on the new type, so it
 *   is dropped before and the new default set after (two alterColumns), which reversed works too.
 * Both keep their relative order, just before the recreate.
 */
import type * as ops from "../operations/ops.ts";
import { valuesNamedBy } from "../schema/enum_default_values.ts";
import type { DatabaseModel, TableModel } from "../schema/model.ts";
import { typeName } from "../schema/type_name.ts";
import { STEP, type Change } from "./change.ts";
import { tableKey } from "./keys_of.ts";

/** Just before the type changes (after dropConstraint), in the order of the steps they came from. */
const before = (step: number) => STEP.recreateType - 0.5 + step / 100;

export function aroundRecreatedEnums(changes: readonly Change[], from: DatabaseModel): Change[] {
  let out = [...changes];
  for (const c of changes) {
    if (c.op.kind !== "recreateEnum") continue;
    const op = c.op;
    const removed = (op.previous ?? []).filter((v) => !op.values.includes(v));
    out = dropsFirst(out, op, from);
    if (removed.length > 0) out = out.flatMap((x) => splitDefault(x, removed));
  }
  return out;
}

function dropsFirst(changes: Change[], op: ops.RecreateEnumOp, from: DatabaseModel): Change[] {
  const home = (schema: string | undefined) => (schema === undefined || schema === "public" ? "" : schema.toLowerCase());
  const isType = (c: ops.ColumnDef | undefined) => {
    const named = c === undefined ? undefined : typeName(c.type);
    return named !== undefined && named.name === op.name && home(named.schema) === home(op.schema);
  };
  const usesType = (t: TableModel | undefined) => t?.columns.some(isType) === true;
  const tableOf = (ref: ops.TableRef) => from.tables.find((t) => tableKey(t.table) === tableKey(ref));
  const goes = new Set(changes.flatMap((c) => (c.op.kind === "dropTable" && usesType(tableOf(c.op.table)) ? [tableKey(c.op.table)] : [])));
  const refersToGone = (c: Change) => {
    if (c.op.kind !== "dropConstraint" || c.op.existing?.kind !== "createForeignKey") return false;
    const fk = c.op.existing.foreignKey;
    const schema = fk.refSchema ?? c.op.table.schema;
    return goes.has(tableKey({ name: fk.refTable, ...(schema !== undefined ? { schema } : {}) }));
  };
  return changes.map((c) => {
    const moved =
      (c.op.kind === "dropColumn" && isType(c.op.existing ?? tableOf(c.op.table)?.columns.find((x) => x.name === (c.op as ops.DropColumnOp).column))) ||
      ((c.op.kind === "dropTable" || c.op.kind === "dropIndex" || c.op.kind === "dropConstraint") && c.op.table !== undefined && goes.has(tableKey(c.op.table))) ||
      refersToGone(c);
    return moved && c.step > STEP.recreateType ? { ...c, step: before(c.step) } : c;
  });
}

function splitDefault(c: Change, removed: readonly string[]): Change[] {
  if (c.op.kind !== "alterColumn" || c.op.default === undefined || !valuesNamedBy(c.op.existingDefault).some((v) => removed.includes(v))) return [c];
  if (c.op.default === null) return [{ ...c, step: before(c.step) }];
  const drop: ops.AlterColumnOp = { kind: "alterColumn", table: c.op.table, column: c.op.column, default: null, existingDefault: c.op.existingDefault ?? null };
  return [
    { op: drop, step: before(c.step), key: `${c.key}.0-default`, safety: "additive" },
    { ...c, op: { ...c.op, existingDefault: null } },
  ];
}
