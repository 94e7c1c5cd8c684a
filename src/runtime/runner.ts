import type { StopSignal } from "./interruptible.ts";
import type { CompileContext, Dialect } from "../dialects/dialect.ts";
import { MigrationFailedError } from "../errors.ts";
import { Operations } from "../operations/operations.ts";
import type { RevisionGraph } from "../script/graph.ts";
import { applyStep } from "../script/heads.ts";
import { loadMigrations, type MigrationModule } from "../script/load.ts";
import type { Step } from "../script/revision.ts";
import { type CountingSink, opSink, StatementError } from "./op_sink.ts";
import { stepLine, type StepResult } from "./step.ts";
import { interruptible } from "./interruptible.ts";
import { reason, runFailure, type RunProgress } from "./run_failure.ts";
import type { StatementTarget } from "./target.ts";
import { HeldWriteError, Transaction } from "./transaction.ts";
import { Journal } from "../bookkeeping/journal.ts";
import type { BookkeepingTables } from "../bookkeeping/tables.ts";
import type { HistoryRow } from "../bookkeeping/row.ts";
import { RevisionRecord } from "../bookkeeping/revision_record.ts";
import { revisionChecksum } from "../bookkeeping/checksum.ts";

export { stepLine, type StepResult };

export interface RunOptions {
  readonly graph: RevisionGraph;
  readonly dialect: Dialect;
  readonly target: StatementTarget;
  /** The version table and the history table, written only through a Journal. */
  readonly bookkeeping: BookkeepingTables;
  /** The version table's rows before the run. */
  readonly heads: readonly string[];
  readonly steps: readonly Step[];
  /** Commit after each revision instead of once at the end. */
  readonly transactionPerMigration: boolean;
  /** Offline, from base: print CREATE TABLE for the version table first. Online the tables are created when missing. */
  readonly createVersionTable: boolean;
  /** A history row an earlier run left incomplete for the first step, a re-runnable revision: resume it. */
  readonly resume?: HistoryRow | undefined;
  /** Offline, down to base: print DROP TABLE for the version table at the end (the mirror of the CREATE). */
  readonly dropVersionTable?: boolean;
  readonly compileContext: CompileContext;
  readonly x: Readonly<Record<string, string>>;
  readonly config: Readonly<Record<string, string>>;
  /** Called before each migration runs (progress output). */
  readonly onStep?: ((step: StepResult) => void) | undefined;
  /** Called after each migration, with its duration. */
  readonly onStepDone?: ((step: StepResult) => void) | undefined;
  /**
   * Asked before each revision: throws when the migration lock may have passed to another process (a lease,
   * Lock.confirm), so that the run stops before two runs overlap.
   */
  readonly confirmLock?: (() => Promise<void>) | undefined;
  /** Stops an online run (its reason names the signal: "SIGINT", "SIGTERM"); the run's transaction is rolled back. */
  readonly signal?: StopSignal | undefined;
}

export function describeStep(graph: RevisionGraph, step: Step): StepResult {
  const rev = graph.get(step.revision)!;
  const up = step.direction === "up";
  return {
    revision: rev.revision,
    direction: up ? "upgrade" : "downgrade",
    from: up ? rev.downRevisions : [rev.revision],
    to: up ? [rev.revision] : rev.downRevisions,
    message: rev.message,
  };
}

/**
 * Run migration steps, keeping the version table in step with them. With transactional DDL the whole run
 * is one transaction (or one per revision), so a failure rolls back to a consistent state; without it
 * (MySQL) each revision is its own transaction with its version-table update, so the table always names
 * the last revision that completed. A revision with `transactional = false` runs outside any transaction.
 */
export async function runSteps(options: RunOptions): Promise<{ heads: string[]; applied: StepResult[] }> {
  const { graph, dialect, steps, signal } = options;
  const modules = await loadMigrations(steps.map((s) => graph.get(s.revision)!));
  const stoppable = signal && !options.target.offline ? interruptible(options.target, signal) : undefined;
  const target = stoppable?.target ?? options.target;
  const applied: StepResult[] = [];
  const progress: RunProgress = { committed: options.heads, heads: options.heads, applied, uncommitted: [], stage: "begin", step: undefined, inTransaction: false, kept: 0 };
  const tx = new Transaction(target, dialect, { perMigration: options.transactionPerMigration }, () => {
    progress.committed = progress.heads;
    progress.uncommitted = [];
  });
  // Online, the bookkeeping tables are created before the first step when missing, and each revision has a
  // history row (see RevisionRecord). Offline scripts record no history.
  const recording = !target.offline;
  const journal = new Journal(tx.writer, dialect, options.bookkeeping, recording ? (ref) => options.compileContext.table(ref) : undefined);
  // Offline there is no record to keep: no hook to call around each of the script's statements. The hooks
  // read the run's record when a statement calls them, once `run` below exists.
  const sink = opSink(target, dialect, tx, options.compileContext, recording ? {
    onCommitted: async (committed) => run.record?.committed(committed - run.revisionStart),
    beforeStatement: async () => run.record?.started(),
  } : {});
  const run: Run = { options, target, tx, journal, sink, progress, applied, recording, heads: [...options.heads], record: undefined, revisionStart: 0, ended: undefined };
  try {
    progress.stage = "begin";
    await tx.startRun();
    if (recording ? steps.length > 0 : options.createVersionTable) await journal.ensure();
    for (let i = 0; i < steps.length; i++) await runStep(run, modules[i]!, steps[i]!, i === 0 ? options.resume : undefined);
    if (options.dropVersionTable && run.heads.length === 0) await journal.dropVersionTable();
    progress.stage = "commit";
    // A run in one transaction commits every revision here: not once the lock may be another process's
    // (the commit fails, rolled back).
    if (tx.open) await options.confirmLock?.();
    await tx.commit();
  } catch (caught) {
    if (target.offline) throw caught;
    let error = caught;
    let kept = Math.max(0, sink.committed - run.revisionStart);
    let record = run.record;
    const sent = await tx.settled().catch(() => undefined);
    const ended = run.ended;
    if (sent && ended) {
      // Nothing was sent after it: the failure is the revision's that sent it, at its version stage (a write
      // failed) or at its COMMIT (or the connection went), as when it was sent and waited for.
      error = sent.cause;
      ({ step: progress.step, record, kept } = ended);
      progress.stage = "commit";
      if (sent.write) error = new HeldWriteError(error);
    }
    if (error instanceof HeldWriteError) {
      // The version-table update or the history row, sent with the COMMIT in one round trip (MySQL), failed
      // before it: a failure of the version stage, as when they went alone; the revision is not done.
      error = error.cause;
      progress.stage = "version";
      const undone = applied.pop();
      progress.uncommitted = progress.uncommitted.filter((s) => s !== undone);
      progress.heads = progress.committed;
    }
    await stoppable?.disarm();
    progress.inTransaction = tx.open;
    if (progress.stage === "migration") progress.kept = kept;
    await tx.rollback().catch(() => {});
    // Best effort: when the connection is gone the write fails too, and a started row (if committed) stays
    // to tell the next run; the run's own error is the one reported.
    if (record && progress.stage !== "commit") await record.fail(kept, reason(error)).catch(() => {});
    throw runFailure(error, progress, signal?.aborted ? signalName(signal.reason) : undefined);
  }
  await stoppable?.disarm();
  return { heads: run.heads, applied };
}

/** What the steps of one run share, and what its failure handling reads back. */
interface Run {
  readonly options: RunOptions;
  readonly target: StatementTarget;
  readonly tx: Transaction;
  readonly journal: Journal;
  readonly sink: CountingSink;
  readonly progress: RunProgress;
  /** The revisions completed, as progress.applied (which failure handling reads). */
  readonly applied: StepResult[];
  /** Online: each revision has a history row. */
  readonly recording: boolean;
  heads: string[];
  /** The history row of the revision under way, until it completes. */
  record: RevisionRecord | undefined;
  /** The sink's count of statements executed when the revision under way started. */
  revisionStart: number;
  /**
   * The last revision ended: its transaction may still be in flight (Transaction.endRevision), and a failure
   * of it, found during the next revision, is this one's.
   */
  ended: { step: StepResult; record: RevisionRecord | undefined; kept: number } | undefined;
}

/**
 * One step of a run: its migration and its version-table update (and history row), in their transaction.
 * A function of its own, not the body of runSteps' loop: JavaScriptCore compiles an async function again
 * at each of its awaits' resumptions, and a run's loop resumes thousands of times; a small one costs little.
 */
async function runStep(run: Run, module: MigrationModule, step: Step, resume: HistoryRow | undefined): Promise<void> {
  const { options, tx, journal, sink, progress } = run;
  const { graph, dialect } = options;
  const described = describeStep(graph, step);
  const info: StepResult = resume ? { ...described, resumedAt: resume.statements + 1 } : described;
  const transactional = step.direction === "up" ? module.transactional : (module.transactionalDown ?? module.transactional);
  progress.step = info;
  progress.stage = "begin";
  await options.confirmLock?.();
  await tx.startRevision(transactional);
  const started = performance.now();
  options.onStep?.(info);
  run.target.comment(stepLine(info));
  progress.stage = "migration";
  const revisionStart = (run.revisionStart = sink.executed);
  if (run.recording) {
    // Where a statement commits on its own, the started row is written right before the first one, in
    // its transaction: committed with it (or by it, MySQL's DDL), rolled back with it.
    if (resume) await journal.clear([resume]);
    const path = graph.get(step.revision)!.path;
    const entry = { revision: info.revision, direction: info.direction, checksum: step.direction === "up" && path ? revisionChecksum(path) : null };
    run.record = await RevisionRecord.begin(journal, entry, !dialect.capabilities.transactionalDdl || !transactional || resume !== undefined, resume?.statements);
  }
  if (resume) sink.skip(resume.statements);
  await runMigration(module, step, info, sink, options);
  const next = applyStep(graph, run.heads, step);
  progress.stage = "version";
  const heads = (run.heads = next.heads);
  const record = run.record;
  // The version rows and (online) the history row land together.
  await tx.together(next.updates.length + (record ? 1 : 0));
  await journal.writeVersionUpdates(next.updates);
  await record?.complete(sink.executed - revisionStart);
  progress.heads = heads;
  const done: StepResult = { ...info, durationMs: Math.round((performance.now() - started) * 10) / 10 };
  run.applied.push(done);
  progress.uncommitted.push(done);
  options.onStepDone?.(done);
  // Outside a transaction every statement, the version table's too, is committed as it runs.
  if (!tx.open) {
    progress.committed = heads;
    progress.uncommitted = [];
  }
  progress.stage = tx.perRevision || !transactional ? "commit" : "begin";
  run.ended = { step: info, record, kept: Math.max(0, sink.committed - revisionStart) };
  await tx.endRevision(transactional);
  run.record = undefined;
}

function signalName(reason: unknown): "SIGINT" | "SIGTERM" {
  return reason === "SIGINT" ? "SIGINT" : "SIGTERM";
}

async function runMigration(
  module: MigrationModule,
  step: Step,
  info: StepResult,
  sink: CountingSink,
  options: RunOptions,
): Promise<void> {
  const op = new Operations(sink, {
    dialect: options.dialect.name,
    capabilities: options.dialect.capabilities,
    quoteSyntax: options.dialect.quoteSyntax,
    offline: options.target.offline,
    x: options.x,
    config: options.config,
  });
  const before = sink.executed;
  try {
    await (step.direction === "up" ? module.upgrade(op) : module.downgrade(op));
    await op.flush();
  } catch (error) {
    // What was committed before the failure (outside a transaction, or by MySQL's implicit commit of DDL)
    // stays: say so, since a rerun will trip on it.
    const done = Math.max(0, sink.committed - before);
    const kept =
      done > 0 && !options.target.offline
        ? ` (${done} statement(s) of this revision had already been committed and stay applied; the version table still names the revision before it)`
        : "";
    if (error instanceof StatementError) {
      throw new MigrationFailedError(info.revision, info.direction, error.operation, error.sql, reason(error.cause) + kept, { cause: error.cause });
    }
    throw new MigrationFailedError(info.revision, info.direction, undefined, undefined, reason(error) + kept, { cause: error });
  }
}
