import type * as ops from "../operations/ops.ts";
import { mentionsIdentifier } from "./identifiers.ts";
import type { TableModel } from "./model.ts";
import { conventionName, type NameParts } from "./naming.ts";

/**
 * Batches a dialect carried out by rebuilding the table (SQLite): only those name their unnamed
 * constraints by the batch's naming convention, so the offline tracker asks here (side information
 * beside the op, as plain data ops carry none about how they were compiled).
 */
const rebuilt = new WeakSet<ops.BatchAlterTableOp>();

export function markRebuilt(op: ops.BatchAlterTableOp): void {
  rebuilt.add(op);
}

export function wasRebuilt(op: ops.BatchAlterTableOp): boolean {
  return rebuilt.has(op);
}

/**
 * The rebuilt table with its unnamed CHECK, FOREIGN KEY and UNIQUE constraints named by the batch's
 * naming convention (Alembic's batch `naming_convention`), so that later revisions can drop them by name
 * on every dialect. Tokens: %(table_name)s, %(column_0_name)s, %(column_0_N_name)s,
 * %(referred_table_name)s, %(expression_hash)s (a CHECK's condition). A CHECK's columns are those its
 * condition mentions.
 */
export function withConventionNames(model: TableModel, naming: ops.BatchNamingConvention | undefined): TableModel {
  if (!naming) return model;
  const table = model.table.name;
  const name = (template: string | undefined, parts: Omit<NameParts, "table">) => (template === undefined ? undefined : conventionName(template, { table, ...parts }, 0));
  return {
    ...model,
    checks: model.checks.map((c) => {
      if (c.name !== undefined) return c;
      const columns = model.columns.filter((col) => mentionsIdentifier(c.condition, col.name)).map((col) => col.name);
      const n = name(naming.ck, { columns, expression: c.condition });
      return n === undefined ? c : { name: n, ...c };
    }),
    foreignKeys: model.foreignKeys.map((fk) => {
      const n = fk.name ?? name(naming.fk, { columns: fk.columns, refTable: fk.refTable });
      return n === undefined ? fk : { ...fk, name: n };
    }),
    uniques: model.uniques.map((u) => {
      const n = u.name ?? name(naming.uq, { columns: u.columns });
      return n === undefined ? u : { ...u, name: n };
    }),
  };
}
