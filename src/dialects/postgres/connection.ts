import type { DatabaseUrl } from "../../config/url.ts";
import { ConnectionError, MigratorError } from "../../errors.ts";
import type { Connection } from "../connection.ts";
import type { ConnectOptions } from "../dialect.ts";
import { bounded } from "../bounded.ts";
import { mapPlaceholders } from "../sql/placeholders.ts";
import { connectDeadline, listenAddress, postgresOptions } from "./options.ts";
import { reserveSession } from "./reserve.ts";
import { readServer, SERVER_QUERY, type PostgresServer, type ServerRow } from "./server.ts";
import { SessionWatch } from "./session_watch.ts";
import { LockWaitWatch } from "../lock_wait_watch.ts";
import { LivenessWatch, selectOneCheck, silenceReason, type ServerCheck } from "../liveness_watch.ts";
import { poolerCheck } from "./pooler_check.ts";
import { serverKeepalive } from "./keepalive.ts";
import { BLOCKERS_QUERY, blockerHolders, isLockTimeout, lockTimeoutSetting, readBlockers } from "./lock_wait.ts";

type Sql = import("postgres").Sql;
type ReservedSql = import("postgres").ReservedSql;
type Row = Record<string, unknown>;

/**
 * Open one session with postgres.js. The driver is imported here, on first use, so that a binary talking
 * to another database never loads it. The pool has one connection and it is reserved for the whole
 * session, so that the transaction and session advisory locks all live on one server session.
 */
export async function connectPostgres(url: DatabaseUrl, options: ConnectOptions): Promise<PostgresConnection> {
  const config = postgresOptions(url, options);
  const { default: postgres } = await import("postgres");
  // The server or the network may end the session; the connection then refuses further statements.
  const watch = new SessionWatch(serverAddress(url));
  // The session's own first statement (a read of the version table's existence) goes with SERVER_QUERY: two
  // statements in one simple query, one round trip.
  const early = options.firstQuery !== undefined && !options.firstQuery.params?.length ? options.firstQuery.sql : undefined;
  try {
    const first = early === undefined ? SERVER_QUERY : `${SERVER_QUERY}; ${early}`;
    const session = await reserveSession(postgres, config, connectDeadline(url, options), () => void watch.end(), first);
    const conn = new PostgresConnection(session.sql, session.reserved, watch, session);
    await readServerFacts(conn, session.first, early);
    conn.watchLiveness(url, options);
    await conn.watchLockWaits(url, options);
    return conn;
  } catch (error) {
    throw connectError(url, config.database ?? "", error);
  }
}

/**
 * What the server says about itself (PostgresConnection.readServer). A lost session is a connect failure; an
 * engine of the same wire protocol that lacks one of the functions keeps the base facts (oldest version, no
 * pooler seen, writable). When `early` went along, it may be the statement that failed: SERVER_QUERY is then
 * asked alone, and the session's first query() sends `early` itself.
 */
async function readServerFacts(conn: PostgresConnection, sent?: Promise<unknown>, early?: string): Promise<void> {
  try {
    await conn.readServer(sent, early);
  } catch (error) {
    if (conn.lost) {
      await conn.close();
      throw error;
    }
    if (early !== undefined) await readServerFacts(conn);
  }
}

/** A Connection on one reserved postgres.js connection. */
export class PostgresConnection implements Connection {
  readonly #sql: Sql;
  readonly #reserved: ReservedSql;
  readonly #watch: SessionWatch;
  /** Destroys the session's socket; cancels a statement by the server's key for the session (reserve.ts). */
  readonly #destroy: () => void;
  readonly #cancel: (key: { pid: number; secret: number }) => Promise<void>;
  /** The statement in flight, which abort() cancels. */
  #current: unknown;
  #inTransaction = false;
  #closed = false;

  /**
   * Set while the transaction-level lock is held (lock.ts, `migrator_lock=xact`): called right after
   * each begin(), to take the lock in the new transaction. While it is set, a begin() inside an open
   * transaction joins it instead of being sent.
   */
  afterBegin: (() => Promise<void>) | undefined;

  /** `SET LOCAL lock_timeout` sent with each BEGIN (table_lock_timeout), and who blocks a statement that waits. */
  #lockTimeout: string | undefined;
  /** A pooler answers for the server: lock waits are watched in transactions only (the only place with a deadline). */
  #pooled = false;
  #lockWait: LockWaitWatch | undefined;
  /** A statement waiting for a server that stopped answering is failed (network_timeout). */
  #liveness: LivenessWatch | undefined;
  /** Settings that have the server end our session when we stop answering, sent with the lock wait deadline. */
  #keepalive: string | undefined;
  /** The answer to the session's first statement, sent at connect (ConnectOptions.firstQuery); dropped by any statement. */
  #early: { readonly sql: string; readonly rows: readonly Row[] } | undefined;

  /** What the server said about itself right after connecting (server.ts). */
  server: PostgresServer = readServer(undefined, undefined);

  constructor(
    sql: Sql,
    reserved: ReservedSql,
    watch: SessionWatch,
    socket: { destroy: () => void; cancel: (key: { pid: number; secret: number }) => Promise<void> },
  ) {
    this.#sql = sql;
    this.#reserved = reserved;
    this.#watch = watch;
    this.#destroy = socket.destroy;
    this.#cancel = socket.cancel;
  }

  /** Whether the server or the network ended the session (its locks and transaction went with it). */
  get lost(): boolean {
    return this.#watch.lost !== undefined;
  }

  /** Whether a transaction opened by begin() is still open. */
  get inTransaction(): boolean {
    return this.#inTransaction;
  }

  async execute(sql: string, params?: readonly unknown[]): Promise<void> {
    await this.#send(sql, params);
  }

  async query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    const rows = await this.#send(sql, params);
    return rows.map((row) => ({ ...row }) as T);
  }

  /**
   * Read the server's version, whether it takes writes, and whether a pooler answers for it: the process
   * id in the startup BackendKeyData (which postgres.js keeps on each result) against pg_backend_pid().
   * `sent`: the result of SERVER_QUERY run already, as the connection's first statement; followed by the
   * statement `early` when given, whose rows then answer the first query() of it.
   */
  async readServer(sent?: Promise<unknown>, early?: string): Promise<void> {
    type Result = import("postgres").RowList<import("postgres").Row[]>;
    const answer = (await this.#watch.guard(sent ?? this.#reserved.unsafe(SERVER_QUERY))) as Result | Result[];
    // Two statements give one result each.
    const [result, earlyRows] = early !== undefined && Array.isArray(answer[0]) ? (answer as Result[]) : [answer as Result, undefined];
    const key = (result as unknown as { state?: { pid?: unknown } } | undefined)?.state?.pid;
    this.server = readServer(result?.[0] as ServerRow | undefined, typeof key === "number" ? key : undefined);
    if (early !== undefined && earlyRows !== undefined) this.#early = { sql: early, rows: [...earlyRows] };
  }

  /**
   * Give each transaction a deadline for lock waits (`tableLockTimeoutMs`, unless the URL sets lock_timeout
   * itself), and have a statement that waits look up who blocks it from a second session, which a
   * transaction pooler makes impossible (the server process changes).
   */
  async watchLockWaits(url: DatabaseUrl, options: ConnectOptions): Promise<void> {
    // A read-only session holds no lock and no transaction that the server would keep after we are gone.
    if (options.readOnly) return;
    if (options.tableLockTimeoutMs === undefined) return this.#sendSessionSettings([]);
    // The URL's lock_timeout is the deadline when it sets one; 0 sets none, but a wait is still reported.
    const own = url.params["lock_timeout"] === undefined;
    const ms = own ? options.tableLockTimeoutMs : 0;
    // On a session of our own, once for the session: statements outside a transaction (transactional =
    // false, op.autocommit, CREATE INDEX CONCURRENTLY) get the deadline too. Behind a pooler a session
    // setting would stay on a server session other clients then use: with each BEGIN, for that transaction.
    this.#pooled = this.server.pooled;
    if (this.#pooled) this.#lockTimeout = lockTimeoutSetting(ms, true);
    else await this.#sendSessionSettings([lockTimeoutSetting(ms, false)]);
    const pid = this.server.pid;
    // One side session per statement that waits, opened by its first lookup and closed when it ends; it
    // connects within 2 s whatever the URL says.
    const sideUrl: DatabaseUrl = { ...url, params: { ...url.params, connect_timeout: "2" } };
    let side: Promise<PostgresConnection> | undefined;
    const lookup = {
      find: async () => {
        side ??= connectPostgres(sideUrl, { timeoutMs: 2000, readOnly: true });
        return blockerHolders(readBlockers(await (await side).query(BLOCKERS_QUERY, [pid])));
      },
      done: () => {
        const closing = side;
        side = undefined;
        void closing?.then((c) => c.close()).catch(() => {});
      },
    };
    const none = { find: async () => undefined, done: () => {} };
    this.#lockWait = new LockWaitWatch({
      timeoutMs: ms,
      isTimeout: isLockTimeout,
      // Behind a transaction pooler the server process changes: who blocks it cannot be asked.
      lookup: this.server.pooled || pid === 0 ? none : lookup,
      onFound: options.onLockWait,
    });
  }

  /**
   * Settings for the session, in one round trip: `settings` (the lock wait deadline), and, on a session of
   * our own (not a pooler's), the server's TCP keepalive and user timeout, so that the server too ends the
   * session (rolling back, releasing the lock) once we stop answering (keepalive.ts). An engine of the same
   * wire protocol that refuses the latter gets the former alone; one that refuses both runs without them.
   */
  async #sendSessionSettings(settings: readonly (string | undefined)[]): Promise<void> {
    const own = settings.filter((s): s is string => s !== undefined);
    const all = this.#keepalive && !this.server.pooled ? [...own, this.#keepalive] : own;
    for (const attempt of all.length > own.length ? [all, own] : [own]) {
      if (attempt.length === 0) return;
      try {
        await this.#send(attempt.join("; "), undefined);
        return;
      } catch (error) {
        // A lost session is a connect failure.
        if (this.lost) throw error;
      }
    }
  }

  /**
   * Fail a statement that waits for a server which stopped answering: after `networkTimeoutMs` without an
   * answer, neither on this session nor from a check on a second one, the session counts as lost.
   */
  watchLiveness(url: DatabaseUrl, options: ConnectOptions): void {
    const ms = options.networkTimeoutMs ?? 0;
    if (ms <= 0) return;
    let check: ServerCheck;
    if (this.server.pooled) {
      // Behind a pooler a check's session would wait in the pooler's queue when the pool is full (the run's
      // own session may hold its last server connection) and cut a long statement on a healthy server
      // (review finding: PgBouncer, default_pool_size 1, cut at 4 s): the check asks the pooler only.
      check = poolerCheck(listenAddress(url));
    } else {
      this.#keepalive = serverKeepalive(ms);
      // The checks connect within their own deadline, whatever the URL says.
      const { connect_timeout: _, ...params } = url.params;
      const checkUrl: DatabaseUrl = { ...url, params };
      check = selectOneCheck((timeoutMs) => connectPostgres(checkUrl, { timeoutMs, readOnly: true }), (c) => c.close(), serverAnswered);
    }
    const from = options.networkTimeoutFrom ?? "network_timeout";
    this.#liveness = new LivenessWatch({ timeoutMs: ms, check, onLost: () => void this.#end(silenceReason(ms, from)) });
  }

  /** End the session now (an interrupted run): a statement in flight is cancelled, the server rolls back. */
  async abort(): Promise<void> {
    if (this.#closed || this.lost) return;
    await this.#end("the run was interrupted");
  }

  /**
   * The session is over (`reason`): a statement in flight fails with it, the socket is destroyed, and the
   * server is asked to cancel the statement (at most 1 s): without it the server would notice the closed
   * socket only when the statement ends.
   */
  async #end(reason: string): Promise<void> {
    // The server's key for this session, which postgres.js keeps on each statement it runs.
    const key = (this.#current as { state?: { pid?: unknown; secret?: unknown } } | undefined)?.state;
    this.#watch.end({ message: reason });
    this.#destroy();
    void this.#sql.end({ timeout: 0 }).catch(() => {});
    if (typeof key?.pid === "number" && typeof key.secret === "number") await this.#cancel({ pid: key.pid, secret: key.secret });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.lost) {
      this.#destroy();
      await bounded(this.#sql.end({ timeout: 0 }), 1000);
      return;
    }
    this.#reserved.release();
    // end() writes Terminate at once, then waits until the server has closed the socket (its backend
    // exiting, a few ms): not waited for; once Terminate is written, the socket is closed here. A released
    // reserved connection can keep end() waiting (porsager/postgres#925): timeout 0 has the driver destroy
    // it on its next timer turn, where a longer timeout would keep a library user's process alive that long.
    void this.#sql.end({ timeout: 0 }).catch(() => {});
    await new Promise((resolve) => setImmediate(resolve));
    this.#destroy();
  }

  /**
   * BEGIN, sent here and tracked here. While the transaction-level lock is held (`afterBegin` set), a
   * begin inside an open transaction joins it (the lock's own), and each new one takes the lock again.
   */
  async begin(): Promise<void> {
    if (this.#inTransaction) {
      if (this.afterBegin) return;
      throw new MigratorError("A transaction is already open on this PostgreSQL connection");
    }
    // The lock wait deadline goes in BEGIN's round trip.
    await this.#send(this.#lockTimeout ? `BEGIN; ${this.#lockTimeout}` : "BEGIN", undefined);
    this.#inTransaction = true;
    if (!this.afterBegin) return;
    try {
      await this.afterBegin();
    } catch (error) {
      await this.rollback().catch(() => {});
      throw error;
    }
  }

  /** COMMIT; the transaction is over either way (a failed COMMIT rolls back on the server). */
  async commit(): Promise<void> {
    if (!this.#inTransaction) return;
    this.#inTransaction = false;
    await this.#send("COMMIT", undefined);
  }

  async rollback(): Promise<void> {
    if (!this.#inTransaction) return;
    this.#inTransaction = false;
    await this.#send("ROLLBACK", undefined);
  }

  /**
   * Without parameters the statement goes through the simple protocol: it may hold several statements,
   * and a `?` in it (the jsonb operator) is left alone. With parameters, the `?` placeholders outside
   * strings, identifiers, comments and dollar quotes become $1..$n; a statement written with $1..$n
   * and no `?` is sent as written.
   */
  async #send(sql: string, params: readonly unknown[] | undefined): Promise<Row[]> {
    if (this.#closed) throw new MigratorError("The PostgreSQL connection is closed");
    // Never a silent new session: the session's lock and open transaction are gone with the old one.
    const lost = this.#watch.lost;
    if (lost) throw lost;
    // The first statement of the session, answered at connect; any statement drops that answer.
    const early = this.#early;
    this.#early = undefined;
    if (early !== undefined && early.sql === sql && (!params || params.length === 0)) return [...early.rows];
    const query =
      !params || params.length === 0
        ? this.#reserved.unsafe(sql)
        : this.#reserved.unsafe(numberPlaceholders(sql, params.length), params.map(toParameter) as never[]);
    this.#current = query;
    // Behind a pooler, lock waits have a deadline inside a transaction only (SET LOCAL): only there is one watched.
    const lockWait = this.#inTransaction || !this.#pooled ? this.#lockWait : undefined;
    lockWait?.start();
    this.#liveness?.start();
    let result: Awaited<typeof query>;
    try {
      result = await this.#watch.guard(query);
    } catch (error) {
      throw lockWait ? lockWait.stop(error) : error;
    } finally {
      this.#current = undefined;
      this.#liveness?.stop();
    }
    lockWait?.stop();
    // Several statements in one string give one result per statement: keep the last.
    const last = Array.isArray(result[0]) ? result[result.length - 1] : result;
    return [...((last ?? []) as Iterable<Row>)];
  }
}

/** `?` → `$1..$n`; the count must match the parameters. */
export function numberPlaceholders(sql: string, count: number): string {
  let found = 0;
  const out = mapPlaceholders(sql, (i) => {
    found++;
    return `$${i + 1}`;
  });
  if (found === count || (found === 0 && /\$\d/.test(sql))) return out;
  throw new MigratorError(`Statement has ${found} placeholder(s) but ${count} parameter(s) were given: ${sql.slice(0, 200)}`);
}

/** A plain object goes out as JSON text (as offline literals write it); dates, bytes and arrays as the driver sends them. */
function toParameter(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === "object" && !(value instanceof Date) && !(value instanceof Uint8Array) && !Array.isArray(value)) {
    return JSON.stringify(value);
  }
  return value;
}

/** Whether the server answered, though with an error (too many connections, a failed statement): it is there. */
function serverAnswered(error: unknown): boolean {
  for (let e = error as { severity?: unknown; cause?: unknown } | undefined; e && typeof e === "object"; e = e.cause as typeof e) {
    if (typeof e.severity === "string") return true;
  }
  return false;
}

/** host:port, or the socket folder, as the URL names the server. */
export function serverAddress(url: DatabaseUrl): string {
  return url.params["host"] ?? `${url.host ?? "localhost"}:${url.params["port"] ?? url.port ?? 5432}`;
}

function connectError(url: DatabaseUrl, database: string, error: unknown): ConnectionError {
  const e = error as { code?: string; message?: string };
  const where = serverAddress(url);
  const hint =
    e.code === "ECONNREFUSED" ? "; is the server running and listening there?"
    : e.code === "ECONNRESET" || e.code === "CONNECTION_CLOSED" ? "; the server closed the connection while it was being opened (a restart, a pooler, or pg_terminate_backend): try again"
    : e.code === "28P01" ? "; check the user and password in the URL"
    : e.code === "28000" && /role .* does not exist/.test(e.message ?? "") ? "; check the user name in the URL"
    : e.code === "28000" ? "; the server's pg_hba.conf does not let this user in from here (or needs TLS: add ?sslmode=require)"
    : e.code === "3D000" ? `; create it first (CREATE DATABASE "${database.replaceAll('"', '""')}")`
    : e.code === "MIGRATOR_CONNECT_DEADLINE" ? "; check the host and port, or raise that deadline"
    : e.code === "CONNECT_TIMEOUT" ? "; check the host and port, or raise connect_timeout (seconds) in the URL"
    : e.code === "NOT_POSTGRES" ? "; check the port: is another service listening there?"
    : e.code === "42704" ? "; URL parameters that are not libpq's are sent to the server as settings"
    : /\b(TLS|SSL|certificate)\b/i.test(e.message ?? "") ? `; check that the server accepts TLS and the sslmode (${url.params["sslmode"] ?? "prefer"}) and ssl files in the URL`
    : "";
  const user = url.params["user"] ?? url.user;
  return new ConnectionError(
    `Cannot connect to PostgreSQL at ${where} ${user !== undefined ? `as "${user}"` : "as the default user"}, database "${database}": ${e.message ?? String(error)}${hint}`,
    // Waiting cannot fix a refused login, a database that does not exist or another service on the port.
    { cause: error, permanent: e.code === "28P01" || e.code === "28000" || e.code === "3D000" || e.code === "NOT_POSTGRES" },
  );
}
