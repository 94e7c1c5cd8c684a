import type { Dialect } from "../dialect.ts";
import { SqliteCompiler } from "../sqlite/ddl.ts";
import { reflectSqlite, reflectSqliteTable, sqliteTableTriggers } from "../sqlite/reflect.ts";
import { openSqliteScratch } from "../sqlite/scratch.ts";
import { readSqliteSchemaSql } from "../sqlite/schema_sql.ts";
import { sqlDialect } from "../sql/dialect.ts";
import { SQLITE_CAPABILITIES, sqliteVersionTableExists } from "../sqlite/dialect.ts";
import { openLibsql } from "./connection.ts";
import { lockLibsql } from "./lock.ts";

// libSQL is SQLite (3.45 and later): same DDL, batch rebuilds, types and catalog; ALTER TABLE DROP COLUMN works.
const compiler = new SqliteCompiler({ dialectName: "libSQL", nativeDropColumn: true });

/**
 * libSQL servers (sqld, Turso) over HTTP: `libsql://`, `https://`, `http://` URLs, token in `authToken`.
 * DDL is transactional: BEGIN opens the client's interactive transaction (see connection.ts).
 */
export const libsqlDialect: Dialect = sqlDialect(compiler, {
  name: "libsql",
  capabilities: SQLITE_CAPABILITIES,
  versionTableExists: sqliteVersionTableExists,
  connect: (url) => openLibsql(url),
  lock: lockLibsql,
  reflectTable: reflectSqliteTable,
  reflect: reflectSqlite,
  tableTriggers: sqliteTableTriggers,
  scratch: openSqliteScratch,
  readSchemaSql: readSqliteSchemaSql,
});
