/**
 * The one normal form of a DatabaseModel, applied to everything that produces one: each dialect's
 * reflection (through sqlDialect), the declared schema and the replayed history (autogenerate). Two
 * models of the same database are then deep-equal, whoever made them:
 * - a single primary key column without a name of its own is flagged on the column; other keys (a named
 *   one too, whether or not its column numbers rows) are the table's `primaryKey`; key columns are NOT NULL;
 * - a generated column is `generated: { sql, stored }` (stored explicit), even when written as a raw type;
 * - defaults that say nothing are left out: `no action` rules, `deferrable: false`, `unique: false`,
 *   the `btree` index method, `nullsNotDistinct: false`, an empty `include`;
 * - an index column is a bare name unless it is descending (`{ name, order: "desc" }`): "asc" is left out;
 * - lists are sorted (tables, enums and sequences by schema and name; indexes by name; keys and checks
 *   named ones by name, then unnamed ones by what they hold), in code-point order, whatever the locale.
 */
import type * as ops from "../operations/ops.ts";
import { primaryKeyColumns } from "../operations/ops.ts";
import { normalIndexColumn } from "../operations/index_column.ts";
import { withGeneratedSplit } from "./generated.ts";
import type { DatabaseModel, TableModel } from "./model.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byRef = (a: { name: string; schema?: string }, b: { name: string; schema?: string }) => order(a.schema ?? "", b.schema ?? "") || order(a.name, b.name);
/** Named ones by name first, then unnamed ones by what they hold. */
const byName = <T extends { readonly name?: string }>(rest: (x: T) => string) => (a: T, b: T) => {
  if (a.name !== undefined && b.name !== undefined) return order(a.name, b.name) || order(rest(a), rest(b));
  if (a.name !== undefined || b.name !== undefined) return a.name !== undefined ? -1 : 1;
  return order(rest(a), rest(b));
};

export function normalizeModel(model: DatabaseModel): DatabaseModel {
  return {
    schemas: [...model.schemas].sort(order),
    tables: model.tables.map(normalizeTable).sort((a, b) => byRef(a.table, b.table)),
    enums: [...model.enums].sort(byRef),
    sequences: [...model.sequences].sort(byRef),
    ...(model.views && model.views.length > 0 ? { views: [...model.views].sort(byRef) } : {}),
    ...(model.unmanaged ? { unmanaged: [...model.unmanaged].sort(order) } : {}),
  };
}

export function normalizeTable(t: TableModel): TableModel {
  const keyColumns = primaryKeyColumns(t);
  const key = t.primaryKey ?? (keyColumns.length > 0 ? { columns: keyColumns } : undefined);
  const single = key && key.columns.length === 1 ? t.columns.find((c) => c.name === key.columns[0]) : undefined;
  const flag = single !== undefined && key!.name === undefined;
  const columns = t.columns.map((c) => {
    const col: Mutable<ops.ColumnDef> = { ...withGeneratedSplit(c) };
    delete col.primaryKey;
    if (key?.columns.includes(c.name)) {
      col.nullable = false;
      if (flag) col.primaryKey = true;
    }
    return col;
  });
  const out: Mutable<TableModel> = {
    table: t.table,
    columns,
    foreignKeys: t.foreignKeys.map(normalizeForeignKey).sort(byName((f) => [...f.columns, "->", f.refSchema ?? "", f.refTable, ...f.refColumns].join("\u0000"))),
    uniques: t.uniques.map(normalizeUnique).sort(byName((u) => u.columns.join("\u0000"))),
    checks: [...t.checks].sort(byName((c) => c.condition)),
    indexes: t.indexes.map(normalizeIndex).sort((a, b) => order(a.name, b.name)),
  };
  if (key && !flag) out.primaryKey = key;
  if (t.comment !== undefined) out.comment = t.comment;
  if (t.defaultCollation !== undefined) out.defaultCollation = t.defaultCollation;
  if (t.tableOptions !== undefined) out.tableOptions = t.tableOptions;
  return out;
}

function normalizeForeignKey(fk: ops.ForeignKeyDef): ops.ForeignKeyDef {
  const out: Mutable<ops.ForeignKeyDef> = { ...fk };
  if (out.onDelete === "no action") delete out.onDelete;
  if (out.onUpdate === "no action") delete out.onUpdate;
  if (!out.deferrable) delete out.deferrable;
  if (!out.initiallyDeferred) delete out.initiallyDeferred;
  return out;
}

function normalizeUnique(u: ops.UniqueDef): ops.UniqueDef {
  if (u.nullsNotDistinct !== false) return u;
  const { nullsNotDistinct: _, ...rest } = u;
  return rest;
}

function normalizeIndex(ix: ops.CreateIndexOp): ops.CreateIndexOp {
  const out: Mutable<ops.CreateIndexOp> = { ...ix, columns: ix.columns.map(normalIndexColumn) };
  if (!out.unique) delete out.unique;
  if (!out.nullsNotDistinct) delete out.nullsNotDistinct;
  if (out.include !== undefined && out.include.length === 0) delete out.include;
  if (out.method !== undefined && out.method.toLowerCase() === "btree") delete out.method;
  delete out.concurrently;
  delete out.ifNotExists;
  return out;
}
