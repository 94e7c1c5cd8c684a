import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { DatabaseUrl } from "../../config/url.ts";
import { ConnectionError } from "../../errors.ts";
import type { Capabilities, Dialect, Statement, VersionTableName } from "../dialect.ts";
import { sqlDialect } from "../sql/dialect.ts";
import { SqliteCompiler } from "./ddl.ts";
import { openSqlite, sqliteConnection } from "./connection.ts";

// The lock, reflection, the scratch database and the schema reader are imported by the first call that
// needs them: a command that only reads the version table (current, history -i) loads none of them.

const compiler = new SqliteCompiler();

function filePath(url: DatabaseUrl): string {
  return url.path ?? url.database ?? ":memory:";
}

/** What SQLite can do; libSQL servers share it. */
export const SQLITE_CAPABILITIES: Capabilities = {
  transactionalDdl: true,
  alterColumn: false,
  alterConstraints: false,
  alterKeyColumnType: true,
  alterGeneratedBaseType: true,
  viewsBindColumns: false,
  materializedViews: false,
  primaryKeyNames: true,
  foreignKeyNeedsIndex: false,
  foreignKeyNeedsUniqueKey: false,
  alterColumnUsing: false,
  uniqueIndexIsConstraint: false,
  autoincrementNeedsKey: false,
  restrictIsNoAction: false,
  schemas: false,
  enumTypes: false,
  sequences: false,
  partialIndexes: true,
  expressionIndexes: true,
  comments: false,
  virtualGeneratedColumns: true,
  keepsGeneratedValues: { stored: true, virtual: true },
  generatedExpressionInPlace: { stored: true, virtual: true },
  nullsNotDistinct: false,
  coveringIndexes: false,
  indexNullsOrder: false,
  operatorClasses: false,
  collationCharacterSets: false,
  maxIdentifierLength: 0,
};

/** The version table's existence, from sqlite_master (of an attached schema when one is configured). */
export function sqliteVersionTableExists(t: VersionTableName): Statement {
  const schema = t.schema ? `"${t.schema.replaceAll('"', '""')}".` : "";
  return { sql: `SELECT name FROM ${schema}sqlite_master WHERE type = 'table' AND name = ?`, params: [t.name] };
}

/**
 * Why SQLite could not open a file, where the file system tells ("unable to open database file" alone does
 * not say): a folder that does not exist, a folder given as the file, a folder it cannot write in.
 */
function openHint(path: string): string {
  if (path === ":memory:") return "";
  const folder = dirname(resolve(path));
  if (!existsSync(folder)) return `; the folder ${folder} does not exist (create it, or fix the path in the URL: sqlite:///relative.db, sqlite:////absolute.db)`;
  try {
    if (statSync(path).isDirectory()) return "; that path is a folder: name a file in it (sqlite:///data/app.db)";
  } catch {
    // No file yet: SQLite makes it in the folder, which must be writable.
    try {
      accessSync(folder, constants.W_OK);
    } catch {
      return `; the file does not exist and the folder ${folder} is not writable, so it cannot be created there`;
    }
  }
  return "";
}

/** Embedded SQLite (bun:sqlite, or node:sqlite under Deno). */
export const sqliteDialect: Dialect = sqlDialect(compiler, {
  name: "sqlite",
  capabilities: SQLITE_CAPABILITIES,
  versionTableExists: sqliteVersionTableExists,
  async connect(url, options) {
    const path = filePath(url);
    // Reading a database that does not exist yet: an empty one in memory answers, and no file is made.
    const readOnly = options.readOnly === true && path !== ":memory:";
    const busy = options.busyTimeoutMs ?? options.timeoutMs;
    if (readOnly && !existsSync(path)) return sqliteConnection(await openSqlite(":memory:", busy));
    try {
      return sqliteConnection(await openSqlite(path, busy, readOnly));
    } catch (error) {
      throw new ConnectionError(`Cannot open the SQLite database "${path}": ${error instanceof Error ? error.message : String(error)}${openHint(path)}`, { cause: error, permanent: true });
    }
  },
  lock: async (_conn, url, options) => (await import("./lock.ts")).lockSqliteFile(filePath(url), options.timeoutMs, options.onWait),
  reflectTable: async (conn, ref) => (await import("./reflect.ts")).reflectSqliteTable(conn, ref),
  reflect: async (conn, scope) => (await import("./reflect.ts")).reflectSqlite(conn, scope),
  tableTriggers: async (conn, table) => (await import("./reflect.ts")).sqliteTableTriggers(conn, table),
  scratch: async (conn, schemas) => (await import("./scratch.ts")).openSqliteScratch(conn, schemas),
  readSchemaSql: async (sql) => (await import("./schema_sql.ts")).readSqliteSchemaSql(sql),
});
