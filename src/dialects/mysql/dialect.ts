import type { Dialect } from "../dialect.ts";
import { sqlDialect } from "../sql/dialect.ts";
import { connectMysql } from "./connection.ts";
import { MysqlCompiler } from "./ddl.ts";
import { lockMysql } from "./lock.ts";
import { reflectMysql, reflectMysqlTable } from "./reflect.ts";
import { mysqlScratch } from "./scratch.ts";

const compiler = new MysqlCompiler();

/** Statements that commit the open transaction implicitly: CREATE, DROP (not of a TEMPORARY table), ALTER, RENAME, TRUNCATE. */
const IMPLICIT_COMMIT = /^\s*(?:(?:CREATE|DROP)(?!\s+(?:OR\s+REPLACE\s+)?TEMPORARY\b)|ALTER|RENAME|TRUNCATE)\b/i;

/**
 * MySQL (8.0) and MariaDB (10.5+) through mysql2. DDL commits implicitly, so the runtime records each
 * revision as soon as it has run. A schema is a database.
 */
export const mysqlDialect: Dialect = sqlDialect(compiler, {
  name: "mysql",
  capabilities: {
    transactionalDdl: false,
    alterColumn: true,
    alterConstraints: true,
    alterKeyColumnType: false,
    schemas: false,
    enumTypes: false,
    sequences: false,
    partialIndexes: false,
    expressionIndexes: false,
    comments: true,
    virtualGeneratedColumns: true,
    maxIdentifierLength: 64,
  },
  begin: "START TRANSACTION",
  commitsImplicitly: (sql) => IMPLICIT_COMMIT.test(sql),
  versionTableExists: (t) => ({
    sql: `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${t.schema ? "?" : "DATABASE()"} AND TABLE_NAME = ?`,
    params: t.schema ? [t.schema, t.name] : [t.name],
  }),
  connect: (url, options) => connectMysql(url, options, (value) => compiler.literal(value)),
  lock: lockMysql,
  reflectTable: reflectMysqlTable,
  reflect: reflectMysql,
  scratch: mysqlScratch,
});
