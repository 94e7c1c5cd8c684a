/**
 * A migration's statement waiting for a lock another session holds (an application's open transaction on the
 * table an ALTER TABLE needs) has a deadline set by each dialect (`table_lock_timeout`, which only ever lowers
 * the server's own). This watches one statement at a time: still running after a moment, it has the dialect
 * look up, from a second session, who holds what it waits for (again every few seconds while it runs, one
 * lookup at a time, each bounded), so that the run can say what it waits for and the error can name them.
 * A statement that does not wait costs a timer.
 */
import { TableLockTimeoutError } from "../errors.ts";

/** Who holds what a session waits for, as the dialect found them from another session. */
export interface Holders {
  /** "pid 4242 (user app, idle in transaction, open for 312 s, ...)", the ages `sinceS` seconds older than when looked up. */
  describe(sinceS: number): string;
  /** The statement that ends them ("SELECT pg_terminate_backend(4242)"), or "". */
  readonly end: string;
  /** The server said who blocks (PostgreSQL); false: sessions that may hold the lock (MySQL). */
  readonly certain: boolean;
}

/**
 * Looks up who holds what the session waits for (undefined: it is not waiting, or it cannot tell); `done` is
 * called when the statement ends, to close what the lookups opened.
 */
export interface HolderLookup {
  find(): Promise<Holders | undefined>;
  done(): void;
}

export interface LockWaitOptions {
  /** table_lock_timeout in ms (0: none of ours; the server's own may still end the wait). */
  readonly timeoutMs: number;
  /** Whether a driver error is the server giving up on a lock (lock_timeout, lock_wait_timeout, NOWAIT). */
  readonly isTimeout: (error: unknown) => boolean;
  readonly lookup: HolderLookup;
  /** Told once per statement, when its holders are first found: ": pid 4242 (...)" or ", perhaps session 9 (...)". */
  readonly onFound?: ((who: string) => void) | undefined;
  /** How long a statement runs before the first lookup (default 1 s, or half the deadline), and between lookups (5 s). */
  readonly delayMs?: number;
  readonly everyMs?: number;
  /** The longest one lookup may take before it is given up (2 s). */
  readonly lookupMs?: number;
}

export class LockWaitWatch {
  readonly #o: Required<Omit<LockWaitOptions, "onFound">> & Pick<LockWaitOptions, "onFound">;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #holders: { found: Holders; at: number } | undefined;
  /** Which statement a lookup was made for: an answer that comes after its statement ended is dropped. */
  #statement = 0;
  #startedAt = 0;
  #busy = false;
  #looked = false;
  #lookups = 0;

  constructor(options: LockWaitOptions) {
    const ms = options.timeoutMs;
    this.#o = { delayMs: ms > 0 ? Math.min(1000, ms / 2) : 1000, everyMs: 5000, lookupMs: 2000, ...options };
  }

  /** A statement was sent. */
  start(): void {
    this.#clear();
    this.#holders = undefined;
    this.#statement++;
    this.#startedAt = Date.now();
    this.#schedule(this.#o.delayMs);
  }

  /**
   * The statement ended (idempotent). With the server giving up on a lock: the error to throw instead, naming
   * who held it and which deadline passed (ours only when the statement waited that long: a NOWAIT, or a
   * lower lock timeout of the server, the role or the URL, gives up sooner).
   */
  stop(error?: unknown): unknown {
    this.#clear();
    this.#statement++;
    if (this.#looked) {
      this.#looked = false;
      this.#o.lookup.done();
    }
    if (error === undefined || !this.#o.isTimeout(error)) return error;
    const waitedMs = Date.now() - this.#startedAt;
    const held = this.#holders;
    const holders = held ? held.found.describe(Math.round((Date.now() - held.at) / 1000)) : "";
    const ours = this.#o.timeoutMs > 0 && waitedMs >= this.#o.timeoutMs - 250;
    return new TableLockTimeoutError(ours ? this.#o.timeoutMs : 0, waitedMs, holders, held?.found.end ?? "", held?.found.certain ?? false, error);
  }

  /** How many lookups were made. */
  get lookups(): number {
    return this.#lookups;
  }

  #clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(ms: number): void {
    const statement = this.#statement;
    const timer = setTimeout(() => {
      this.#schedule(this.#o.everyMs);
      // One lookup at a time: a slow one is not joined by the next.
      if (this.#busy) return;
      this.#busy = true;
      this.#looked = true;
      this.#lookups++;
      let bound: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<undefined>((resolve) => (bound = setTimeout(resolve, this.#o.lookupMs, undefined)));
      void Promise.race([this.#o.lookup.find(), late])
        .then((found) => {
          if (!found || this.#statement !== statement) return;
          const first = this.#holders === undefined;
          this.#holders = { found, at: Date.now() };
          if (first) this.#o.onFound?.(found.certain ? `: ${found.describe(0)}` : `, perhaps ${found.describe(0)}`);
        })
        .catch(() => {})
        .finally(() => {
          clearTimeout(bound);
          this.#busy = false;
        });
    }, ms);
    // A watcher never keeps the process alive by itself.
    (timer as { unref?: () => void }).unref?.();
    this.#timer = timer;
  }
}
