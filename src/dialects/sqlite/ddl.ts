import type * as ops from "../../operations/ops.ts";
import type { CompileContext, Statement } from "../dialect.ts";
import { SqlCompiler } from "../sql/compiler.ts";
import { sqliteType } from "./types.ts";

/** SQLite DDL: standard SQL, with AUTOINCREMENT and no ALTER COLUMN (batch mode rebuilds the table). */
export class SqliteCompiler extends SqlCompiler {
  readonly dialectName = "SQLite";

  quoteIdentifier(name: string): string {
    return `"${name.replaceAll('"', '""')}"`;
  }

  columnType(type: ops.ColumnType): string {
    return sqliteType(type);
  }

  override autoincrementClause(column: ops.ColumnDef): string {
    // SQLite only has AUTOINCREMENT on an INTEGER PRIMARY KEY, which is declared inline.
    return column.primaryKey ? "AUTOINCREMENT" : "";
  }

  override literal(value: unknown): string {
    if (typeof value === "boolean") return value ? "1" : "0";
    return super.literal(value);
  }

  override defaultValue(value: ops.DefaultValue): string {
    if (typeof value === "boolean") return value ? "1" : "0";
    if (value !== null && typeof value === "object") return `(${value.sql})`;
    return super.defaultValue(value);
  }

  override alterColumn(op: ops.AlterColumnOp, ctx: CompileContext): Statement[] | Promise<Statement[]> {
    // SQLite can rename a column in place; every other change needs the batch rebuild.
    const only = Object.keys(op).filter((k) => !["kind", "table", "column", "newName"].includes(k) && !k.startsWith("existing"));
    if (op.newName && only.length === 0) {
      return [{ sql: `ALTER TABLE ${this.qualify(op.table)} RENAME COLUMN ${this.quoteIdentifier(op.column)} TO ${this.quoteIdentifier(op.newName)}` }];
    }
    void ctx;
    return this.unsupported(op);
  }

  override unsupportedHint(op: ops.Op): string {
    return op.kind === "alterColumn" || op.kind.startsWith("create") || op.kind === "dropConstraint"
      ? `; use op.batchAlterTable("table", (batch) => ...) so that migrator rebuilds the table`
      : "";
  }
}
