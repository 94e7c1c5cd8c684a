import type { Socket } from "node:net";
import { bounded } from "../bounded.ts";
import { dialer, sendCancelRequest } from "./dial.ts";
import { guardTypeFetch } from "./type_fetch_guard.ts";

type Postgres = typeof import("postgres");
type Sql = import("postgres").Sql;
type ReservedSql = import("postgres").ReservedSql;
type PgOptions = import("postgres").Options<Record<string, import("postgres").PostgresType>>;

/** The deadline passed before the server answered; `from` says what set it. */
export class ConnectDeadlineError extends Error {
  readonly code = "MIGRATOR_CONNECT_DEADLINE";
  constructor(readonly ms: number, readonly from: string) {
    super(`no answer within ${ms / 1000} s, the deadline set by ${from}`);
  }
}

/**
 * Open the pool and reserve its one connection before `deadline.ms` (0: no limit) has passed. The deadline
 * is ours, not the driver's: postgres.js restarts its timer at each reconnect and reconnects whenever an
 * attempt ends in a close (forever, against a server that answers and hangs up), and after a timed-out
 * attempt its end() dispatches the queued reservation on a new attempt with a full timer of its own
 * (awaiting that end() made `connect_timeout=1` give up after 2 s). When the deadline passes or the
 * attempt fails, every socket is destroyed and no new one is opened, so that nothing keeps the process
 * alive.
 */
export async function reserveSession(
  postgres: Postgres,
  config: PgOptions,
  deadline: { ms: number; from: string },
  onclose: () => void,
  first?: string,
): Promise<{
  sql: Sql;
  reserved: ReservedSql;
  /** The result of `first`, the statement run on the new connection before it was reserved. */
  first: Promise<import("postgres").RowList<import("postgres").Row[]>> | undefined;
  destroy: () => void;
  cancel: (key: { pid: number; secret: number }) => Promise<void>;
}> {
  const sockets = new Set<Socket>();
  let stopped = false;
  const server = "path" in config && config.path ? { path: config.path } : { host: String(config.host), port: Number(config.port) };
  const dial = dialer(server, sockets);
  // The `socket` option exists in postgres.js but not in its types.
  const options = { ...config, onclose, socket: () => (stopped ? Promise.reject(new Error("connecting was given up")) : dial()) } as PgOptions;
  const unguard = guardTypeFetch();
  const sql = postgres(options);
  // Queued before the reservation, `first` is the statement the new connection runs as soon as it is
  // ready; the pool then hands the connection to the reservation. (A reservation that opens the
  // connection itself would, with fetch_types off, never be handed it: postgres.js 3.4.)
  const firstResult = first === undefined ? undefined : sql.unsafe(first).execute();
  firstResult?.catch(() => {});
  // The driver queues a statement a microtask after it is made: let it be queued first.
  if (firstResult) await new Promise((resolve) => setImmediate(resolve));
  const reserving = sql.reserve();
  reserving.catch(() => {}); // settled after the deadline, or never
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    if (deadline.ms > 0) timer = setTimeout(() => reject(new ConnectDeadlineError(deadline.ms, deadline.from)), deadline.ms);
  });
  try {
    // When connecting fails, only `first`, the statement that opened the connection, hears it: the
    // reservation would wait for a reconnect. A statement error (an engine without one of its functions)
    // leaves the connection open and the reservation is served.
    const failed = firstResult?.then(
      () => new Promise<never>(() => {}),
      (error: unknown) => (isStatementError(postgres, error) ? new Promise<never>(() => {}) : Promise.reject(error)),
    );
    const reserved = await Promise.race([reserving, late, ...(failed ? [failed] : [])]);
    // Ends the session's socket at once: the driver's end() sends Terminate and waits for the server to
    // close, which a server busy with a statement does only when the statement ends.
    const destroy = () => {
      for (const socket of sockets) socket.destroy();
    };
    return { sql, reserved, first: firstResult, destroy, cancel: (key) => sendCancelRequest(server, key, 1000) };
  } catch (error) {
    stopped = true;
    for (const socket of sockets) socket.destroy();
    await bounded(sql.end({ timeout: 0 }), 1000);
    throw error;
  } finally {
    clearTimeout(timer);
    unguard();
  }
}


/** An error of the statement itself (SQLSTATE class 42 syntax or undefined object, 0A not supported, 22 data), not of the connection. */
function isStatementError(postgres: Postgres, error: unknown): boolean {
  return error instanceof postgres.PostgresError && /^(?:42|0A|22)/.test(String((error as { code?: unknown }).code));
}
