import type { CheckDef, ColumnDef, CreateIndexOp, ForeignKeyDef, PrimaryKeyDef, TableRef, UniqueDef } from "../operations/ops.ts";

/** A table as it stands in a database: reflected online, or tracked from the ops of earlier revisions offline. */
export interface TableModel {
  readonly table: TableRef;
  readonly columns: readonly ColumnDef[];
  readonly primaryKey?: PrimaryKeyDef;
  readonly foreignKeys: readonly ForeignKeyDef[];
  readonly uniques: readonly UniqueDef[];
  readonly checks: readonly CheckDef[];
  readonly indexes: readonly CreateIndexOp[];
  readonly comment?: string;
}
