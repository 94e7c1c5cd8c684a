import type { Dialect } from "../dialect.ts";
import { SqliteCompiler } from "../sqlite/ddl.ts";
import { reflectSqliteTable } from "../sqlite/reflect.ts";
import { standardVersionTable } from "../sql/version_table.ts";
import { openLibsql } from "./connection.ts";
import { lockLibsql } from "./lock.ts";

// libSQL is SQLite (3.45 and later): same DDL, batch rebuilds, types and catalog; ALTER TABLE DROP COLUMN works.
const compiler = new SqliteCompiler({ dialectName: "libSQL", nativeDropColumn: true });

/**
 * libSQL servers (sqld, Turso) over HTTP: `libsql://`, `https://`, `http://` URLs, token in `authToken`.
 * DDL is transactional: BEGIN opens the client's interactive transaction (see connection.ts).
 */
export const libsqlDialect: Dialect = {
  name: "libsql",
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
      sql: `SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`,
      params: [t.name],
    })),
  connect: (url) => openLibsql(url),
  lock: lockLibsql,
  reflectTable: reflectSqliteTable,
};
