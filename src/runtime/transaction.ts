import { BatchPartError } from "../dialects/connection.ts";
import type { Dialect, Statement } from "../dialects/dialect.ts";
import { MigratorError } from "../errors.ts";
import type { StatementTarget, StatementWriter } from "./target.ts";
import { transactionControl } from "./transaction_control.ts";

/**
 * "none": no transaction. "open": one is open on the target. "deferred": one is wanted but not opened yet,
 * where statements commit implicitly (MySQL's DDL): it is opened before the first statement it changes.
 */
type State = "none" | "deferred" | "open";

/**
 * The one owner of transaction boundaries, for upgrade, downgrade, stamp and repair, online and in an
 * offline script (the target opens and commits a transaction its own way: the connection's methods, or
 * the script's BEGIN;/COMMIT;). It decides when a transaction starts and ends (once for the run, per
 * revision, none for a `transactional = false` revision), and it alone asks the dialect which statements
 * commit implicitly: after one, the session is in autocommit, and the transaction is opened again only
 * before a statement that it changes. So a revision of MySQL DDL sends no START TRANSACTION, and a lone
 * bookkeeping write runs alone (one statement is atomic); several that must land together get one.
 * A migration's statement may carry bookkeeping writes right before and after it (`Around`: a revision's
 * started row, its count of statements completed): one round trip where the target can (statementAround).
 * A revision's own transaction of held writes (its version-table update and history row) is sent at its
 * end without waiting for the reply (`endRevision`): the server commits it while the next revision is
 * prepared, and its outcome is taken before anything else is sent (`#settle`), so nothing runs after a
 * commit that failed. That failure is thrown as PipelinedCommitError, again by every call until rollback().
 */
export class Transaction {
  #state: State = "none";
  /**
   * Writes that must land together, held for one round trip with the START TRANSACTION before them and
   * the COMMIT after them (target.transaction): the transaction is "open" for them, not sent yet.
   */
  #held: Statement[] | undefined;
  /** The held writes' transaction sent by endRevision, its reply not taken yet. */
  #inFlight: Promise<void> | undefined;
  /** How that transaction failed: thrown by every call that would send something, until rollback(). */
  #failure: PipelinedCommitError | undefined;
  /** Commit after each revision: asked for, or where DDL commits implicitly (one run-long transaction would not survive it). */
  readonly perRevision: boolean;

  constructor(
    private readonly target: StatementTarget,
    private readonly dialect: Dialect,
    options: { readonly perMigration?: boolean } = {},
    /** Called after each COMMIT that succeeded, including those `outside()` makes. */
    private readonly onCommit: () => void = () => {},
  ) {
    this.perRevision = (options.perMigration ?? false) || !dialect.capabilities.transactionalDdl;
  }

  /** Whether a transaction is open on the target: what a rollback would take back. */
  get open(): boolean {
    return this.#state === "open";
  }

  /** A run starts: one transaction for all of it, unless each revision gets its own. */
  async startRun(): Promise<void> {
    if (!this.perRevision) await this.begin();
  }

  /** A revision starts: in a transaction, or (`transactional = false`) with none open. */
  startRevision(transactional: boolean): Promise<void> {
    return transactional ? this.begin() : this.commit();
  }

  // The steps that are not async functions (together, begin, statement, ready, #run) go on in a rare case
  // with `.then(this.step.bind(this, ...))`, not an arrow: an arrow capturing the arguments would make
  // JavaScriptCore allocate the method's scope on every call, the common ones too (a script's every statement).

  /**
   * `count` bookkeeping writes that must land together follow (a revision's version-table update and its
   * history row; a stamp's rows): with no transaction open, several get one of their own, opened now.
   */
  together(count: number): Promise<void> {
    if (this.#unsettled()) return this.#settle().then(this.together.bind(this, count));
    if (count <= 1 || this.#state === "open") return READY;
    if (this.target.transaction) {
      this.#held = [];
      this.#state = "open";
      return READY;
    }
    return this.#open();
  }

  /** A revision has run and been recorded: commit it where each revision commits; reopen the run's transaction after a non-transactional one. */
  async endRevision(transactional: boolean): Promise<void> {
    if (!this.perRevision && transactional) return await this.begin();
    const held = this.#held;
    if (!held) return await this.commit();
    // Sent now, its reply taken before the next call sends anything (#settle).
    this.#held = undefined;
    await this.#settle();
    this.#state = "none";
    const sent = this.target.transaction!(held);
    sent.catch(() => {});
    this.#inFlight = sent;
  }

  /**
   * Take the reply of the transaction endRevision sent, if not taken yet, throwing its failure: before
   * what reads the database past this class (a compile's catalog reads, op.inspect()).
   */
  settle(): Promise<void> {
    return this.#unsettled() ? this.#settle() : READY;
  }

  /**
   * Take the reply of the transaction endRevision sent, if not taken yet: its failure is returned (and
   * thrown by every later call that would send something, until rollback()).
   */
  async settled(): Promise<PipelinedCommitError | undefined> {
    return await this.#settle().then(
      () => undefined,
      (error: unknown) => {
        if (error instanceof PipelinedCommitError) return error;
        throw error;
      },
    );
  }

  /**
   * A transaction for what follows: opened now where DDL is transactional, deferred where statements commit
   * implicitly. These steps are not async functions: a run asks for them around each of its revisions,
   * most often with nothing to do.
   */
  begin(): Promise<void> {
    if (this.#state !== "none") return READY;
    if (this.dialect.commitsImplicitly) {
      this.#state = "deferred";
      return READY;
    }
    return this.#open();
  }

  async commit(): Promise<void> {
    await this.#settle();
    const held = this.#held;
    this.#held = undefined;
    if (held) return await this.#commitHeld(held);
    const was = this.#state;
    this.#state = "none";
    if (was !== "open") return;
    await this.target.commit();
    this.onCommit();
  }

  async rollback(): Promise<void> {
    // A failed pipelined transaction is ended here, like one that failed in commit()'s round trip.
    await this.#settle().catch(() => {});
    this.#failure = undefined;
    // Writes held for the commit's round trip were never sent: nothing to roll back.
    if (this.#held) this.#state = "none";
    this.#held = undefined;
    const was = this.#state;
    this.#state = "none";
    if (was === "open") await this.target.rollback();
  }

  /** Run `fn` outside any transaction (op.autocommit, CREATE INDEX CONCURRENTLY), then reopen the one that was wanted. */
  async outside<T>(fn: () => Promise<T>): Promise<T> {
    const wanted = this.#state !== "none";
    await this.commit();
    try {
      return await fn();
    } finally {
      if (wanted) await this.begin();
    }
  }

  /**
   * A statement of a migration. A deferred transaction is opened before one that does not commit
   * implicitly (see `ready`); after one that does (even when it fails: MySQL commits before running it)
   * the session is in autocommit and the transaction deferred again. Transaction control in a migration
   * is refused: the boundaries are this class's, and `op.autocommit()` or `transactional = false` say what
   * a COMMIT would.
   */
  statement(stmt: Statement, around: Around = {}): Promise<void> {
    // Not an async function: a script's every statement comes here, most with nothing held or deferred.
    if (this.#held) return this.#release().then(this.statement.bind(this, stmt, around));
    const control = transactionControl(stmt.sql);
    if (control) {
      return Promise.reject(
        new MigratorError(
          `A migration cannot run ${control} itself: migrator opens and commits the transactions; for statements that must run outside one use op.autocommit(async () => { ... }), or export const transactional = false for the whole revision (in a .sql revision: -- migrate:up transaction:false)`,
        ),
      );
    }
    const run = around.before || around.after ? around : undefined;
    if (this.#state === "deferred") return this.ready(stmt).then(this.#run.bind(this, stmt, run));
    return this.#run(stmt, run);
  }

  /** Whether a transaction is open once `stmt` has run (asked after `ready`): if not, it commits for good. */
  openAfter(stmt: Statement): boolean {
    return this.#state === "open" && !this.#commitsImplicitly(stmt);
  }

  /**
   * Open a deferred transaction now if `stmt` is a statement it changes, so that bookkeeping written just
   * before it (a revision's started row) lands with it: rolled back with it, or committed by it.
   */
  ready(stmt: Statement): Promise<void> {
    // Not an async function: it is asked before every statement of a run, and most find nothing to do.
    if (this.#unsettled()) return this.#settle().then(this.ready.bind(this, stmt));
    if (this.#state === "deferred" && !this.#commitsImplicitly(stmt)) return this.#open();
    return READY;
  }

  /**
   * A bookkeeping write: in the open transaction, or alone (autocommit) where none is open; it never opens
   * one. Its statement() is awaited by every write of a Journal (one or more per revision of a run).
   */
  get writer(): StatementWriter {
    return {
      offline: this.target.offline,
      statement: (stmt) => {
        if (!this.#held) return this.#run(stmt);
        this.#held.push(stmt);
        return READY;
      },
      query: async (sql, params) => {
        await this.#settle();
        await this.#release();
        return await this.target.query(sql, params);
      },
    };
  }

  /** Every caller awaits it in an async function: a statement the target refuses at once fails there too. */
  #run(stmt: Statement, around?: Around): Promise<void> {
    if (this.#unsettled()) return this.#settle().then(this.#run.bind(this, stmt, around));
    // A statement that commits nothing leaves the state as it is: no async frame for it (most statements).
    if (this.#commitsImplicitly(stmt)) return this.#runImplicit(stmt, around);
    return around ? this.#around(stmt, around) : this.target.statement(stmt);
  }

  /** A statement that commits implicitly: after it, even when it fails, the session is in autocommit. */
  async #runImplicit(stmt: Statement, around?: Around): Promise<void> {
    try {
      if (!around) await this.target.statement(stmt);
      else await this.#around(stmt, around);
    } finally {
      if (this.#state === "open") this.#state = "deferred";
    }
  }

  #commitsImplicitly(stmt: Statement): boolean {
    return this.dialect.commitsImplicitly?.(stmt.sql) ?? false;
  }

  /** `stmt` with its bookkeeping writes: in one round trip where the target can, else one by one. */
  async #around(stmt: Statement, { before, after }: Around): Promise<void> {
    if (this.target.statementAround) {
      try {
        return await this.target.statementAround(before ? [before] : [], stmt, after ? [after] : []);
      } catch (error) {
        if (!(error instanceof BatchPartError)) throw error;
        if (error.part === "before") throw new BookkeepingWriteError(before!, "before", error.cause);
        throw new BookkeepingWriteError(after!, "after", error.cause);
      }
    }
    if (before) await this.#write(before, false);
    await this.target.statement(stmt);
    if (after) await this.#write(after, true);
  }

  /** A bookkeeping write sent alone, failing as such. */
  async #write(write: Statement, ran: boolean): Promise<void> {
    try {
      await this.target.statement(write);
    } catch (error) {
      throw new BookkeepingWriteError(write, ran ? "after" : "before", error);
    }
  }

  /** The held writes and their transaction in one round trip; a write that fails leaves it open, for rollback(). */
  async #commitHeld(held: readonly Statement[]): Promise<void> {
    try {
      await this.target.transaction!(held);
    } catch (error) {
      this.#state = error instanceof BatchPartError ? "open" : "none";
      if (error instanceof BatchPartError) throw new HeldWriteError(error.cause);
      throw error;
    }
    this.#state = "none";
    this.onCommit();
  }

  /** Whether a reply of endRevision's transaction is still to take, or its failure to throw (#settle). */
  #unsettled(): boolean {
    return this.#inFlight !== undefined || this.#failure !== undefined;
  }

  /**
   * The reply of the transaction endRevision sent, taken: on success the commit is counted (onCommit); a
   * failure is thrown, now and by every later call until rollback().
   */
  async #settle(): Promise<void> {
    if (this.#failure) throw this.#failure;
    const sent = this.#inFlight;
    if (!sent) return;
    this.#inFlight = undefined;
    try {
      await sent;
    } catch (error) {
      // A write failed: the server stopped there with the transaction open, for rollback().
      const write = error instanceof BatchPartError;
      this.#state = write ? "open" : "none";
      throw (this.#failure = new PipelinedCommitError(write ? error.cause : error, write));
    }
    this.onCommit();
  }

  /** Something other than a held write comes: send the transaction and the writes held so far, one by one. */
  async #release(): Promise<void> {
    const held = this.#held;
    if (!held) return;
    this.#held = undefined;
    await this.target.begin();
    for (const stmt of held) await this.#run(stmt);
  }

  async #open(): Promise<void> {
    await this.#settle();
    await this.target.begin();
    this.#state = "open";
  }
}

/** What ready(), begin() and together() return when there is nothing to open. */
const READY: Promise<void> = Promise.resolve();

/** Bookkeeping writes that go with a migration's statement: right before it (done before it starts), right after it (done once it succeeded). */
export interface Around {
  readonly before?: Statement | undefined;
  readonly after?: Statement | undefined;
}

/** A bookkeeping write sent with a migration's statement failed: right before it (the statement was not sent), or right after it (it ran). */
export class BookkeepingWriteError extends MigratorError {
  /** Whether the migration's statement it went with ran (the write came after it). */
  readonly statementRan: boolean;

  constructor(
    write: Statement,
    where: "before" | "after",
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const when = where === "before" ? "before its next statement, which was not sent" : "after its statement, which ran";
    super(`Cannot record the revision's progress ${when} (${write.sql.slice(0, 120)}): ${reason}`, { cause });
    this.statementRan = where === "after";
  }
}

/**
 * A write held for the commit's round trip (the version table's, a history row's) failed, before the
 * COMMIT: the transaction is still open, for rollback(). Its cause is the write's own error.
 */
export class HeldWriteError extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * The transaction of held writes that endRevision sent without waiting (a revision's version-table update
 * and history row) failed, as found before the next call was sent: one of its writes (`write`; the
 * transaction is open, for rollback()), or its START TRANSACTION or COMMIT, or the connection went
 * (whether it committed is then unknown). Its cause is the driver's error. Nothing was sent after it.
 */
export class PipelinedCommitError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly write: boolean,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}
