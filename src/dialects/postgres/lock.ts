import type { DatabaseUrl } from "../../config/url.ts";
import { ConfigError, LockTimeoutError, MigratorError, ReadOnlyServerError } from "../../errors.ts";
import type { Connection, Lock } from "../connection.ts";
import type { LockOptions } from "../dialect.ts";
import { PostgresConnection, serverAddress } from "./connection.ts";
import { lockMode, type PostgresLockMode } from "./options.ts";
import type { PostgresServer } from "./server.ts";
import { sha256 } from "../../sha256.ts";

/** The advisory lock key for a LockOptions.key: the first 8 bytes of its SHA-256, as a signed bigint. */
export function advisoryKey(key: string): bigint {
  return sha256(`migrator:${key}`).readBigInt64BE(0);
}

/**
 * What the advisory key is derived from: the version table's schema-qualified name. An unqualified table
 * (no version_table_schema) is in the session's current_schema(), the first existing schema of its
 * search_path, so the key names that schema as version_table_schema would: two tenants reached by
 * `?search_path=tenant_a` and `?search_path=tenant_b` have two version tables and two locks, while two
 * runs on one version table share one lock however their URLs write the path (`public`, `"$user", public`,
 * none, or version_table_schema = tenant_a beside `?search_path=tenant_a`).
 */
export function lockKeyText(key: string, currentSchema: string | null | undefined): string {
  return currentSchema && !key.includes(".") ? `${currentSchema}.${key}` : key;
}

async function resolvedLockKey(conn: Connection, key: string): Promise<string> {
  if (key.includes(".")) return key;
  // Read at connect with the server's facts; an engine of the same wire protocol that did not answer that query is asked now.
  if (conn instanceof PostgresConnection && conn.server.versionNum > 0) return lockKeyText(key, conn.server.currentSchema);
  const rows = await conn.query<{ schema: string | null }>("SELECT current_schema() AS schema");
  return lockKeyText(key, rows[0]?.schema);
}

/**
 * The run lock: a PostgreSQL advisory lock on a key derived from the version table's name, so that two
 * projects on one database do not block each other (advisory locks are per database already).
 *
 * First, a server that takes no writes (a hot standby, default_transaction_read_only) is refused with
 * ReadOnlyServerError, before any lock is waited for.
 *
 * Session mode: pg_advisory_lock held by the session; the server drops it when the session ends, so a
 * crashed run never leaves a stale lock. Used when the client talks to the server itself.
 *
 * Transaction mode: pg_advisory_xact_lock, which the server releases at the end of the transaction. Used
 * when a pooler answers for the server (connect saw another process id in BackendKeyData than
 * pg_backend_pid(): PgBouncer, Odyssey, pgcat...), since behind transaction pooling a session lock
 * outlives the transaction on a server connection another client gets next, and its unlock may run on
 * another server connection than the lock. `?migrator_lock=xact` forces it, `?migrator_lock=session`
 * forces the session lock (a pooler in session mode). lock() opens a transaction and takes it there, so
 * that creating the version table and reading the heads happen under it; the runtime's begin() then joins
 * that transaction, and every later begin() takes the lock again in its new transaction. This only excludes
 * other runs completely when the whole run is one transaction, so transaction_per_migration is refused
 * with it (16 racing runs: several failed with "already exists"). A non-transactional revision or an
 * autocommit statement (CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE) still releases the lock at
 * its COMMIT, and another run may go between the two transactions.
 */
export async function lockPostgres(conn: Connection, url: DatabaseUrl, options: LockOptions): Promise<Lock> {
  const server = conn instanceof PostgresConnection ? conn.server : undefined;
  if (server?.readOnly !== undefined) throw new ReadOnlyServerError(`PostgreSQL at ${serverAddress(url)}`, server.readOnly);
  const key = advisoryKey(await resolvedLockKey(conn, options.key));
  const watchClient = server !== undefined && server.versionNum >= 140000;
  if (effectiveLockMode(lockMode(url), server) === "session") {
    if (watchClient) await conn.execute(`SET client_connection_check_interval = ${CLIENT_CHECK_MS}`);
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
    const why = lockMode(url) === "xact"
      ? "migrator_lock=xact holds the lock only until a COMMIT"
      : "the connection goes through a pooler (another process answered than the server's own), so the lock is the transaction-level one, held only until a COMMIT";
    throw new ConfigError(
      `${why}, and transaction_per_migration commits after each revision, so another run could apply the same revisions: ` +
        (lockMode(url) === "xact"
          ? "set transaction_per_migration = false, or drop migrator_lock=xact from the URL unless the connection goes through PgBouncer in transaction mode"
          : "set transaction_per_migration = false, or connect to the server itself for migrations"),
    );
  }
  if (!(conn instanceof PostgresConnection)) {
    throw new MigratorError("migrator_lock=xact needs a connection opened by the PostgreSQL dialect");
  }
  conn.afterBegin = async () => {
    if (watchClient) await conn.execute(`SET LOCAL client_connection_check_interval = ${CLIENT_CHECK_MS}`);
    await waitForLock(conn, "pg_try_advisory_xact_lock", key, options);
  };
  try {
    if (!conn.inTransaction) await conn.begin();
  } catch (error) {
    conn.afterBegin = undefined;
    throw error;
  }
  return {
    async release() {
      conn.afterBegin = undefined;
      if (conn.lost) return;
      // The lock's own transaction, when nothing committed it (no migration ran): keep the version table.
      if (conn.inTransaction) await conn.commit();
    },
  };
}

/**
 * How often (ms) the server checks, during a long statement, that the lock holder is still connected
 * (client_connection_check_interval, PostgreSQL 14+). Without it a holder killed with SIGKILL in the
 * middle of a long statement keeps its lock until the statement ends, since the server notices the closed
 * socket only when it next reads from it; behind PgBouncer the closed socket is PgBouncer's server
 * connection, which it closes when its client goes away in a transaction.
 */
const CLIENT_CHECK_MS = 1000;

/** The lock a URL's mode comes to on this server: "auto" is the transaction lock behind a pooler. */
export function effectiveLockMode(mode: PostgresLockMode, server: PostgresServer | undefined): "session" | "xact" {
  if (mode !== "auto") return mode;
  return server?.pooled === true ? "xact" : "session";
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
