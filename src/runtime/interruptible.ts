import type { Statement } from "../dialects/dialect.ts";
import type { StatementTarget } from "./target.ts";

/** How often a run yields to the event loop, so that a signal is seen even under a synchronous driver. */
const YIELD_EVERY_MS = 50;

/**
 * The target a run sends its statements to when it can be interrupted (SIGINT/SIGTERM in the CLI, an
 * AbortSignal for library callers). Once `signal` aborts, the next statement throws instead of running,
 * and a statement in flight is cut off by ending the session, whose transaction the server then rolls
 * back: a stop never waits for a long statement. A synchronous driver (SQLite) never returns to the event
 * loop, where signals are delivered, between statements: the target yields to it every 50 ms, unless the
 * loop has turned since the last check on its own (an asynchronous driver's every round trip does), as a
 * timer set then has fired: a yield costs a timer's turn (about 1 ms in Bun).
 * `disarm()` lets the runner's own ROLLBACK through, once the cut-off session is ended.
 */
export function interruptible(target: StatementTarget, signal: StopSignal): { target: StatementTarget; disarm(): Promise<void> } {
  let armed = true;
  let inFlight = 0;
  let yielded = Date.now();
  // Set by a timer armed at each check: the event loop turned (and delivered signals) since then.
  let turned = false;
  let beat: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    turned = false;
    beat = setTimeout(() => (turned = true), 0);
  };
  arm();
  let aborting: Promise<void> = Promise.resolve();
  const onAbort = () => {
    if (armed && inFlight > 0) aborting = Promise.resolve(target.abort?.()).catch(() => {});
  };
  signal.addEventListener("abort", onAbort, { once: true });
  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    if (armed && Date.now() - yielded > YIELD_EVERY_MS) {
      if (!turned) await new Promise((resolve) => setTimeout(resolve, 0));
      yielded = Date.now();
      arm();
    }
    if (armed && signal.aborted) throw new Error(`interrupted by ${String(signal.reason)}`);
    inFlight++;
    try {
      return await run();
    } finally {
      inFlight--;
    }
  };
  return {
    target: {
      offline: target.offline,
      statement: (stmt) => guard(() => target.statement(stmt)),
      ...(target.statementAround
        ? { statementAround: (before: readonly Statement[], stmt: Statement, after: readonly Statement[]) => guard(() => target.statementAround!(before, stmt, after)) }
        : {}),
      ...(target.transaction ? { transaction: (stmts: readonly Statement[]) => guard(() => target.transaction!(stmts)) } : {}),
      begin: () => guard(() => target.begin()),
      commit: () => guard(() => target.commit()),
      rollback: () => guard(() => target.rollback()),
      query: (sql, params) => guard(() => target.query(sql, params)),
      comment: (text) => target.comment(text),
    },
    /** Stop watching the signal; resolves once a session cut off by it has been ended. */
    async disarm() {
      armed = false;
      clearTimeout(beat);
      signal.removeEventListener("abort", onAbort);
      await aborting;
    },
  };
}

/**
 * What a run reads of an AbortSignal (an AbortController's signal fits): declared here so that the public
 * types (migrator.d.ts) need no DOM or Node library.
 */
export interface StopSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}
