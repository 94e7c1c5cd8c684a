import type { CheckDef, ColumnDef, CreateIndexOp, UniqueDef } from "../../operations/ops.ts";
import type { TableModel } from "../../schema/model.ts";
import { indexColumnExpression, indexColumnOrder, normalIndexColumn } from "../../operations/index_column.ts";
import { readIndexKey, splitIndexTerm } from "./index_term.ts";
import { bareIdentifier } from "./keywords.ts";
import { normalizeSql } from "./normalize_sql.ts";

/**
 * A table in the one form SQLite reflection gives: the texts SQLite keeps as written (raw column types,
 * default expressions, CHECK conditions, index expressions and conditions) with one spacing
 * (normalize_sql.ts); constraints named ones first by name, then unnamed ones by columns (foreign keys:
 * then the referenced table and columns) or by condition; indexes by name. A batch rebuild writes the
 * table in this form too, so that the same table gives the same statements whether its definition was
 * reflected (online) or tracked from earlier ops (offline), and reads back unchanged.
 */
export function canonicalSqliteTable(model: TableModel): TableModel {
  // The column names that texts of this table may write unquoted (see normalizeSql).
  const bare = new Set(model.columns.filter((c) => bareIdentifier(c.name)).map((c) => c.name.toLowerCase()));
  const sql = (text: string) => normalizeSql(text, bare);
  return {
    ...model,
    columns: model.columns.map((c) => canonicalColumn(c, sql)),
    foreignKeys: [...model.foreignKeys].sort(byName((fk) => [...fk.columns, "->", fk.refSchema ?? "", fk.refTable, ...fk.refColumns].join("\u0000"))),
    uniques: [...model.uniques].sort(byName((u: UniqueDef) => u.columns.join("\u0000"))),
    checks: model.checks.map((c): CheckDef => ({ ...c, condition: sql(c.condition) })).sort(byName((c) => c.condition)),
    indexes: model.indexes.map((ix) => canonicalIndex(ix, sql)).sort((a, b) => compareText(a.name, b.name)),
  };
}

function canonicalColumn(column: ColumnDef, sql: (text: string) => string): ColumnDef {
  const type = typeof column.type === "string" ? column.type : { raw: normalizeSql(column.type.raw) };
  if (column.generated) column = { ...column, generated: { sql: sql(column.generated.sql), stored: column.generated.stored ?? true } };
  const dflt = column.default;
  if (dflt !== null && typeof dflt === "object") return { ...column, type, default: { sql: normalizeSql(dflt.sql) } };
  return { ...column, type };
}

function canonicalIndex(index: CreateIndexOp, sql: (text: string) => string): CreateIndexOp {
  const columns = index.columns.map((c) => {
    const expression = indexColumnExpression(c);
    if (expression === undefined) return normalIndexColumn(c);
    const term = splitIndexTerm(sql(expression));
    return readIndexKey(sql(term.base) + term.collate, term.order === "desc" ? "desc" : indexColumnOrder(c));
  });
  return index.where === undefined ? { ...index, columns } : { ...index, columns, where: sql(index.where) };
}

function byName<T extends { readonly name?: string }>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    if (a.name !== undefined && b.name !== undefined) return compareText(a.name, b.name) || compareText(key(a), key(b));
    if (a.name !== undefined || b.name !== undefined) return a.name !== undefined ? -1 : 1;
    return compareText(key(a), key(b));
  };
}

/** Order by UTF-16 code units: the same on every runtime and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
