import type { Statement } from "../dialects/dialect.ts";
import { BookkeepingWriteError } from "./transaction.ts";

/**
 * A revision's count of statements completed, held after the statement that completed it instead of
 * written in that statement's round trip: it goes right before the revision's next statement, in that
 * statement's round trip, and at the revision's end it is dropped, since the completion row carries the
 * final count. That saves one commit (an fsync) per revision where statements commit on their own
 * (MySQL's DDL, a `transactional = false` revision), and no round trip is added.
 *
 * A count is held only while nothing else happens on the connection and no transaction can open: it is
 * written alone first before a statement that runs in a transaction (MySQL's DML after DDL), before a
 * catalog read of a compile, a read (op.query, op.inspect) and op.autocommit(), and at the end of
 * op.autocommit()'s function, before the transaction is opened again; and once the revision's code waits
 * on anything else (the next turn of the event loop: a timer, another service). A kill can then leave
 * the row one statement short, as one during a statement does ("statement N+1 may have run too"), in a
 * window of the code run between two statements without waiting: a synchronous stretch of the revision's
 * own code, or a compile that reads nothing.
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
      throw new BookkeepingWriteError(write, "alone", error);
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
