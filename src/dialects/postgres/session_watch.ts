import { ConnectionLostError } from "../../errors.ts";

/** Driver error codes that mean the socket is gone, not that a statement failed. */
const SOCKET_CODES = new Set([
  "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED",
  "ECONNRESET", "EPIPE", "ECONNABORTED", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ERR_SOCKET_CLOSED",
]);

/** Whether a driver error means the session is gone: a socket error, or a FATAL/PANIC from the server. */
export function isSessionLoss(error: unknown): boolean {
  const e = error as { code?: unknown; severity?: unknown } | null;
  if (e === null || typeof e !== "object") return false;
  return (typeof e.code === "string" && SOCKET_CODES.has(e.code)) || e.severity === "FATAL" || e.severity === "PANIC";
}

/**
 * Watches one postgres.js session for its end, and never lets a statement wait on a session that has
 * ended. postgres.js 3.4 leaves a statement pending forever when it is sent between the socket's "error"
 * and "close" events (its close handler rejects pending statements only after a close without error),
 * and Bun's event loop then spins: the binary hung at 100% CPU. Every statement is therefore raced
 * against the driver's close callback, and the first sign of a lost session (a socket error, a FATAL
 * from the server such as "terminating connection due to administrator command") marks it lost.
 */
export class SessionWatch {
  #lost: ConnectionLostError | undefined;
  readonly #waiters = new Set<(error: ConnectionLostError) => void>();

  constructor(private readonly where: string) {}

  /** The error every statement gets once the session is gone; undefined while it is alive. */
  get lost(): ConnectionLostError | undefined {
    return this.#lost;
  }

  /** The session ended (the driver's onclose, or a statement's error that says so). The first reason is kept. */
  end(cause?: unknown): ConnectionLostError {
    this.#lost ??= new ConnectionLostError("PostgreSQL", this.where, describeLoss(cause), { cause });
    const lost = this.#lost;
    for (const reject of this.#waiters) reject(lost);
    this.#waiters.clear();
    return lost;
  }

  /** The driver's result, or the loss as soon as the session ends while it is pending. */
  async guard<T>(pending: PromiseLike<T>): Promise<T> {
    if (this.#lost) throw this.#lost;
    let reject!: (error: ConnectionLostError) => void;
    const ended = new Promise<never>((_, r) => (reject = r));
    this.#waiters.add(reject);
    // Settled later or never: either way nobody else waits for it.
    const driver = Promise.resolve(pending);
    driver.catch(() => {});
    try {
      return await Promise.race([driver, ended]);
    } catch (error) {
      throw isSessionLoss(error) ? this.end(error) : error;
    } finally {
      this.#waiters.delete(reject);
    }
  }
}

/** The driver's reason in words: the server's FATAL message, or what happened to the socket. */
function describeLoss(cause: unknown): string {
  const e = (cause ?? {}) as { code?: unknown; message?: unknown; severity?: unknown };
  if (e.severity === "FATAL" || e.severity === "PANIC") return `the server ended the session: ${String(e.message)}`;
  switch (e.code) {
    case "ECONNRESET":
      return "the server or the network reset the connection";
    case "CONNECTION_CLOSED":
    case "ERR_SOCKET_CLOSED":
      return "the server or the network closed the connection";
    case "ETIMEDOUT":
      return "the network timed out";
    case undefined:
      return cause === undefined ? "the server or the network closed the connection" : String(e.message ?? cause);
    default:
      return `${String(e.code)}: ${String(e.message ?? "")}`;
  }
}
