import type { Dialect } from "../dialect.ts";
import { sqlDialect } from "../sql/dialect.ts";
import { connectPostgres } from "./connection.ts";
import { PostgresCompiler } from "./ddl.ts";
import { lockPostgres } from "./lock.ts";
import { reflectPostgres, reflectPostgresTable } from "./reflect.ts";
import { scratchPostgres } from "./scratch.ts";

const compiler = new PostgresCompiler();

/**
 * PostgreSQL (12+) through postgres.js. DDL is transactional, so a run is one transaction (or one per
 * revision) and rolls back whole; the few statements that cannot run in a transaction (CREATE INDEX
 * CONCURRENTLY, ALTER TYPE ... ADD VALUE) are marked autocommit and run between two transactions.
 */
export const postgresDialect: Dialect = sqlDialect(compiler, {
  name: "postgres",
  capabilities: {
    transactionalDdl: true,
    alterColumn: true,
    alterConstraints: true,
    alterKeyColumnType: true,
    schemas: true,
    enumTypes: true,
    sequences: true,
    partialIndexes: true,
    expressionIndexes: true,
    comments: true,
    maxIdentifierLength: 63,
  },
  versionTableExists: (t) => ({
    sql: `SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = ${t.schema ? "?" : "current_schema()"} AND tablename = ?`,
    params: t.schema ? [t.schema, t.name] : [t.name],
  }),
  connect: connectPostgres,
  lock: lockPostgres,
  reflectTable: reflectPostgresTable,
  reflect: reflectPostgres,
  scratch: scratchPostgres,
});
