import type { Config } from "../config/types.ts";
import { parseDatabaseUrl, type DatabaseUrl } from "../config/url.ts";
import type { Connection, Lock } from "../dialects/connection.ts";
import type { CompileContext, Dialect, Statement, VersionTableSql } from "../dialects/dialect.ts";
import { loadDialect } from "../dialects/registry.ts";
import { ConfigError, ConnectionError, MigratorError } from "../errors.ts";
import { bookkeepingTables, historyTableName, type BookkeepingTables } from "../bookkeeping/tables.ts";
import { LEASE_TABLE } from "../dialects/lease_store.ts";

/** A dialect and the version table it writes, chosen from the config's URL: all an offline run needs. */
export interface Target {
  readonly url: DatabaseUrl;
  readonly dialect: Dialect;
  readonly versionTable: VersionTableSql;
  /** The version table and the history table beside it. */
  readonly bookkeeping: BookkeepingTables;
}

/** A live connection on top of a Target. */
export interface Session extends Target {
  readonly conn: Connection;
  readonly compileContext: CompileContext;
}

/** `offline`: for a script (--sql), where the URL only chooses the dialect; the error then says so. */
export async function resolveTarget(config: Config, offline = false): Promise<Target> {
  if (!config.url) {
    const where = config.file ? ` for [${config.section}] in ${config.file}` : "";
    if (offline) {
      throw new ConfigError(
        `No database URL${where}: an offline script only needs the dialect, so --url postgresql:// (or mysql://, sqlite://) is enough; ` +
          `or set DATABASE_URL (in the environment or in .env), or url in the config file`,
      );
    }
    throw new ConfigError(`No database URL${where}: set DATABASE_URL (in the environment or in .env), pass --url, or set url in the config file`);
  }
  const url = parseDatabaseUrl(config.url);
  const loaded = await loadDialect(url.dialect);
  // Offline, the server's version is the one the user names (server_version); online the server says its own.
  const dialect = offline && config.serverVersion ? forVersion(loaded, config.serverVersion) : loaded;
  const bookkeeping = bookkeepingTables(dialect, { name: config.versionTable, schema: config.versionTableSchema });
  return { url, dialect, versionTable: bookkeeping.version, bookkeeping };
}

/** What a command waits for, as its `onWait` hook hears it. */
export type WaitEvent =
  /** `--wait`: the database does not accept connections yet (every few seconds, with the last error). */
  | { readonly kind: "database"; readonly lastError: string; readonly elapsedMs: number }
  /** Another process holds the migration lock (once, after a moment of waiting). */
  | { readonly kind: "lock" }
  /**
   * A migration's statement waits for a lock another session holds (once per statement, when who holds it
   * is found): `who` is ": pid 4242 (...)" or ", perhaps session 9 (...)"; it gives up after `timeoutMs`.
   */
  | { readonly kind: "table-lock"; readonly who: string; readonly timeoutMs: number };

export type OnWait = ((event: WaitEvent) => void) | undefined;

/** How often `--wait` reports that it is still waiting (the first failed attempt is reported at once). */
const WAIT_REPORT_MS = 3000;
/** How long a lock may take before the run says it is waiting for another process. */
const LOCK_REPORT_MS = 500;

/** `firstQuery`: the statement the session runs first, which the dialect may send with its connect (ConnectOptions). */
export async function openSession(config: Config, readOnly = false, onWait?: OnWait, firstQuery?: (target: Target) => Statement): Promise<Session> {
  const target = await resolveTarget(config);
  const conn = await connectWithRetry(target, config, readOnly, onWait, firstQuery?.(target));
  // The dialect as this server has it (capabilities refined by its version).
  const dialect = target.dialect.forServer?.(conn) ?? target.dialect;
  return {
    ...target,
    dialect,
    conn,
    compileContext: liveContext({ ...target, dialect }, conn, config),
  };
}

/**
 * What compiling an op may read from the live database: tables with the names the server gave unnamed
 * constraints (to drop one found by structure), and the whole database for op.inspect(), without the
 * bookkeeping tables.
 */
function liveContext(target: Target, conn: Connection, config: Config): CompileContext {
  return {
    table: (ref) => target.dialect.reflectTable(conn, ref, { serverNames: true }),
    model: () => target.dialect.reflect(conn, { serverNames: true, skipTable: isBookkeepingTable(config) }),
    ...(target.dialect.typeUsage ? { typeUsage: (type) => target.dialect.typeUsage!(conn, type) } : {}),
    ...(target.dialect.tableTriggers ? { triggers: (table) => target.dialect.tableTriggers!(conn, table) } : {}),
    ...(target.dialect.viewsOver ? { viewsOver: (columns) => target.dialect.viewsOver!(conn, columns) } : {}),
    ...(target.dialect.lostWithColumn ? { lostWithColumn: (table, column) => target.dialect.lostWithColumn!(conn, table, column) } : {}),
  };
}

/** Whether a reflected table is one of migrator's bookkeeping tables, which schema comparisons leave out. */
export function isBookkeepingTable(config: Config): (ref: { readonly name: string; readonly schema?: string }) => boolean {
  const names = [config.versionTable, historyTableName(config.versionTable)].map((n) => n.toLowerCase());
  return (ref) => {
    const name = ref.name.toLowerCase();
    const schema = ref.schema ?? null;
    // The lease lock's table (libSQL, Galera, the PostgreSQL-wire variants) lives in the default schema.
    return (names.includes(name) && schema === (config.versionTableSchema ?? null)) || (name === LEASE_TABLE && schema === null);
  };
}

/**
 * Connect; with `waitMs` > 0 (`--wait`), retry until the database accepts connections or the time is up,
 * for containers that start before their database.
 */
async function connectWithRetry(target: Target, config: Config, readOnly: boolean, onWait: OnWait, firstQuery: Statement | undefined): Promise<Connection> {
  const started = Date.now();
  const deadline = started + config.waitMs;
  let reported = -Infinity;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
    try {
      return await target.dialect.connect(target.url, {
        timeoutMs: config.connectTimeoutMs,
        timeoutFrom: config.connectTimeoutFrom ?? `the default connect_timeout (${config.connectTimeoutMs / 1000} s)`,
        busyTimeoutMs: config.lockTimeoutMs,
        networkTimeoutMs: config.networkTimeoutMs,
        networkTimeoutFrom: config.networkTimeoutFrom ?? "the default network_timeout",
        ...(readOnly
          ? {}
          : {
              tableLockTimeoutMs: config.tableLockTimeoutMs,
              onLockWait: (who: string) => onWait?.({ kind: "table-lock", who, timeoutMs: config.tableLockTimeoutMs }),
            }),
        readOnly,
        ...(firstQuery ? { firstQuery } : {}),
      });
    } catch (error) {
      if (error instanceof MigratorError && !(error instanceof ConnectionError)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      // Waiting cannot fix a refused login or an unknown database: say so at once.
      if (error instanceof ConnectionError && error.permanent) throw error;
      // The last attempt is made at the deadline, not a back-off step before it: --wait-timeout 60 waits 60 s.
      const now = Date.now();
      if (now >= deadline) {
        const waited = config.waitMs > 0 ? ` (gave up after ${((Date.now() - started) / 1000).toFixed(1)} s of --wait-timeout ${config.waitMs / 1000} s)` : "";
        // A dialect's own ConnectionError already says where and why; others get that context here.
        const message = error instanceof ConnectionError ? `${reason}${waited}` : `Cannot connect to the ${target.dialect.name} database${waited}: ${reason}`;
        throw new ConnectionError(message, { cause: error });
      }
      if (now - reported >= WAIT_REPORT_MS) {
        reported = now;
        onWait?.({ kind: "database", lastError: reason, elapsedMs: reported - started });
      }
      await new Promise((r) => setTimeout(r, Math.min(delay, deadline - now)));
    }
  }
}

/** The version table's rows; none when the table does not exist yet. */
export async function readHeads(session: Session): Promise<string[]> {
  try {
    const exists = session.versionTable.exists();
    const found = await session.conn.query(exists.sql, exists.params);
    if (found.length === 0) return [];
    const rows = await session.conn.query<{ version_num: string }>(session.versionTable.select());
    return rows.map((r) => String(r.version_num));
  } catch (error) {
    throw versionTableError("read", session, error);
  }
}

/**
 * The version table's rows, read in a session of their own (current, history, show) that runs nothing else:
 * the check that the table exists is sent with the dialect's connect (PostgreSQL: in its first round trip).
 */
export function readHeadsAlone(config: Config, onWait?: OnWait): Promise<string[]> {
  return withSession(config, readHeads, onWait, (target) => target.versionTable.exists());
}

/** A database error on the version table, with the table's name and what to check. */
function versionTableError(action: string, session: Session, error: unknown): MigratorError {
  if (error instanceof MigratorError) return error;
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new MigratorError(
    `Cannot ${action} the version table ${session.versionTable.name}: ${reason}; check version_table and version_table_schema`,
    { cause: error },
  );
}

/**
 * Open a session, take the migration lock, and run `fn` with the heads read under the lock (and the lock,
 * for a run to confirm before each revision). A second process waits here and then sees the first one's work. The bookkeeping tables are created by what
 * records something (the runner, stamp, repair), not here.
 */
export async function withLockedSession<T>(config: Config, fn: (session: Session, heads: string[], lock: Lock) => Promise<T>, onWait?: OnWait): Promise<T> {
  const session = await openSession(config, false, onWait);
  try {
    let told = false;
    const tell = () => {
      if (!told) onWait?.({ kind: "lock" });
      told = true;
    };
    const waiting = setTimeout(tell, LOCK_REPORT_MS);
    const lock = await session.dialect
      .lock(session.conn, session.url, {
        timeoutMs: config.lockTimeoutMs,
        key: config.versionTableSchema ? `${config.versionTableSchema}.${config.versionTable}` : config.versionTable,
        onWait: tell,
        commitsPerRevision: config.transactionPerMigration,
      })
      .finally(() => clearTimeout(waiting));
    let result: T;
    try {
      result = await fn(session, await readHeads(session), lock);
    } catch (error) {
      // The run's own error is the one to report; a failure to release the lock must not hide it.
      await lock.release().catch(() => {});
      throw error;
    }
    await lock.release();
    return result;
  } finally {
    await session.conn.close();
  }
}

/**
 * A session for reading only (no lock): an embedded database that does not exist is not created.
 * `firstQuery`: the statement `fn` runs first (see openSession).
 */
export async function withSession<T>(config: Config, fn: (session: Session) => Promise<T>, onWait?: OnWait, firstQuery?: (target: Target) => Statement): Promise<T> {
  const session = await openSession(config, true, onWait, firstQuery);
  try {
    return await fn(session);
  } finally {
    await session.conn.close();
  }
}

function forVersion(dialect: Dialect, version: string): Dialect {
  if (!dialect.forVersion) throw new ConfigError(`server_version "${version}" means nothing to the ${dialect.name} dialect: its offline SQL does not depend on the server's version; leave it out`);
  return dialect.forVersion(version);
}
