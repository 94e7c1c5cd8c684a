import type { Dialect } from "../dialect.ts";
import { standardVersionTable } from "../sql/version_table.ts";
import { connectPostgres } from "./connection.ts";
import { PostgresCompiler } from "./ddl.ts";
import { lockPostgres } from "./lock.ts";
import { reflectPostgresTable } from "./reflect.ts";

const compiler = new PostgresCompiler();

/**
 * PostgreSQL (12+) through postgres.js. DDL is transactional, so a run is one transaction (or one per
 * revision) and rolls back whole; the few statements that cannot run in a transaction (CREATE INDEX
 * CONCURRENTLY, ALTER TYPE ... ADD VALUE) are marked autocommit and run between two transactions.
 */
export const postgresDialect: Dialect = {
  name: "postgres",
  capabilities: {
    transactionalDdl: true,
    alterColumn: true,
    alterConstraints: true,
    schemas: true,
    enumTypes: true,
    sequences: true,
    partialIndexes: true,
    comments: true,
  },
  begin: "BEGIN",
  commit: "COMMIT",
  rollback: "ROLLBACK",
  compile: (op, ctx) => compiler.compile(op, ctx),
  quoteIdentifier: (name) => compiler.quoteIdentifier(name),
  literal: (value) => compiler.literal(value),
  inline: (statement) => compiler.inline(statement),
  versionTable: (table) =>
    standardVersionTable(compiler, table, (t) => ({
      sql: `SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = ${t.schema ? "?" : "current_schema()"} AND tablename = ?`,
      params: t.schema ? [t.schema, t.name] : [t.name],
    })),
  connect: connectPostgres,
  lock: lockPostgres,
  reflectTable: reflectPostgresTable,
};
