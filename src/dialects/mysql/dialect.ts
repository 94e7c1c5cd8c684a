import { ConfigError } from "../../errors.ts";
import type { Connection } from "../connection.ts";
import type { ConnectOptions, Dialect } from "../dialect.ts";
import type { DatabaseUrl } from "../../config/url.ts";
import { sqlDialect } from "../sql/dialect.ts";
import { MYSQL_CAPABILITIES, parseServerVersion, serverCapabilities, serverName } from "./capabilities.ts";
import { connectMysql } from "./connection.ts";
import { MysqlCompiler } from "./ddl.ts";
import { withGaleraRules } from "./galera.ts";
import { lockMysql } from "./lock.ts";
import { lockWaitAssignments } from "./lock_wait.ts";
import { reflectMysql, reflectMysqlTable } from "./reflect.ts";
import { mysqlScratch } from "./scratch.ts";
import { mysqlTenants } from "./tenants.ts";
import { followTrackedTable } from "./tracked_indexes.ts";
import { serverOf, type MysqlServer } from "./server.ts";

/** Statements that commit the open transaction implicitly: CREATE, DROP (not of a TEMPORARY table), ALTER, RENAME, TRUNCATE. */
const IMPLICIT_COMMIT = /^\s*(?:(?:CREATE|DROP)(?!\s+(?:OR\s+REPLACE\s+)?TEMPORARY\b)|ALTER|RENAME|TRUNCATE)\b/i;

/** Literals do not depend on the server: one compiler writes them for every connection. */
const literals = new MysqlCompiler();
const connect = (url: DatabaseUrl, options: ConnectOptions) => connectMysql(url, options, (value) => literals.literal(value));

/**
 * MySQL (8.0) and MariaDB (10.5+) through mysql2. DDL commits implicitly, so the runtime records each
 * revision as soon as it has run. A schema is a database. Connected, the dialect is the one for the
 * server (forServer): its version's capabilities (expression indexes on MySQL 8.0.13+), and on a Galera
 * node Galera's rules for the statements.
 */
function mysqlWith(server: MysqlServer | undefined): Dialect {
  const version = server ? parseServerVersion(server.version) : undefined;
  const capabilities = version ? serverCapabilities(version) : MYSQL_CAPABILITIES;
  const compiler = new MysqlCompiler(version ? { name: serverName(version), expressionIndexes: capabilities.expressionIndexes, generatedNotNull: !version.mariadb } : undefined);
  const dialect = sqlDialect(compiler, {
    name: "mysql",
    capabilities,
    begin: "START TRANSACTION",
    commitsImplicitly: (sql) => IMPLICIT_COMMIT.test(sql),
    versionTableExists: (t) => ({
      sql: `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${t.schema ? "?" : "DATABASE()"} AND TABLE_NAME = ?`,
      params: t.schema ? [t.schema, t.name] : [t.name],
    }),
    connect,
    forServer: (conn: Connection) => mysqlForServer(serverOf(conn)),
    forVersion: mysqlForVersion,
    lock: (conn, url, options) => lockMysql(conn, url, options, () => connect(url, { timeoutMs: 10_000 })),
    reflectTable: reflectMysqlTable,
    reflect: reflectMysql,
    scratch: mysqlScratch,
    tenants: mysqlTenants,
    // DDL commits implicitly: the script's session gets the deadline, as an online session does.
    scriptLockTimeout: (ms) => ({ session: `SET SESSION ${lockWaitAssignments(ms)}` }),
    followTrackedTable,
  });
  return server?.galera ? withGaleraRules(dialect) : dialect;
}

/** The dialect offline and before connecting: the server's version is not known. */
export const mysqlDialect: Dialect = mysqlWith(undefined);

const byServer = new Map<string, Dialect>();

/** The dialect for a connected server: by its version, and whether it is a Galera node. */
export function mysqlForServer(server: MysqlServer | undefined): Dialect {
  if (!server) return mysqlDialect;
  const key = `${server.version}|${server.galera ? "galera" : ""}`;
  let dialect = byServer.get(key);
  if (!dialect) byServer.set(key, (dialect = mysqlWith(server)));
  return dialect;
}

/**
 * The dialect for the server an offline script is written for (`server_version`): "8.0.36", "MySQL 8.0.36",
 * "MariaDB 10.11", "10.11.6-MariaDB". MySQL's majors are 5, 8 and 9; a major of 10 or more is MariaDB's.
 */
export function mysqlForVersion(text: string): Dialect {
  // Old MariaDB servers prefix their version with "5.5.5-" for old clients: the real one follows.
  const m = /^\s*(?:(mysql|mariadb)\s*)?(\d+)\.(\d+)(?:\.(\d+))?(-[\w.+-]*)?\s*$/i.exec(text.replace(/^\s*5\.5\.5-(?=\d+\.\d+)/, ""));
  if (!m) throw new ConfigError(`server_version "${text}" is not a MySQL or MariaDB version; write it as 8.0.36, MySQL 8.0.36 or MariaDB 10.11`);
  const mariadb = /mariadb/i.test(text) || Number(m[2]) >= 10;
  return mysqlForServer({ version: `${m[2]}.${m[3]}.${m[4] ?? "0"}${mariadb ? "-MariaDB" : ""}`, readOnly: undefined, galera: undefined });
}
