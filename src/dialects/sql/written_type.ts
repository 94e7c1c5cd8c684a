import type { ColumnDef, ColumnType } from "../../operations/ops.ts";

/**
 * The column with the type its dialect writes for it, where that differs from the type alone (SQLite: a
 * counting key is INTEGER, declared bigint or not), as the database has it; otherwise the column itself.
 * A type the dialect refuses is kept as written (what compiles the column says so).
 */
export function withWrittenType(column: ColumnDef, columnType: (type: ColumnType, column?: ColumnDef) => string): ColumnDef {
  try {
    const own = columnType(column.type, column);
    return own === columnType(column.type) ? column : { ...column, type: { raw: own } };
  } catch {
    return column;
  }
}
