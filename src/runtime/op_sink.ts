import type { CompileContext, Dialect, Statement } from "../dialects/dialect.ts";
import type { OpSink } from "../operations/operations.ts";
import { MigratorError } from "../errors.ts";
import { describeOp, type Op } from "../operations/ops.ts";
import type { StatementTarget } from "./target.ts";
import { BookkeepingWriteError, type Transaction } from "./transaction.ts";

/** A statement failed: carries the op and the SQL so that the runner can name them. */
export class StatementError extends Error {
  constructor(
    readonly operation: string,
    readonly sql: string | undefined,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** The op sink, which also counts the statements that are committed for good as they run. */
export interface CountingSink extends OpSink {
  /** Statements run so far. */
  readonly executed: number;
  /** Statements run so far that no rollback can undo: outside a transaction, or before an implicit commit. */
  readonly committed: number;
  /**
   * Skip the next `n` statements (a resumed revision: they completed in an earlier run). They are compiled,
   * counted as executed and committed, and not sent.
   */
  skip(n: number): void;
}

/**
 * Called with the sink's `committed` count as it is about to grow, so that the runner can record a
 * revision's progress: it returns the write that records it, sent right after the statement that makes it
 * grow (in its round trip where the target can), with no transaction open: after MySQL's DDL, outside a
 * transaction, or inside `tx.outside()` (CREATE INDEX CONCURRENTLY). In the same round trip, not held for
 * the next statement's: MariaDB finishes a statement whose client died, so a count sent later would be
 * missing after a kill, and a resumed revision would run a statement that had run.
 */
export type OnCommitted = (committed: number) => Promise<Statement | undefined>;

export interface SinkHooks {
  readonly onCommitted?: OnCommitted | undefined;
  /**
   * Called before each statement is sent, once the transaction it runs in is open (Transaction.ready): the
   * write it returns (the runner's started row of a revision) is sent right before the statement, in its
   * round trip where the target can, and lands with it.
   */
  readonly beforeStatement?: (() => Promise<Statement | undefined>) | undefined;
}

/**
 * The sink behind `op`: compiles each op with the dialect and sends its statements through the run's
 * Transaction, which opens and ends transactions around them; what it leaves open tells which statements
 * are committed for good.
 */
export function opSink(target: StatementTarget, dialect: Dialect, tx: Transaction, ctx: CompileContext, hooks: SinkHooks = {}): CountingSink {
  const { onCommitted, beforeStatement } = hooks;
  let executed = 0;
  let committed = 0;
  let skipping = 0;
  const send = async (op: Op, stmt: Statement) => {
    try {
      await tx.ready(stmt);
      const before = beforeStatement ? await beforeStatement() : undefined;
      if (stmt.autocommit) {
        // The count is recorded outside the transaction too, so that it stays if the run dies later.
        await tx.outside(async () => {
          await tx.statement(stmt, { before, after: onCommitted ? await onCommitted(executed + 1) : undefined });
          committed = ++executed;
        });
        return;
      }
      // No transaction open after it (it runs in autocommit, or commits implicitly with what came before):
      // the count grows, recorded right after it.
      const after = onCommitted && !tx.openAfter(stmt) ? await onCommitted(executed + 1) : undefined;
      await tx.statement(stmt, { before, after });
    } catch (error) {
      // A write of the record failed, not the statement: after it (which ran), or before it (not sent).
      if (error instanceof BookkeepingWriteError && error.statementRan) executed++;
      // Where the failing statement commits implicitly (MySQL's DDL), what ran before it is committed.
      if (!tx.open) committed = executed;
      if (error instanceof BookkeepingWriteError) throw error;
      throw new StatementError(describeOp(op), safeInline(dialect, stmt), error);
    }
    executed++;
    if (!tx.open) committed = executed;
  };
  return {
    get executed() {
      return executed;
    },
    get committed() {
      return committed;
    },
    skip(n) {
      skipping = n;
    },
    async run(op: Op) {
      // Compiling may read the catalog (the live context queries the connection itself): not before the
      // reply of the previous revision's pipelined commit is taken (a failed one is thrown here).
      await tx.settle();
      let statements: Statement[];
      try {
        statements = await dialect.compile(op, ctx);
      } catch (error) {
        throw new StatementError(describeOp(op), undefined, error);
      }
      ctx.record?.(op);
      for (const stmt of statements) {
        if (skipping > 0) {
          skipping--;
          committed = ++executed;
          continue;
        }
        await send(op, stmt);
      }
    },
    async query(sql, params) {
      try {
        // A read is part of the revision's transaction (SELECT ... FOR UPDATE holds its locks until the
        // commit): where the transaction waits for a statement that does not commit implicitly, this is one.
        if (!target.offline) await tx.ready({ sql });
        return await target.query(sql, params);
      } catch (error) {
        throw new StatementError("query", sql, error);
      }
    },
    autocommit: (fn) => tx.outside(fn),
    literal: (value) => dialect.literal(value),
    quote: (name) => dialect.quoteIdentifier(name),
    async inspect() {
      if (!ctx.model) throw new MigratorError("op.inspect() is not available here: no database and no tracked schema");
      await tx.settle();
      return await ctx.model();
    },
  };
}

/** The statement with its parameters inlined for an error message; as written if they do not fit. */
function safeInline(dialect: Dialect, stmt: Statement): string {
  try {
    return dialect.inline(stmt);
  } catch {
    return stmt.sql;
  }
}
