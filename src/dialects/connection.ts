/**
 * The small interface every driver is wrapped in. One Connection is one database session: statements
 * run in order on it, and its transaction and session locks live as long as it does.
 */
export interface Connection {
  /** Run one statement, with bound parameters. Transaction control goes through begin/commit/rollback, not here. */
  execute(sql: string, params?: readonly unknown[]): Promise<void>;
  /**
   * Run one statement with bookkeeping statements of migrator's own (complete, without parameters) right
   * before and right after it, in one round trip: the server runs them in order and stops at the first that
   * fails, so `before` is done before the statement starts and `after` only once it has succeeded. Throws
   * BatchPartError when one of `before` or `after` failed, else what execute() would. Absent where the
   * driver cannot (each is then sent alone, in the same order).
   */
  executeAround?(before: readonly string[], sql: string, params: readonly unknown[] | undefined, after: readonly string[]): Promise<void>;
  /**
   * Run `sqls` (bookkeeping statements of migrator's own, complete, without parameters) in a transaction
   * of their own, in one round trip: START TRANSACTION, each, COMMIT. When one of them fails the server
   * stops there with the transaction open (rollback() ends it): BatchPartError ("write", which); a failed
   * START TRANSACTION or COMMIT is thrown as begin() or commit() would. Absent where the driver cannot.
   */
  executeTransaction?(sqls: readonly string[]): Promise<void>;
  /** Run one statement and return its rows as objects keyed by column name. */
  query<T extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<T[]>;
  /** Open a transaction (the driver's own way: a statement, or an interactive transaction object). */
  begin(): Promise<void>;
  /** Commit the open one; a failed commit leaves none open (the server rolled it back, or we did). */
  commit(): Promise<void>;
  /** Roll back the open one. */
  rollback(): Promise<void>;
  /**
   * Whether a transaction that begin() opened is open. Known from begin/commit/rollback themselves, not
   * from the SQL passed to execute(); a statement that commits implicitly (MySQL's DDL) is the runtime's
   * to know (Dialect.commitsImplicitly).
   */
  readonly inTransaction: boolean;
  close(): Promise<void>;
  /**
   * End the session at once, failing a statement in flight, so that an interrupted run need not wait
   * for it (the server rolls back the open transaction). Resolves once the server has been told (a
   * PostgreSQL cancel request), within a second. A synchronous driver has nothing in flight.
   */
  abort?(): Promise<void>;
}

/** A held migration lock. */
export interface Lock {
  /**
   * Throws LockLostError when the lock may no longer be this run's (a lease taken over, or one that could
   * not be renewed before it ends): asked before each revision. Locks the server holds for the session
   * (advisory locks, GET_LOCK) have none: they end only with the session, which the run then has lost.
   */
  confirm?(): Promise<void>;
  release(): Promise<void>;
}

/** A bookkeeping statement sent around another (Connection.executeAround) failed: the later ones did not run. */
export class BatchPartError extends Error {
  constructor(
    /** Before the statement (which then did not run), after it (it ran), or one of executeTransaction's writes. */
    readonly part: "before" | "after" | "write",
    /** Which of that part failed, from 0. */
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}
