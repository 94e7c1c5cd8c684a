/**
 * The bookkeeping tables, declared once as data: the version table (Alembic's shape, one `version_num`
 * column, SQL from the dialect) and the history table beside it (an op, compiled by the dialect like any
 * migration's createTable). Both live in the version table's schema.
 */
import type { Dialect, Statement, VersionTableName, VersionTableSql } from "../dialects/dialect.ts";
import type { CreateTableOp, TableRef } from "../operations/ops.ts";

/** The history table's name for a version table: "migrator_version" → "migrator_history", "x" → "x_history". */
export function historyTableName(versionTable: string): string {
  return `${versionTable.replace(/_version$/, "")}_history`;
}

/** Columns of the history table, in the order rows are written. */
export const HISTORY_COLUMNS = [
  "id",
  "revision",
  "direction",
  "state",
  "statements",
  "checksum",
  "started_at",
  "finished_at",
  "duration_ms",
  "run_by",
  "host",
  "tool_version",
  "error",
] as const;

/**
 * The history table as an op: one row per revision run (or stamp, repair), with its outcome. A column
 * added in a later version is added in place to existing tables, as nullable (Journal.ensure).
 */
export function historyTableOp(table: TableRef): CreateTableOp {
  return {
    kind: "createTable",
    table,
    columns: [
      { name: "id", type: "integer", nullable: false },
      { name: "revision", type: "varchar(128)", nullable: false },
      { name: "direction", type: "varchar(16)", nullable: false },
      { name: "state", type: "varchar(16)", nullable: false },
      { name: "statements", type: "integer", nullable: false },
      { name: "checksum", type: "varchar(64)" },
      { name: "started_at", type: "varchar(32)", nullable: false },
      { name: "finished_at", type: "varchar(32)" },
      { name: "duration_ms", type: "integer" },
      { name: "run_by", type: "varchar(255)" },
      { name: "host", type: "varchar(255)" },
      { name: "tool_version", type: "varchar(32)" },
      { name: "error", type: "text" },
    ],
    primaryKey: { name: `${table.name}_pkc`, columns: ["id"] },
  };
}

/** Both bookkeeping tables of one database, with the dialect's SQL for them. */
export interface BookkeepingTables {
  readonly version: VersionTableSql;
  readonly history: {
    readonly ref: TableRef;
    /** The name as written in SQL (quoted, schema-qualified). */
    readonly name: string;
    readonly create: CreateTableOp;
    /** A query that returns a row when the table exists. */
    readonly exists: Statement;
  };
}

/**
 * The history table's part is made on first use: a command that only reads the version table (current,
 * heads of the database) compiles no SQL for a table it never touches.
 */
export function bookkeepingTables(dialect: Dialect, versionTable: VersionTableName): BookkeepingTables {
  let history: BookkeepingTables["history"] | undefined;
  return {
    version: dialect.versionTable(versionTable),
    get history() {
      return (history ??= historyTable(dialect, versionTable));
    },
  };
}

function historyTable(dialect: Dialect, versionTable: VersionTableName): BookkeepingTables["history"] {
  const name = historyTableName(versionTable.name);
  const ref: TableRef = versionTable.schema ? { name, schema: versionTable.schema } : { name };
  // The dialect's existence query takes any table name; the history table's SQL is only its name.
  const historySql = dialect.versionTable({ name, schema: versionTable.schema });
  return { ref, name: historySql.name, create: historyTableOp(ref), exists: historySql.exists() };
}
