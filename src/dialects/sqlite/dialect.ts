import type { DatabaseUrl } from "../../config/url.ts";
import type { Dialect } from "../dialect.ts";
import { standardVersionTable } from "../sql/version_table.ts";
import { SqliteCompiler } from "./ddl.ts";
import { openSqlite, sqliteConnection } from "./driver.ts";
import { lockSqliteFile } from "./lock.ts";
import { reflectSqliteTable } from "./reflect.ts";

const compiler = new SqliteCompiler();

function filePath(url: DatabaseUrl): string {
  return url.path ?? url.database ?? ":memory:";
}

/** Embedded SQLite (bun:sqlite, or node:sqlite under Deno). */
export const sqliteDialect: Dialect = {
  name: "sqlite",
  capabilities: {
    transactionalDdl: true,
    alterColumn: false,
    alterConstraints: false,
    schemas: false,
    enumTypes: false,
    sequences: false,
    partialIndexes: true,
    comments: false,
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
      sql: `SELECT name FROM ${t.schema ? `${compiler.quoteIdentifier(t.schema)}.` : ""}sqlite_master WHERE type = 'table' AND name = ?`,
      params: [t.name],
    })),
  async connect(url, options) {
    return sqliteConnection(await openSqlite(filePath(url), options.timeoutMs));
  },
  lock: (_conn, url, options) => lockSqliteFile(filePath(url), options.timeoutMs),
  reflectTable: reflectSqliteTable,
};
