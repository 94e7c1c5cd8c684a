/**
 * A migration's statement waiting for a lock another session holds (an application's open transaction on the
 * table an ALTER TABLE needs) has a deadline set by each dialect (`table_lock_timeout`). This watches one
 * statement at a time: still running after a moment, it has the dialect look up, from a second session, who
 * holds the lock (again every few seconds while it waits), so that the error can name them. A statement that
 * does not wait costs a timer.
 */
import { holdersPhrase, TableLockTimeoutError } from "../errors.ts";

/** Who holds what a session waits for, as the dialect found them from another session. */
export interface Holders {
  /** "pid 4242 (user app, idle in transaction, open for 312 s, ...)", the ages `sinceS` seconds older than when looked up. */
  describe(sinceS: number): string;
  /** The statement that ends them ("SELECT pg_terminate_backend(4242)"), or "". */
  readonly end: string;
  /** The server said who blocks (PostgreSQL); false: sessions that may hold the lock (MySQL). */
  readonly certain: boolean;
}

/** Looks up who holds what the session waits for; undefined when it cannot tell. */
export type HolderLookup = () => Promise<Holders | undefined>;

export interface LockWaitOptions {
  /** table_lock_timeout in ms; 0: the deadline is not ours but `otherLimit`'s (or there is none). */
  readonly timeoutMs: number;
  /** Whether a driver error is the server cancelling a statement whose lock wait passed the deadline. */
  readonly isTimeout: (error: unknown) => boolean;
  readonly lookup: HolderLookup;
  /** Told once per statement, when its holders are first found: ": pid 4242 (...)" or ", perhaps session 9 (...)". */
  readonly onFound?: ((who: string) => void) | undefined;
  /** The deadline when timeoutMs is 0: "lock_timeout of the database URL", the server's setting. */
  readonly otherLimit?: string;
  /** How long a statement runs before the first lookup (default 1 s, or half the deadline), and between lookups (5 s). */
  readonly delayMs?: number;
  readonly everyMs?: number;
}

export class LockWaitWatch {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #holders: { found: Holders; at: number } | undefined;
  /** Which statement a lookup was made for: an answer that comes after its statement ended is dropped. */
  #statement = 0;
  #lookups = 0;

  readonly #o: Required<Omit<LockWaitOptions, "onFound">> & Pick<LockWaitOptions, "onFound">;

  constructor(options: LockWaitOptions) {
    const ms = options.timeoutMs;
    this.#o = { otherLimit: "", delayMs: ms > 0 ? Math.min(1000, ms / 2) : 1000, everyMs: 5000, ...options };
  }

  /** A statement was sent. */
  start(): void {
    this.#holders = undefined;
    this.#statement++;
    this.#schedule(this.#o.delayMs);
  }

  /** The statement ended; with a lock wait timeout, the error to throw instead, naming who held the lock. */
  stop(error?: unknown): unknown {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#statement++;
    if (error === undefined || !this.#o.isTimeout(error)) return error;
    const held = this.#holders;
    const holders = held ? held.found.describe(Math.round((Date.now() - held.at) / 1000)) : "";
    return new TableLockTimeoutError(this.#o.timeoutMs, holders, held?.found.end ?? "", held?.found.certain ?? false, {
      cause: error,
      ...(this.#o.otherLimit ? { limit: this.#o.otherLimit } : {}),
    });
  }

  /** How many lookups were made. */
  get lookups(): number {
    return this.#lookups;
  }

  #schedule(ms: number): void {
    const statement = this.#statement;
    const timer = setTimeout(() => {
      this.#lookups++;
      void this.#o.lookup()
        .then((found) => {
          if (!found || this.#statement !== statement) return;
          const first = this.#holders === undefined;
          this.#holders = { found, at: Date.now() };
          if (first) this.#o.onFound?.(holdersPhrase(found.describe(0), found.certain));
        })
        .catch(() => {});
      this.#schedule(this.#o.everyMs);
    }, ms);
    // A watcher never keeps the process alive by itself.
    (timer as { unref?: () => void }).unref?.();
    this.#timer = timer;
  }
}
