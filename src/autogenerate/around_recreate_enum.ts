/**
 * What must run before an enum type is recreated (recreateEnum), which runs after the renames of tables
 * and columns (the ops moved here name them by their new names) and before any table is created or
 * column added (which may use a new value):
 * - the drops of columns and tables that use the type (with the indexes and keys dropped with such a
 *   table), so that their rows are not converted first: a row holding a removed value would fail it;
 * - a column default that names a removed value: the recreate cannot set it back on the new type, so it
 *   is dropped before and the new default set after (two alterColumns), which reversed works too;
 * - an index whose predicate or expression, or a CHECK whose condition, reads a column of the type: the
 *   server keeps its text with values cast to the type ('pending'::status), which the recreate cannot
 *   carry over (PostgreSQL refuses it, naming them): dropped just before and created again after, unless
 *   the changes drop it anyway.
 * They keep their relative order, just before the recreate.
 */
import type * as ops from "../operations/ops.ts";
import { valuesNamedBy } from "../schema/enum_default_values.ts";
import type { DatabaseModel, TableModel } from "../schema/model.ts";
import { typeName } from "../schema/type_name.ts";
import { mentionsIdentifier } from "../schema/identifiers.ts";
import { indexColumnExpression } from "../operations/index_column.ts";
import { STEP, type Change } from "./change.ts";
import { sameName, tableKey } from "./keys_of.ts";

/** Just before the type changes (after dropConstraint), in the order of the steps they came from. */
const before = (step: number) => STEP.recreateType - 0.5 + step / 100;

/** `portable`: the declared schema as written, which the objects created again after the recreate are made of. */
export function aroundRecreatedEnums(changes: readonly Change[], from: DatabaseModel, portable: DatabaseModel): Change[] {
  let out = [...changes];
  for (const c of changes) {
    if (c.op.kind !== "recreateEnum") continue;
    const op = c.op;
    const removed = (op.previous ?? []).filter((v) => !op.values.includes(v));
    out = dropsFirst(out, op, from);
    if (removed.length > 0) out = out.flatMap((x) => splitDefault(x, removed));
    out = expressionsAround(out, op, from, portable);
  }
  return out;
}

/** Whether a column is of the type, or an array of it. */
export function ofType(op: Pick<ops.RecreateEnumOp, "name" | "schema">): (c: ops.ColumnDef | undefined) => boolean {
  const home = (schema: string | undefined) => (schema === undefined || schema === "public" ? "" : schema.toLowerCase());
  return (c) => {
    const named = c === undefined ? undefined : typeName(c.type);
    return named !== undefined && named.name === op.name && home(named.schema) === home(op.schema);
  };
}

function dropsFirst(changes: Change[], op: ops.RecreateEnumOp, from: DatabaseModel): Change[] {
  const isType = ofType(op);
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

function expressionsAround(changes: Change[], op: ops.RecreateEnumOp, from: DatabaseModel, portable: DatabaseModel): Change[] {
  const isType = ofType(op);
  const named = (table: ops.TableRef, name: string) => `${tableKey(table)}.${name.toLowerCase()}`;
  const dropped = new Set(
    changes.flatMap((c) => ((c.op.kind === "dropIndex" || c.op.kind === "dropConstraint") && c.op.table !== undefined && c.op.name !== undefined ? [named(c.op.table, c.op.name)] : [])),
  );
  const goes = new Set(changes.flatMap((c) => (c.op.kind === "dropTable" ? [tableKey(c.op.table)] : [])));
  // A table renamed, or with a column renamed, in the same revision is left as it is: its texts name the
  // old names (the recreate then refuses it, naming what to move by hand).
  for (const c of changes) {
    if (c.op.kind === "renameTable") goes.add(tableKey(c.op.table));
    if (c.op.kind === "alterColumn" && c.op.newName !== undefined) goes.add(tableKey(c.op.table));
  }
  const out = [...changes];
  const around = (table: ops.TableRef, name: string, drop: ops.Op, create: ops.Op) => {
    const key = `${named(table, name)}.around-enum`;
    out.push({ op: drop, step: before(STEP.dropConstraint), key, safety: "additive" }, { op: create, step: STEP.createConstraint, key, safety: "additive" });
  };
  for (const t of from.tables) {
    if (goes.has(tableKey(t.table))) continue;
    const typed = t.columns.filter(isType).map((c) => c.name);
    if (typed.length === 0) continue;
    const reads = (sql: string | undefined) => sql !== undefined && typed.some((c) => mentionsIdentifier(sql, c));
    // Created again as declared (the server's text, 'pending'::status, would differ from it offline).
    const declared = portable.tables.find((d) => tableKey(d.table) === tableKey(t.table));
    for (const ix of t.indexes) {
      if (dropped.has(named(t.table, ix.name)) || !(reads(ix.where) || ix.columns.some((c) => reads(indexColumnExpression(c))))) continue;
      const again = declared?.indexes.find((d) => sameName(d.name, ix.name)) ?? ix;
      around(t.table, ix.name, { kind: "dropIndex", name: ix.name, table: t.table, existing: { ...ix, table: t.table } }, { ...again, table: t.table });
    }
    for (const ck of t.checks) {
      if (ck.name === undefined || dropped.has(named(t.table, ck.name)) || !reads(ck.condition)) continue;
      const existing: ops.CreateCheckConstraintOp = { kind: "createCheckConstraint", name: ck.name, table: t.table, condition: ck.condition };
      const again = declared?.checks.find((d) => sameName(d.name, ck.name))?.condition ?? ck.condition;
      around(t.table, ck.name, { kind: "dropConstraint", name: ck.name, table: t.table, type: "check", existing }, { ...existing, condition: again });
    }
  }
  return out;
}
