import { createHash } from "node:crypto";
import type { DatabaseUrl } from "../../config/url.ts";
import { ConfigError, LockTimeoutError, MigratorError } from "../../errors.ts";
import type { Connection, Lock } from "../connection.ts";
import type { LockOptions } from "../dialect.ts";
import { PostgresConnection } from "./connection.ts";
import { lockMode } from "./options.ts";

/** The advisory lock key for a LockOptions.key: the first 8 bytes of its SHA-256, as a signed bigint. */
export function advisoryKey(key: string): bigint {
  return createHash("sha256").update(`migrator:${key}`).digest().readBigInt64BE(0);
}

/**
 * The run lock: a PostgreSQL advisory lock on a key derived from the version table's name, so that two
 * projects on one database do not block each other (advisory locks are per database already).
 *
 * Session mode (default): pg_advisory_lock held by the session; the server drops it when the session
 * ends, so a crashed run never leaves a stale lock.
 *
 * Transaction mode (`?migrator_lock=xact` in the URL), for PgBouncer's transaction pooling, where a session
 * lock could outlive the transaction on a server connection another client gets next:
 * pg_advisory_xact_lock, which the server releases at the end of the transaction. lock() opens a
 * transaction and takes it there, so that creating the version table and reading the heads happen under
 * it; the runtime's BEGIN then joins that transaction, and every later BEGIN takes the lock again in its
 * new transaction. This only excludes other runs completely when the whole run is one transaction, so
 * transaction_per_migration is refused with it (16 racing runs: several failed with "already exists").
 * A non-transactional revision or an autocommit statement (CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD
 * VALUE) still releases the lock at its COMMIT, and another run may go between the two transactions.
 */
export async function lockPostgres(conn: Connection, url: DatabaseUrl, options: LockOptions): Promise<Lock> {
  const key = advisoryKey(options.key);
  if (lockMode(url) === "session") {
    await waitForLock(conn, "pg_try_advisory_lock", key, options);
    return {
      async release() {
        // A lost session has lost its lock too: nothing to release, and no error to hide the first one.
        if (conn instanceof PostgresConnection && conn.lost) return;
        await conn.execute("SELECT pg_advisory_unlock(CAST(? AS bigint))", [key]);
      },
    };
  }
  if (options.commitsPerRevision) {
    throw new ConfigError(
      'migrator_lock=xact holds the lock only until a COMMIT, and transaction_per_migration commits after each revision, so another run could ' +
        'apply the same revisions: set transaction_per_migration = false, or drop migrator_lock=xact from the URL unless the connection goes through PgBouncer in transaction mode',
    );
  }
  if (!(conn instanceof PostgresConnection)) {
    throw new MigratorError("migrator_lock=xact needs a connection opened by the PostgreSQL dialect");
  }
  conn.afterBegin = () => waitForLock(conn, "pg_try_advisory_xact_lock", key, options);
  try {
    if (!conn.inTransaction) await conn.execute("BEGIN");
  } catch (error) {
    conn.afterBegin = undefined;
    throw error;
  }
  return {
    async release() {
      conn.afterBegin = undefined;
      if (conn.lost) return;
      // The lock's own transaction, when nothing committed it (no migration ran): keep the version table.
      if (conn.inTransaction) await conn.execute("COMMIT");
    },
  };
}

/**
 * Poll pg_try_advisory_(xact_)lock with growing sleeps (25 ms to 500 ms) until it succeeds or
 * timeoutMs has passed. Polling needs no lock_timeout setting and works the same through PgBouncer.
 */
async function waitForLock(conn: Connection, fn: "pg_try_advisory_lock" | "pg_try_advisory_xact_lock", key: bigint, options: LockOptions): Promise<void> {
  const deadline = Date.now() + Math.max(0, options.timeoutMs);
  for (let delay = 25; ; delay = Math.min(delay * 2, 500)) {
    const rows = await conn.query<{ locked: boolean }>(`SELECT ${fn}(CAST(? AS bigint)) AS locked`, [key]);
    if (rows[0]?.locked === true) return;
    const left = deadline - Date.now();
    if (left <= 0) throw await timeoutError(conn, key, options);
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
  }
}

async function timeoutError(conn: Connection, key: bigint, options: LockOptions): Promise<LockTimeoutError> {
  let holder = "";
  try {
    // An advisory lock on a bigint key shows in pg_locks as classid = high 32 bits, objid = low 32 bits, objsubid = 1.
    const rows = await conn.query<{ pid: number; app: string | null; client: string | null }>(
      `SELECT l.pid, a.application_name AS app, host(a.client_addr) AS client
         FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid = CAST((CAST(? AS bigint) >> 32) & 4294967295 AS oid) AND l.objid = CAST(CAST(? AS bigint) & 4294967295 AS oid)`,
      [key, key],
    );
    const row = rows[0];
    if (row) holder = `server process ${row.pid}${row.app ? `, application "${row.app}"` : ""}${row.client ? ` from ${row.client}` : ""}`;
  } catch {
    // The holder is a nicety; the timeout is the error.
  }
  return LockTimeoutError.held(`"${options.key}"`, options.timeoutMs, holder);
}
