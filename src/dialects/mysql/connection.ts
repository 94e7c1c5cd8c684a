import type { DatabaseUrl } from "../../config/url.ts";
import { ConnectionError, ConnectionLostError, MigratorError } from "../../errors.ts";
import { BatchPartError, type Connection } from "../connection.ts";
import type { ConnectOptions } from "../dialect.ts";
import { bounded } from "../bounded.ts";
import { mapPlaceholders } from "../sql/placeholders.ts";
import { LivenessWatch, selectOneCheck, silenceReason } from "../liveness_watch.ts";
import { MYSQL_QUOTES } from "./ddl.ts";
import { mysqlOptions } from "./options.ts";
import { LockWaitWatch } from "../lock_wait_watch.ts";
import { holdersQuery, isLockWaitTimeout, lockWaitAssignments, possibleHolders } from "./lock_wait.ts";
import { idleDeadline, idleDeadlineAssignment, keepAwake } from "./idle_deadline.ts";
import { GALERA_STATUS_QUERY, nameValues, readServer, rememberServer, SERVER_VARIABLES_QUERY, type MysqlServer } from "./server.ts";

type MysqlOptions = import("mysql2/promise").ConnectionOptions;

/**
 * Open one mysql2 connection (promise API) on the database the URL names. mysql2 is imported here, on
 * first use, so that a binary talking to another database never loads it.
 * Parameters are bound on our side (`literal`), since mysql2's own formatting also replaces a `?` inside
 * a string literal; statements go through the text protocol (`query`), as much DDL cannot be prepared.
 */
export async function connectMysql(url: DatabaseUrl, options: ConnectOptions, literal: (value: unknown) => string): Promise<Connection> {
  const config = mysqlOptions(url, options);
  const mysql = await import("mysql2/promise");
  let conn: import("mysql2/promise").Connection;
  try {
    conn = await mysql.createConnection(config);
  } catch (error) {
    throw connectError(url, options, error);
  }
  // A connection lost while idle is reported as an event; the next statement then fails with the reason.
  conn.on("error", () => {});
  const where = serverAddress(url);
  // The connection under the promise API (its `connection`, which mysql2's types do not declare).
  const callbacks = (conn as unknown as { connection: import("mysql2").Connection }).connection;
  // abort() fails the statements in flight at once; mysql2 may never settle them on a destroyed socket.
  const inFlight = new Set<(error: Error) => void>();
  let aborted: ConnectionLostError | undefined;
  // table_lock_timeout: the session's lock waits have a deadline, and a statement that waits has the
  // sessions that may hold the lock looked up from another connection, to be named by the error.
  const lockWaits = options.readOnly ? undefined : lockWaitAssignments(options.tableLockTimeoutMs);
  // network_timeout: the server ends the session once it is idle for twice that (idle_deadline.ts); a
  // session that reads only holds no lock and is left as it is.
  const idle = options.readOnly ? undefined : idleDeadline(options.networkTimeoutMs);
  const settings = [lockWaits, idle && idleDeadlineAssignment(idle)].filter((s) => s !== undefined);
  // 0 sets no deadline (the server's own stay), but a wait is still reported.
  const watchWaits = !options.readOnly && options.tableLockTimeoutMs !== undefined;
  let watch: LockWaitWatch | undefined;
  let stopPings = () => {};
  /**
   * The session is over (`reason`): the statements in flight fail with it at once (mysql2 may never settle
   * them on a destroyed socket), and, if one was running, the server is asked from another connection to end
   * the session (at most 1 s), so that it rolls back and releases the lock now: it would notice the closed
   * socket only when the statement ends.
   */
  const end = async (reason: string) => {
    if (aborted) return;
    stopPings();
    aborted = new ConnectionLostError("MySQL", where, reason);
    const busy = inFlight.size > 0;
    for (const reject of inFlight) reject(aborted);
    const thread = conn.threadId;
    conn.destroy();
    if (busy && thread) await bounded(killSession(mysql, config, thread), 1000);
  };
  // A statement waiting for a server that stopped answering fails (network_timeout).
  const liveness = livenessWatch(mysql, config, options, (reason) => void end(reason));
  // When the last statement ended (0: one is in flight), for the pings that keep an idle session alive.
  let idleSince = performance.now();
  // `onCommand` is handed mysql2's query command, whose results so far tell which statement of a
  // multi-statement packet failed.
  const send = async (sql: string, onCommand?: (command: unknown) => void) => {
    if (aborted) throw aborted;
    idleSince = 0;
    let reject!: (error: Error) => void;
    const cut = new Promise<never>((_, r) => (reject = r));
    inFlight.add(reject);
    watch?.start();
    liveness?.start();
    // The callback API under the promise one: the promise API captures a stack trace for every statement.
    const pending = new Promise<[unknown, unknown]>((resolve, fail) => {
      const command = callbacks.query(sql, (error: unknown, result: unknown, fields: unknown) => (error ? fail(error) : resolve([result, fields])));
      onCommand?.(command);
    });
    pending.catch(() => {});
    try {
      const result = await Promise.race([pending, cut]);
      watch?.stop();
      return result;
    } catch (error) {
      // A syntax error quotes the statement, newlines and all ("near '\n  b INT\n)'"), and an error is shown
      // by its first line: on one line, it keeps the part that says where.
      if (error instanceof Error && error.message.includes("\n")) error.message = error.message.replace(/\s*\n\s*/g, " ");
      const named = watch ? watch.stop(error) : error;
      // mysql2 marks the errors after which the connection is unusable (the server closed it, a reset) as fatal.
      if ((error as { fatal?: unknown }).fatal === true) throw new ConnectionLostError("MySQL", where, lostReason(error), { cause: error });
      throw named;
    } finally {
      inFlight.delete(reject);
      liveness?.stop();
      if (inFlight.size === 0) idleSince = performance.now();
    }
  };
  const rowsOf = async (sql: string) => {
    const [result] = await send(sql);
    return (Array.isArray(result) ? result : []) as Record<string, unknown>[];
  };
  // The session's settings go in the same round trip as the server's settings. A server that refuses them
  // (a MySQL-compatible engine without them) runs without a deadline of ours.
  const readVariables = async (): Promise<Record<string, unknown>[]> => {
    if (settings.length === 0) return rowsOf(SERVER_VARIABLES_QUERY);
    try {
      const [results] = await send(`SET SESSION ${settings.join(", ")};\n${SERVER_VARIABLES_QUERY}`);
      return (results as unknown[])[1] as Record<string, unknown>[];
    } catch (error) {
      if (error instanceof ConnectionLostError) throw error;
      return rowsOf(SERVER_VARIABLES_QUERY);
    }
  };
  let server: MysqlServer;
  try {
    const variables = nameValues(await readVariables());
    const galera = /^(on|1)$/i.test(variables.get("wsrep_on") ?? "") ? nameValues(await rowsOf(GALERA_STATUS_QUERY)) : undefined;
    server = readServer(variables, galera);
  } catch (error) {
    conn.destroy();
    // The session was open but is not usable yet: killed or cut during its first query, it is a connect failure.
    throw connectError(url, options, { message: `reading the server's settings (SHOW VARIABLES) failed: ${(error as Error).message}`, cause: error });
  }
  /**
   * One multi-statement packet (the session allows them: multipleStatements): the statement on lines of its
   * own, so that a comment it ends with ends there. The server stops at the first statement that fails;
   * mysql2 has then kept the results of those before it.
   */
  const packet = async (before: readonly string[], stmt: string, after: readonly string[]) => {
    let command: { _rows?: unknown } | undefined;
    try {
      await send([...before, `${stmt}\n`, ...after].join(";\n"), (c) => (command = c as typeof command));
    } catch (error) {
      if (error instanceof ConnectionLostError) throw error;
      const done = Array.isArray(command?._rows) ? command._rows.length : before.length;
      if (done < before.length) throw new BatchPartError("before", done, error);
      if (done > before.length) throw new BatchPartError("after", done - before.length - 1, error);
      throw error;
    }
  };
  // As begin/commit/rollback left it: DDL's implicit commit is not seen here (the runtime's Transaction
  // knows it from Dialect.commitsImplicitly).
  let open = false;
  const connection: Connection = {
    async execute(sql, params) {
      await send(bindParams(sql, params, literal));
    },
    async executeAround(before, sql, params, after) {
      const stmt = bindParams(sql, params, literal);
      // A statement with a ";" of its own (in a string, a comment, a routine's body, or a last one followed
      // by a comment) could not be followed by another on the packet: what follows it goes alone.
      const alone = after.length > 0 && stmt.replace(/;\s*$/, "").includes(";");
      await packet(before, alone ? stmt : stmt.replace(/;\s*$/, ""), alone ? [] : after);
      if (alone) {
        try {
          for (const write of after) await send(write);
        } catch (error) {
          if (error instanceof ConnectionLostError) throw error;
          throw new BatchPartError("after", 0, error);
        }
      }
    },
    async executeTransaction(sqls) {
      let command: { _rows?: unknown } | undefined;
      open = true;
      try {
        await send(["START TRANSACTION", ...sqls, "COMMIT"].join(";\n"), (c) => (command = c as typeof command));
        open = false;
      } catch (error) {
        const done = Array.isArray(command?._rows) ? command._rows.length : 0;
        // Stopped at one of the writes: the transaction is open, for rollback(). Else it never opened, or the COMMIT failed.
        if (!(error instanceof ConnectionLostError) && done >= 1 && done <= sqls.length) throw new BatchPartError("write", done - 1, error);
        open = false;
        throw error;
      }
    },
    get inTransaction() {
      return open;
    },
    async begin() {
      // START TRANSACTION commits a transaction still open, as DDL does: no state to refuse it on.
      await send("START TRANSACTION");
      open = true;
    },
    async commit() {
      open = false;
      await send("COMMIT");
    },
    async rollback() {
      open = false;
      await send("ROLLBACK");
    },
    async query<T extends Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]> {
      const [result] = await send(bindParams(sql, params, literal));
      if (!Array.isArray(result)) return [];
      // CALL returns one array per result set: keep the first.
      const rows = (Array.isArray(result[0]) ? result[0] : result) as unknown[];
      return rows.map((row) => ({ ...(row as T) }));
    },
    async close() {
      stopPings();
      if (aborted) return;
      try {
        await conn.end();
      } catch {
        conn.destroy();
      }
    },
    async abort() {
      await end("the run was interrupted");
    },
  };
  rememberServer(connection, server);
  if (idle) {
    // A ping's failure is the next statement's to report (the connection is then gone).
    stopPings = keepAwake(idle, () => (idleSince === 0 || aborted ? 0 : performance.now() - idleSince), () => {
      idleSince = performance.now();
      callbacks.ping(() => {});
    });
  }
  if (watchWaits) {
    const query = holdersQuery(conn.threadId);
    // One side connection per statement that runs long, opened by its first lookup, closed when it ends.
    let side: Promise<import("mysql2/promise").Connection> | undefined;
    const lookup = {
      find: async () => {
        side ??= mysql.createConnection({ ...config, connectTimeout: 2000 });
        const [rows] = await (await side).query(query);
        return possibleHolders(rows as Record<string, unknown>[]);
      },
      done: () => {
        const closing = side;
        side = undefined;
        void closing?.then((c) => c.destroy()).catch(() => {});
      },
    };
    watch = new LockWaitWatch({ timeoutMs: options.tableLockTimeoutMs ?? 0, isTimeout: isLockWaitTimeout, lookup, onFound: options.onLockWait });
  }
  return connection;
}

/**
 * The watch that fails a statement once the server has not answered for network_timeout: checks on a
 * connection of their own (`SELECT 1`), kept while they answer; an error the server sends (too many
 * connections) is an answer. Undefined without a timeout.
 */
function livenessWatch(
  mysql: typeof import("mysql2/promise"),
  config: MysqlOptions,
  options: ConnectOptions,
  lost: (reason: string) => void,
): LivenessWatch | undefined {
  const ms = options.networkTimeoutMs ?? 0;
  if (ms <= 0) return undefined;
  const open = async (connectTimeout: number) => {
    const side = await mysql.createConnection({ ...config, connectTimeout });
    side.on("error", () => {});
    return side;
  };
  // An error of the server's own carries its SQLSTATE; a network one does not.
  const check = selectOneCheck(open, (c) => c.destroy(), (error) => typeof (error as { sqlState?: unknown }).sqlState === "string");
  const from = options.networkTimeoutFrom ?? "network_timeout";
  return new LivenessWatch({ timeoutMs: ms, check, onLost: () => lost(silenceReason(ms, from)) });
}

/** KILL a session from a connection of its own. */
async function killSession(mysql: typeof import("mysql2/promise"), config: MysqlOptions, thread: number): Promise<void> {
  const killer = await mysql.createConnection({ ...config, connectTimeout: 1000 });
  try {
    await killer.query(`KILL ${Number(thread)}`);
  } finally {
    killer.destroy();
  }
}

/** Splice the parameters into the statement as literals; a `?` in a string, identifier or comment is left alone. */
export function bindParams(sql: string, params: readonly unknown[] | undefined, literal: (value: unknown) => string): string {
  if (!params || params.length === 0) return sql;
  let count = 0;
  const out = mapPlaceholders(sql, (i) => {
    count++;
    return i < params.length ? literal(params[i]) : "?";
  }, MYSQL_QUOTES);
  if (count !== params.length) {
    throw new MigratorError(`Statement has ${count} placeholder(s) but ${params.length} parameter(s) were given: ${sql.slice(0, 200)}`);
  }
  return out;
}

/** host:port, or the socket file, as the URL names the server. */
export function serverAddress(url: DatabaseUrl): string {
  return url.params["socket"] ?? url.params["unix_socket"] ?? `${url.host ?? "localhost"}:${url.port ?? 3306}`;
}

/** mysql2's reason for a lost connection, in words. */
function lostReason(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  if (e.code === "PROTOCOL_CONNECTION_LOST") return "the server or the network closed the connection";
  if (e.code === "ECONNRESET") return "the server or the network reset the connection";
  return String(e.message ?? error);
}

function connectError(url: DatabaseUrl, options: ConnectOptions, error: unknown): ConnectionError {
  const e = error as { code?: string; message?: string };
  const where = serverAddress(url);
  const seconds = url.params["connect_timeout"] ?? url.params["connectTimeout"];
  const deadline = seconds !== undefined ? `${seconds} s, the deadline set by connect_timeout in the URL` : `${options.timeoutMs / 1000} s, the deadline set by ${options.timeoutFrom ?? "connect_timeout"}`;
  const message =
    e.code === "ETIMEDOUT" ? `no answer within ${deadline}; check the host and port, or raise that deadline`
    : e.code === "PROTOCOL_CONNECTION_LOST" ? `the server at ${where} closed the connection before the MySQL handshake was done; is it a MySQL server?`
    : `${e.message ?? String(error)}${
        e.code === "ECONNREFUSED" ? "; is the server running and listening there?"
        : e.code === "ER_ACCESS_DENIED_ERROR" ? "; check the user and password in the URL"
        : e.code === "ER_BAD_DB_ERROR" ? `; create it first (CREATE DATABASE \`${url.database}\`)`
        : ""
      }`;
  return new ConnectionError(
    `Cannot connect to MySQL at ${where} ${url.user !== undefined ? `as "${url.user}"` : "without a user"}, database "${url.database}": ${message}`,
    // Waiting cannot fix a refused login or a database that does not exist.
    { cause: error, permanent: e.code === "ER_ACCESS_DENIED_ERROR" || e.code === "ER_DBACCESS_DENIED_ERROR" || e.code === "ER_BAD_DB_ERROR" },
  );
}
