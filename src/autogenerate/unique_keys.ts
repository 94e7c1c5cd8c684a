/**
 * Where a unique index and a unique constraint are one object (Capabilities.uniqueIndexIsConstraint:
 * MySQL's UNIQUE KEY), a unique index a constraint could be (plain columns in ascending order, nothing
 * else) is compared as that constraint. Reflection already reads both so; offline the history keeps the
 * form of the op that made it and the declared schema the form it is written in, which would otherwise
 * differ for ever (a revision written online makes the declared unique index as either).
 */
import type * as ops from "../operations/ops.ts";
import { normalizeTable } from "../schema/normalize.ts";
import type { DatabaseModel, TableModel } from "../schema/model.ts";

export function uniqueIndexesAsConstraints(model: DatabaseModel): DatabaseModel {
  return { ...model, tables: model.tables.map(foldTable) };
}

function foldTable(t: TableModel): TableModel {
  const folded = t.indexes.filter(constraintLike);
  if (folded.length === 0) return t;
  return normalizeTable({
    ...t,
    indexes: t.indexes.filter((ix) => !folded.includes(ix)),
    uniques: [...t.uniques, ...folded.map((ix): ops.UniqueDef => ({ name: ix.name, columns: ix.columns as string[] }))],
  });
}

/** In the normal form, a column in ascending order is a bare name; the btree method and empty lists are left out. */
function constraintLike(ix: ops.CreateIndexOp): boolean {
  return !!ix.unique && ix.columns.every((c) => typeof c === "string") && ix.where === undefined && ix.method === undefined && !ix.nullsNotDistinct && (ix.include ?? []).length === 0;
}
