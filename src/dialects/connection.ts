/**
 * The small interface every driver is wrapped in. One Connection is one database session: statements
 * run in order on it, so BEGIN/COMMIT and session locks behave as on a plain connection.
 */
export interface Connection {
  /** Run one statement, with bound parameters. */
  execute(sql: string, params?: readonly unknown[]): Promise<void>;
  /** Run one statement and return its rows as objects keyed by column name. */
  query<T extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<T[]>;
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
  release(): Promise<void>;
}
