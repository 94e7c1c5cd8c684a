import type { TableModel } from "../../schema/model.ts";

/**
 * The index InnoDB made for each foreign key of a reflected table (foreign key name → index name). The
 * model leaves these indexes out (they come with the key), but dropping the key leaves its index behind:
 * dropConstraint drops it too, so that a key added and dropped again leaves the table as it was. Kept
 * beside the model, like column_checks.ts; a model tracked offline has none, and keeps the index.
 */
const byModel = new WeakMap<TableModel, ReadonlyMap<string, string>>();

export function rememberForeignKeyIndexes(model: TableModel, indexes: ReadonlyMap<string, string>): TableModel {
  if (indexes.size > 0) byModel.set(model, indexes);
  return model;
}

export function foreignKeyIndexOf(model: TableModel | undefined, foreignKey: string): string | undefined {
  if (!model) return undefined;
  for (const [fk, index] of byModel.get(model) ?? []) if (fk.toLowerCase() === foreignKey.toLowerCase()) return index;
  return undefined;
}

/** Every index InnoDB made for a foreign key of the table, whatever the key's name. */
export function foreignKeyIndexNames(model: TableModel): string[] {
  return [...(byModel.get(model)?.values() ?? [])];
}
