import type { CompileContext, Dialect, Statement } from "../dialects/dialect.ts";
import type { OpSink } from "../operations/operations.ts";
import { MigratorError } from "../errors.ts";
import { describeOp, type Op } from "../operations/ops.ts";
import type { StatementTarget } from "./target.ts";
import { BookkeepingWriteError, type Transaction } from "./transaction.ts";
import { HeldProgress } from "./held_progress.ts";

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
  /**
   * The revision's code has ended: a count of statements completed that is still held (see HeldProgress) is
   * dropped, since the revision's final row carries it. A write of it that failed is thrown.
   */
  revisionCodeEnded(): Promise<void>;
  /** The run failed: whatever is held is forgotten (the failed row is written again whole). */
  reset(): Promise<void>;
}

/**
 * Called with the sink's `committed` count as it grows, so that the runner can record a revision's
 * progress: it returns the write that records it, sent with no transaction open (after MySQL's DDL,
 * outside a transaction, or inside `tx.outside()`: CREATE INDEX CONCURRENTLY). It is sent right after
 * the statement that makes the count grow, in its round trip where the target can, except where that
 * statement commits without opening a transaction: there the count is held and sent right before the
 * revision's next statement, or dropped at the revision's end (HeldProgress).
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
  const held = onCommitted ? new HeldProgress(onCommitted, (write) => tx.writer.statement(write)) : undefined;
  // Online, a catalog read of a compile first writes a count held: the count waits only for statements.
  const compileContext = held ? flushingReads(ctx, () => held.flush()) : ctx;
  /** A statement of an op, with the count of statements completed held since the statement before it, if any. */
  const send = async (op: Op, stmt: Statement, count: number | undefined) => {
    try {
      // The held count goes right before the statement, unless the statement runs in a transaction that
      // would take the count into it (MySQL's DML after DDL): then alone, first.
      let before: Statement | undefined;
      if (held && count !== undefined) {
        if (tx.runsInTransaction(stmt)) await held.write(count);
        else before = await held.writeFor(count);
      }
      await tx.ready(stmt);
      // A count is held only once the revision's started row has been written: no started row is due then.
      if (count === undefined && beforeStatement) before = await beforeStatement();
      if (stmt.autocommit) {
        // The count is recorded outside the transaction too, so that it stays if the run dies later.
        await tx.outside(async () => {
          await tx.statement(stmt, { before, after: onCommitted ? await onCommitted(executed + 1) : undefined });
          committed = ++executed;
        });
        return;
      }
      // No transaction open after it (it runs in autocommit, or commits implicitly with what came before):
      // the count grows, held until the next statement (HeldProgress).
      const grows = held !== undefined && !tx.openAfter(stmt);
      await tx.statement(stmt, { before });
      if (grows) held.hold(executed + 1);
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
    revisionCodeEnded: async () => await held?.drop(),
    reset: async () => await held?.reset(),
    async run(op: Op) {
      // Compiling may read the catalog (the live context queries the connection itself): not before the
      // reply of the previous revision's pipelined commit is taken (a failed one is thrown here).
      await tx.settle();
      let statements: Statement[];
      try {
        statements = await dialect.compile(op, compileContext);
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
        // Taken (its timer stopped) before anything is awaited: the statement before this one held it.
        await send(op, stmt, await held?.take());
      }
    },
    async query(sql, params) {
      await held?.flush();
      try {
        // A read is part of the revision's transaction (SELECT ... FOR UPDATE holds its locks until the
        // commit): where the transaction waits for a statement that does not commit implicitly, this is one.
        if (!target.offline) await tx.ready({ sql });
        return await target.query(sql, params);
      } catch (error) {
        throw new StatementError("query", sql, error);
      }
    },
    autocommit: async (fn) => {
      await held?.flush();
      // What its statements hold is written before the transaction is opened again.
      return await tx.outside(async () => {
        const result = await fn().catch(async (error: unknown) => {
          await held?.flush().catch(() => {});
          throw error;
        });
        await held?.flush();
        return result;
      });
    },
    literal: (value) => dialect.literal(value),
    quote: (name) => dialect.quoteIdentifier(name),
    async inspect() {
      if (!ctx.model) throw new MigratorError("op.inspect() is not available here: no database and no tracked schema");
      await held?.flush();
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

/** The context with each of its catalog reads preceded by `flush` (a count held is written first). */
function flushingReads(ctx: CompileContext, flush: () => Promise<void>): CompileContext {
  const flushedFirst =
    <A extends unknown[], R>(read: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await flush();
      return await read.apply(ctx, args);
    };
  return {
    table: flushedFirst(ctx.table),
    ...(ctx.unknownReason ? { unknownReason: ctx.unknownReason.bind(ctx) } : {}),
    ...(ctx.record ? { record: ctx.record.bind(ctx) } : {}),
    ...(ctx.model ? { model: flushedFirst(ctx.model) } : {}),
    ...(ctx.typeUsage ? { typeUsage: flushedFirst(ctx.typeUsage) } : {}),
    ...(ctx.triggers ? { triggers: flushedFirst(ctx.triggers) } : {}),
    ...(ctx.viewsOver ? { viewsOver: flushedFirst(ctx.viewsOver) } : {}),
  };
}
