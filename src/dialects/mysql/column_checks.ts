import type { TableModel } from "../../schema/model.ts";

/**
 * MariaDB's column-level CHECKs of reflected tables, by column. On MariaDB such a check belongs to its
 * column: MODIFY COLUMN without it drops it. The model lists it with the table's checks (its normal form,
 * unnamed), so alterColumn finds it here to restate it. Kept beside the model, not in it, so that models
 * stay plain data; a model tracked offline has none.
 */
const byModel = new WeakMap<TableModel, ReadonlyMap<string, string>>();

export function rememberColumnChecks(model: TableModel, checks: ReadonlyMap<string, string>): TableModel {
  if (checks.size > 0) byModel.set(model, checks);
  return model;
}

/** The condition of a column's own CHECK on MariaDB, if the model was reflected and it has one. */
export function columnCheckOf(model: TableModel | undefined, column: string): string | undefined {
  return model ? byModel.get(model)?.get(column) : undefined;
}
