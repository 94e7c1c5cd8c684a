import type { Statement } from "../dialects/dialect.ts";
import { BookkeepingWriteError } from "./transaction.ts";

/**
 * A revision's count of statements completed, held after the statement that completed it instead of
 * written at once: it goes right before the revision's next statement, in that statement's round trip
 * (no round trip more than when it went right after the statement that completed it), and at the
 * revision's end it is dropped, since the revision's final row carries the count: the commit (an fsync)
 * of the count after a revision's last statement is saved (MySQL's DDL; a `transactional = false` revision). The count is never held across anything that could take long: once
 * the revision's code waits on something else (a timer, another service: the next turn of the event loop
 * comes), it is written alone at once; before a read, before a statement that opens a transaction (which
 * would take the count into it) and before `op.autocommit()`, it is written alone first. So what a kill can
 * leave is what it could before, in a window as wide as a few microtasks: the row's count one short,
 * with "statement N+1 may have run too" in the next run's message.
 */
export class HeldProgress {
  /** The count held, not written yet. */
  #count: number | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The write the timer sent, its reply not taken yet. */
  #sending: Promise<void> | undefined;
  #failure: unknown;

  constructor(
    /** The write that records a count (the runner's RevisionRecord), asked for only when it is sent. */
    readonly writeFor: (committed: number) => Promise<Statement | undefined>,
    /** Sends a write alone, with no transaction open. */
    private readonly send: (write: Statement) => Promise<void>,
  ) {}

  /** A statement completed `committed` statements for good: hold the count until the next one. */
  hold(committed: number): void {
    this.#count = committed;
    this.#timer ??= setTimeout(this.#onTimer, 0);
  }

  /**
   * The held count, taken to be written with the next statement (or alone, `write`); undefined when
   * nothing is held. The timer is stopped at the call, before anything is awaited. A write the timer sent
   * that failed is thrown here.
   */
  async take(): Promise<number | undefined> {
    this.#cancelTimer();
    await this.#settle();
    const count = this.#count;
    this.#count = undefined;
    return count;
  }

  /** Write a count alone, now (before what must not carry it). */
  async write(committed: number): Promise<void> {
    const write = await this.writeFor(committed);
    if (!write) return;
    try {
      await this.send(write);
    } catch (error) {
      throw new BookkeepingWriteError(write, false, error);
    }
  }

  /** Write the held count now, alone. */
  async flush(): Promise<void> {
    const count = await this.take();
    if (count !== undefined) await this.write(count);
  }

  /** The revision's code has ended: the count is dropped (the final row carries it); a failed write is thrown. */
  async drop(): Promise<void> {
    this.#cancelTimer();
    this.#count = undefined;
    await this.#settle();
  }

  /** The run failed: forget everything, a failure too (the failed row is written again whole). */
  async reset(): Promise<void> {
    this.#cancelTimer();
    this.#count = undefined;
    await this.#settle().catch(() => {});
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    const sent = this.flush();
    this.#sending = sent;
    sent.catch((error: unknown) => {
      this.#failure ??= error;
    });
  };

  #cancelTimer(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #settle(): Promise<void> {
    const sending = this.#sending;
    this.#sending = undefined;
    if (sending) await sending.catch(() => {});
    const failure = this.#failure;
    this.#failure = undefined;
    if (failure !== undefined) throw failure;
  }
}
