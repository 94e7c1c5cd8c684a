import { ConfigError } from "../../errors.ts";
import type { Connection } from "../connection.ts";
import type { Capabilities, Dialect } from "../dialect.ts";
import { sqlDialect } from "../sql/dialect.ts";
import { connectPostgres, PostgresConnection } from "./connection.ts";
import { PostgresCompiler } from "./ddl.ts";
import { postgresTenants } from "./tenants.ts";
import { scriptLockTimeout } from "./lock_wait.ts";
import type { PostgresServer } from "./server.ts";

/**
 * What PostgreSQL 12, the oldest supported major, can do: the capabilities offline and before connecting. One
 * exception: a generated column made plain in place (DROP EXPRESSION) is PostgreSQL 13's, assumed offline
 * (12 reached its end of life in 2024); server_version 12, or a 12 server, takes it back.
 */
export const POSTGRES_CAPABILITIES: Capabilities = {
  transactionalDdl: true,
  alterColumn: true,
  alterConstraints: true,
  alterKeyColumnType: true,
  alterGeneratedBaseType: false,
  viewsBindColumns: true,
  materializedViews: true,
  primaryKeyNames: true,
  foreignKeyNeedsIndex: false,
  foreignKeyNeedsUniqueKey: true,
  alterColumnUsing: true,
  uniqueIndexIsConstraint: false,
  autoincrementNeedsKey: false,
  restrictIsNoAction: false,
  schemas: true,
  enumTypes: true,
  sequences: true,
  partialIndexes: true,
  expressionIndexes: true,
  comments: true,
  virtualGeneratedColumns: false,
  keepsGeneratedValues: { stored: true, virtual: false },
  generatedExpressionInPlace: { stored: false, virtual: false },
  nullsNotDistinct: false,
  coveringIndexes: true,
  indexNullsOrder: true,
  operatorClasses: true,
  collationCharacterSets: false,
  maxIdentifierLength: 63,
};

/** The capabilities a server's version adds to the base ones. */
export function serverCapabilities(server: Pick<PostgresServer, "versionNum">): Capabilities {
  return {
    ...POSTGRES_CAPABILITIES,
    virtualGeneratedColumns: server.versionNum >= 180000,
    nullsNotDistinct: server.versionNum >= 150000,
    keepsGeneratedValues: { stored: server.versionNum >= 130000, virtual: server.versionNum >= 180000 },
    generatedExpressionInPlace: { stored: server.versionNum >= 170000, virtual: server.versionNum >= 180000 },
  };
}

/**
 * PostgreSQL (12+) through postgres.js. DDL is transactional, so a run is one transaction (or one per
 * revision) and rolls back whole; the few statements that cannot run in a transaction (CREATE INDEX
 * CONCURRENTLY, ALTER TYPE ... ADD VALUE) are marked autocommit and run between two transactions.
 * Connected, the dialect is the one for the server's version (forServer). Variants on the PostgreSQL wire
 * protocol build theirs from this one with their own capabilities.
 */
export function postgresWith(capabilities: Capabilities): Dialect {
  const keyOptions = { indexNullsOrder: capabilities.indexNullsOrder, operatorClasses: capabilities.operatorClasses };
  const compiler = new PostgresCompiler({ virtualGenerated: capabilities.virtualGeneratedColumns, dropExpression: capabilities.keepsGeneratedValues.stored, setExpression: capabilities.generatedExpressionInPlace, nullsNotDistinct: capabilities.nullsNotDistinct, keyOptions });
  return sqlDialect(compiler, {
    name: "postgres",
    capabilities,
    // Literals, not parameters: postgres.js sends a statement with parameters in two round trips (describe,
    // then execute). to_regclass looks the name up in the catalog caches the version table's SELECT needs
    // anyway: 0.3 ms on a new session, where planning the pg_tables view costs 1.2 ms. (quote_ident of a
    // NULL current_schema() is NULL, and so is the lookup: no row.)
    versionTableExists: (t) => ({
      sql: `SELECT 1 AS found WHERE to_regclass(quote_ident(${t.schema ? compiler.literal(t.schema) : "current_schema()"}) || '.' || quote_ident(${compiler.literal(t.name)})) IS NOT NULL`,
    }),
    connect: connectPostgres,
    forServer: (conn: Connection) => (conn instanceof PostgresConnection ? postgresForServer(conn.server) : postgresDialect),
    forVersion: postgresForVersion,
    // The lock, reflection and the scratch schemas are imported by the first call that needs them: a command
    // that only reads the version table (current, history -i) loads none of them.
    lock: async (conn, url, options) => (await import("./lock.ts")).lockPostgres(conn, url, options),
    // Reflection reads only the index key options the dialect has (a variant's catalog may lack the rest).
    reflectTable: async (conn, ref, options) => (await import("./reflect.ts")).reflectPostgresTable(conn, ref, options, keyOptions),
    reflect: async (conn, scope) => (await import("./reflect.ts")).reflectPostgres(conn, scope, keyOptions),
    viewsOver: async (conn, columns) => (await import("./views.ts")).readViewsOver(conn, columns),
    lostWithColumn: async (conn, table, column) => (await import("./lost_with_column.ts")).readLostWithColumn(conn, table, column),
    scratch: async (conn, schemas) => (await import("./scratch.ts")).scratchPostgres(conn, schemas),
    tenants: postgresTenants,
    scriptLockTimeout,
    typeUsage: async (conn, type) => (await import("./enum_columns.ts")).readTypeUsage(conn, type),
  });
}

export const postgresDialect: Dialect = postgresWith(POSTGRES_CAPABILITIES);

const byVersion = new Map<string, Dialect>();

/** The dialect for a server: the base one unless its version adds capabilities. */
export function postgresForServer(server: Pick<PostgresServer, "versionNum">): Dialect {
  const capabilities = serverCapabilities(server);
  const key = JSON.stringify(capabilities);
  if (key === JSON.stringify(POSTGRES_CAPABILITIES)) return postgresDialect;
  let dialect = byVersion.get(key);
  if (!dialect) byVersion.set(key, (dialect = postgresWith(capabilities)));
  return dialect;
}

/** The dialect for the server an offline script is written for (`server_version`): "16", "16.2", "PostgreSQL 18". */
export function postgresForVersion(text: string): Dialect {
  const m = /^\s*(?:postgres(?:ql)?\s*)?(\d+)(?:\.(\d+))?\s*$/i.exec(text);
  if (!m || Number(m[1]) < 10) throw new ConfigError(`server_version "${text}" is not a PostgreSQL version (10 or later); write it as 16, 16.2 or PostgreSQL 16`);
  return postgresForServer({ versionNum: Number(m[1]) * 10000 + Number(m[2] ?? 0) });
}
