import { createHash } from "node:crypto";
import type { DatabaseUrl } from "../../config/url.ts";
import { LockTimeoutError, ReadOnlyServerError } from "../../errors.ts";
import type { Connection, Lock } from "../connection.ts";
import type { LockOptions } from "../dialect.ts";
import { parseServerVersion } from "./capabilities.ts";
import { serverAddress } from "./connection.ts";
import { checkGaleraNode } from "./galera.ts";
import { lockGalera } from "./galera_lock.ts";
import { serverOf } from "./server.ts";

/** MySQL 5.7+ rejects longer lock names. */
const MAX_NAME = 64;

/** The user-level lock name for a database and key: readable when it fits in 64 characters, hashed otherwise. */
export function mysqlLockName(database: string, key: string): string {
  const name = `migrator:${database}:${key}`;
  if (name.length <= MAX_NAME) return name;
  return `migrator:${createHash("sha256").update(`${database}\0${key}`).digest("hex").slice(0, MAX_NAME - 9)}`;
}

/**
 * The run lock. First, a server that takes no writes (read_only, super_read_only, innodb_read_only: a
 * replica, most likely) is refused with ReadOnlyServerError before any lock is waited for; so is a Galera
 * node that is not synced or runs DDL on itself only (RSU). On a Galera node, the lock is a lease that
 * holds on every node (galera_lock.ts, on a connection `open` makes); elsewhere a user-level lock.
 */
export async function lockMysql(conn: Connection, url: DatabaseUrl, options: LockOptions, open: () => Promise<Connection>): Promise<Lock> {
  const server = serverOf(conn);
  const where = `${parseServerVersion(server?.version ?? "").mariadb ? "MariaDB" : "MySQL"} at ${serverAddress(url)}`;
  if (server?.readOnly !== undefined) throw new ReadOnlyServerError(where, server.readOnly);
  if (server?.galera) {
    checkGaleraNode(server.galera, serverAddress(url));
    return lockGalera(conn, url, options, open);
  }
  return getLock(conn, url, options);
}

/**
 * A user-level lock (GET_LOCK) held by the session. The server releases it when the session ends, so a
 * crashed run never leaves a stale lock. GET_LOCK waits in whole seconds.
 */
async function getLock(conn: Connection, url: DatabaseUrl, options: LockOptions): Promise<Lock> {
  // A version table in a schema of its own (version_table_schema: "ops.migrator_version") is the same
  // table whichever database the URL names: the lock is named after that schema.
  const dot = options.key.indexOf(".");
  const name = dot > 0 ? mysqlLockName(options.key.slice(0, dot), options.key.slice(dot + 1)) : mysqlLockName(url.database ?? "", options.key);
  const seconds = Math.max(0, Math.ceil(options.timeoutMs / 1000));
  const rows = await conn.query<{ got: number | string | null }>("SELECT GET_LOCK(?, ?) AS got", [name, seconds]);
  const got = rows[0]?.got;
  if (got === null || got === undefined || Number(got) !== 1) {
    const holder = await conn.query<{ id: number | string | null }>("SELECT IS_USED_LOCK(?) AS id", [name]);
    const id = holder[0]?.id;
    throw LockTimeoutError.held(`"${name}" in database "${url.database}"`, seconds * 1000, id === null || id === undefined ? "" : `connection ${id}`);
  }
  return {
    async release() {
      await conn.query("SELECT RELEASE_LOCK(?) AS released", [name]);
    },
  };
}
