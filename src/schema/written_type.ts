import type { ColumnDef, ColumnType, Op } from "../operations/ops.ts";
import { findTableKey, type SchemaState } from "./apply.ts";

/** How a dialect writes a column's type (Dialect.columnType): for that column, or for the type alone. */
export type ColumnTypeWriter = (type: ColumnType, column?: ColumnDef) => string;

/**
 * The column with the type its dialect writes for it, where that differs from the type alone (SQLite: a
 * counting key is INTEGER, declared bigint or not), as the database has it; otherwise the column itself.
 * A type the dialect refuses is kept as written (what compiles the column says so).
 */
export function withWrittenType(column: ColumnDef, columnType: ColumnTypeWriter): ColumnDef {
  try {
    const own = columnType(column.type, column);
    return own === columnType(column.type) ? column : { ...column, type: { raw: own } };
  } catch {
    return column;
  }
}

/**
 * After an op on a table of a state built from ops (offline): its counting columns with the type the
 * dialect wrote for them, as the database has them, which they keep when they stop counting (the
 * declared bigint would come back: SQLite's rebuild would then write BIGINT where the online one kept INTEGER).
 */
export function keepWrittenCountingTypes(state: SchemaState, op: Op, columnType: ColumnTypeWriter): void {
  if (!("table" in op) || op.table === undefined) return;
  const key = findTableKey(state, op.kind === "renameTable" ? { ...op.table, name: op.newName } : op.table);
  const model = key === undefined ? undefined : state.get(key);
  if (key === undefined || !model?.columns.some((c) => c.autoincrement)) return;
  state.set(key, { ...model, columns: model.columns.map((c) => (c.autoincrement ? withWrittenType(c, columnType) : c)) });
}
