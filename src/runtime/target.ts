import type { Connection } from "../dialects/connection.ts";
import type { Dialect, Statement } from "../dialects/dialect.ts";

/**
 * Where statements end up: a live connection, or the lines of an offline script. The runner and the
 * op sink speak only to this, so online and offline runs share every other line of code.
 */
export interface StatementTarget {
  readonly offline: boolean;
  statement(stmt: Statement): Promise<void>;
  /**
   * `stmt` with bookkeeping writes right before and after it, in one round trip (Connection.executeAround;
   * a BatchPartError names one of them that failed). Absent: the caller sends them one by one. Online
   * only: a script has no round trips.
   */
  statementAround?(before: readonly Statement[], stmt: Statement, after: readonly Statement[]): Promise<void>;
  /**
   * Run bookkeeping writes in a transaction of their own, in one round trip (Connection.executeTransaction;
   * a BatchPartError names a write that failed, the transaction then still open). Absent: begin, each, commit.
   */
  transaction?(stmts: readonly Statement[]): Promise<void>;
  /** Open, commit, roll back a transaction: the connection's own methods, or the dialect's words in a script. Only Transaction calls these. */
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  query(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** A comment line in the offline script; nothing online. */
  comment(text: string): void;
  /** End the session now, without waiting for a statement in flight (an interrupted run); the server rolls back. */
  abort?(): Promise<void>;
}

/** Where bookkeeping writes go (a Journal's): statements and reads, no transaction control (Transaction.writer). */
export type StatementWriter = Pick<StatementTarget, "offline" | "statement" | "query">;

export function connectionTarget(conn: Connection): StatementTarget {
  const executeAround = conn.executeAround?.bind(conn);
  const executeTransaction = conn.executeTransaction?.bind(conn);
  return {
    offline: false,
    statement: (stmt) => conn.execute(stmt.sql, stmt.params),
    ...(executeAround
      ? { statementAround: (before: readonly Statement[], stmt: Statement, after: readonly Statement[]) => executeAround(before.map(inlined), stmt.sql, stmt.params, after.map(inlined)) }
      : {}),
    ...(executeTransaction ? { transaction: (stmts: readonly Statement[]) => executeTransaction(stmts.map(inlined)) } : {}),
    begin: () => conn.begin(),
    commit: () => conn.commit(),
    rollback: () => conn.rollback(),
    query: (sql, params) => conn.query(sql, params),
    comment: () => {},
    abort: async () => await conn.abort?.(),
  };
}

/** What ScriptTarget.statement returns: the line is in the script when it returns. */
const WRITTEN: Promise<void> = Promise.resolve();

/** Bookkeeping writes are written with literals (Journal): a statement with parameters is not one of them. */
function inlined(stmt: Statement): string {
  if (stmt.params && stmt.params.length > 0) throw new Error(`A bookkeeping write sent around a statement has parameters: ${stmt.sql}`);
  return stmt.sql;
}

/**
 * Collects the offline script. Statements end with ";" and a blank line, parameters inlined as literals.
 * A line is written at once: statement() is not an async function (an offline script has thousands of
 * statements, and each async call is a promise and a frame more), and every caller awaits it, so a
 * statement that cannot be written (parameters that do not fit) fails in its caller all the same.
 */
export class ScriptTarget implements StatementTarget {
  readonly offline = true;
  readonly lines: string[] = [];
  readonly #afterBegin: string | undefined;
  /**
   * `lockTimeoutMs`: table_lock_timeout, which the script sets as an online run does where the dialect can
   * (Dialect.scriptLockTimeout): at its start, or after each BEGIN.
   */
  constructor(
    private readonly dialect: Dialect,
    lockTimeoutMs = 0,
  ) {
    const deadline = lockTimeoutMs > 0 ? dialect.scriptLockTimeout?.(lockTimeoutMs) : undefined;
    this.#afterBegin = deadline?.transaction;
    if (deadline) this.comment(`table_lock_timeout: a statement that waits ${lockTimeoutMs / 1000} s for a lock fails (0 in the configuration for no limit)`);
    if (deadline?.session) void this.statement({ sql: deadline.session });
  }

  statement(stmt: Statement): Promise<void> {
    this.lines.push(`${this.dialect.scriptStatement(this.dialect.inline(stmt))}\n`);
    return WRITTEN;
  }

  begin(): Promise<void> {
    void this.statement({ sql: this.dialect.begin });
    return this.#afterBegin === undefined ? WRITTEN : this.statement({ sql: this.#afterBegin });
  }

  commit(): Promise<void> {
    return this.statement({ sql: this.dialect.commit });
  }

  /** A script never rolls back: it stops at the first error. */
  rollback(): Promise<void> {
    return Promise.resolve();
  }

  query(): Promise<Record<string, unknown>[]> {
    return Promise.reject(new Error("An offline script cannot read rows"));
  }

  comment(text: string): void {
    this.lines.push(`-- ${text}\n`);
  }

  text(): string {
    return this.lines.join("\n");
  }
}
