import type { TableModel } from "../../schema/model.ts";
import { isGeneratedKeyName } from "./generated_names.ts";

/**
 * The index InnoDB made for each foreign key of a reflected table (foreign key name → index name). The
 * model leaves these indexes out (they come with the key), but dropping the key leaves its index behind:
 * dropConstraint drops it too, so that a key added and dropped again leaves the table as it was. Kept
 * beside the model, like column_checks.ts. Offline, a tracked table has them from tracked_indexes.ts,
 * which follows what the server does to them.
 */
const byModel = new WeakMap<TableModel, ReadonlyMap<string, string>>();

/**
 * An index the server has beside those of the model, as a table tracked offline knows it: one InnoDB made
 * for a foreign key (`generated`: MariaDB drops it by itself once another index serves the key), or one
 * dropConstraint or a drop of an index added for a foreign key that would have been left without one.
 */
export interface ServerIndex {
  readonly name: string;
  readonly columns: readonly string[];
  readonly generated: boolean;
}

const tracked = new WeakMap<TableModel, readonly ServerIndex[]>();

export function rememberForeignKeyIndexes(model: TableModel, indexes: ReadonlyMap<string, string>): TableModel {
  if (indexes.size > 0) byModel.set(model, indexes);
  return model;
}

/**
 * A tracked table's indexes beyond its model's: each one that reflection would read as a foreign key's own
 * (named after the key, or after its first column when the key is unnamed, on the key's columns) is
 * remembered as that key's, as rememberForeignKeyIndexes does for a reflected table.
 */
export function rememberServerIndexes(model: TableModel, indexes: readonly ServerIndex[]): TableModel {
  tracked.set(model, indexes);
  const own = new Map<string, string>();
  for (const ix of indexes) {
    const same = (cols: readonly string[]) => cols.length === ix.columns.length && cols.every((c, i) => c.toLowerCase() === ix.columns[i]!.toLowerCase());
    const fk = model.foreignKeys.find((f) => (f.name !== undefined ? f.name === ix.name : isGeneratedKeyName(ix.name, f.columns)) && same(f.columns));
    // An unnamed key has no name to look it up by: only its index's name (foreignKeyIndexNames).
    if (fk) own.set(fk.name ?? `\u0000${ix.name}`, ix.name);
  }
  byModel.set(model, own);
  return model;
}

/** `to` has the same indexes beside its model's as `from`, for the same foreign keys. */
export function keepServerIndexes(from: TableModel, to: TableModel): void {
  const indexes = tracked.get(from);
  const own = byModel.get(from);
  if (indexes) tracked.set(to, indexes);
  if (own) byModel.set(to, own);
}

/**
 * The indexes the server has beside the model's: those a tracked table was given, or a reflected table's
 * foreign keys' own ones (taken as InnoDB's, which the server does not say).
 */
export function serverIndexesOf(model: TableModel): readonly ServerIndex[] {
  const known = tracked.get(model);
  if (known) return known;
  const out: ServerIndex[] = [];
  for (const [key, index] of byModel.get(model) ?? []) {
    const fk = model.foreignKeys.find((f) => (f.name !== undefined ? f.name.toLowerCase() === key.toLowerCase() : isGeneratedKeyName(index, f.columns)));
    if (fk) out.push({ name: index, columns: fk.columns, generated: true });
  }
  return out;
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
