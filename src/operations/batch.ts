import { constraintType, type ConstraintTypeName } from "./constraint_type.ts";
import type { ColumnDef, ForeignKeyDef, IndexColumn, TableAlteration, TableRef } from "./ops.ts";

/** The `batch` object of op.batchAlterTable: the table-level ops, without the table argument. */
export interface BatchOperations {
  addColumn(column: ColumnDef): void;
  dropColumn(column: string, options?: { ifExists?: boolean }): void;
  alterColumn(column: string, changes: Omit<Extract<TableAlteration, { kind: "alterColumn" }>, "kind" | "table" | "column">): void;
  createIndex(name: string, columns: readonly IndexColumn[], options?: { unique?: boolean; where?: string }): void;
  dropIndex(name: string): void;
  createPrimaryKey(name: string, columns: readonly string[]): void;
  createForeignKey(name: string, refTable: string, columns: readonly string[], refColumns: readonly string[], options?: Omit<ForeignKeyDef, "name" | "columns" | "refTable" | "refColumns">): void;
  createUniqueConstraint(name: string, columns: readonly string[]): void;
  createCheckConstraint(name: string | null, condition: string): void;
  dropConstraint(name: string, options?: { type?: ConstraintTypeName; ifExists?: boolean }): void;
  dropConstraint(query: { type?: ConstraintTypeName; columns?: readonly string[]; check?: string; ifExists?: boolean }): void;
}

export function batchBuilder(table: TableRef): { batch: BatchOperations; ops: TableAlteration[] } {
  const ops: TableAlteration[] = [];
  const batch: BatchOperations = {
    addColumn: (column) => void ops.push({ kind: "addColumn", table, column }),
    dropColumn: (column, options = {}) => void ops.push({ kind: "dropColumn", table, column, ...options }),
    alterColumn: (column, changes) => void ops.push({ kind: "alterColumn", table, column, ...changes }),
    createIndex: (name, columns, options = {}) => void ops.push({ kind: "createIndex", name, table, columns, ...options }),
    dropIndex: (name) => void ops.push({ kind: "dropIndex", name, table }),
    createPrimaryKey: (name, columns) => void ops.push({ kind: "createPrimaryKey", name, table, columns }),
    createForeignKey: (name, refTable, columns, refColumns, options = {}) =>
      void ops.push({ kind: "createForeignKey", name, table, foreignKey: { columns, refTable, refColumns, ...options } }),
    createUniqueConstraint: (name, columns) => void ops.push({ kind: "createUniqueConstraint", name, table, columns }),
    createCheckConstraint: (name, condition) =>
      void ops.push(name === null ? { kind: "createCheckConstraint", table, condition } : { kind: "createCheckConstraint", name, table, condition }),
    dropConstraint: (name: string | { type?: ConstraintTypeName; columns?: readonly string[]; check?: string; ifExists?: boolean }, options: { type?: ConstraintTypeName; ifExists?: boolean } = {}) => {
      if (typeof name === "object" && name !== null) {
        const { type: given, ...query } = name;
        const type = constraintType(given, "batch.dropConstraint({ ... })");
        ops.push({ kind: "dropConstraint", table, ...query, ...(type ? { type } : {}) });
        return;
      }
      const { type: given, ...rest } = options;
      const type = constraintType(given, `batch.dropConstraint("${name}")`);
      ops.push({ kind: "dropConstraint", name, table, ...rest, ...(type ? { type } : {}) });
    },
  };
  return { batch, ops };
}
