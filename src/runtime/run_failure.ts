import { CommitFailedError, ConnectionLostError, InterruptedError, LockLostError, MigrationFailedError, MigratorError } from "../errors.ts";
import type { StepResult } from "./step.ts";

/** Where a run stands, kept up to date by the runner so that a failure can say what state it left. */
export interface RunProgress {
  /** The version table's rows as of the last commit: what the database holds once the open transaction is gone. */
  committed: readonly string[];
  /** The version table's rows as the open transaction sees them. */
  heads: readonly string[];
  /** Revisions this run has completed (committed or not). */
  applied: readonly StepResult[];
  /** Revisions run in the open transaction, which a rollback takes back. */
  uncommitted: StepResult[];
  /** What was under way: a revision's BEGIN, its own statements, its version-table update, or a COMMIT. */
  stage: "begin" | "migration" | "version" | "commit";
  /** The revision under way (the last one run, at a COMMIT). */
  step: StepResult | undefined;
  /** Whether a transaction was open when the failure came (a COMMIT has closed it already). */
  inTransaction: boolean;
  /** Statements of the revision under way committed for good (outside a transaction, MySQL's implicit commits). */
  kept: number;
}

/**
 * The error a failed online run reports: which revision (or which COMMIT) failed, why, and the state left,
 * so that nobody has to guess whether to run again. A driver's error outside a revision's own statements
 * (the connection closed at COMMIT, a full disk) becomes a MigratorError that says all this too.
 */
export function runFailure(error: unknown, progress: RunProgress, interrupted?: "SIGINT" | "SIGTERM"): MigratorError {
  const lost = findLoss(error);
  const again = lost ? "; run the command again" : "";
  if (progress.stage === "commit") {
    const revisions = progress.uncommitted.map((s) => s.revision);
    const state = lost
      ? `The connection went during the COMMIT, so whether it took effect is unknown: the database is at ${at(progress.heads)} if it did, ` +
        `at ${at(progress.committed)} if not; "migrator current" tells which${again}`
      : `Nothing of it was committed: the database is at ${at(progress.committed)}`;
    if (interrupted) return new InterruptedError(interrupted, `Interrupted by ${interrupted} during the commit of ${commitOf(revisions)}${done(progress)}. ${state}`);
    return new CommitFailedError(revisions, reason(error), state, { cause: error });
  }
  const taken = progress.uncommitted.map((s) => `"${s.revision}"`);
  const rolledBack = !progress.inTransaction
    ? ""
    : `${lost ? "The server rolls back the open transaction" : "The transaction was rolled back"}${taken.length > 0 ? ` (with ${taken.join(", ")} of this run)` : ""}: `;
  const state = `${rolledBack}${rolledBack ? "the" : "The"} database is at ${at(progress.committed)}${again}`;
  if (interrupted) {
    const kept = progress.kept > 0 ? `, ${progress.kept} statement(s) of which had already been committed and stay applied` : "";
    const during = progress.step ? ` during the ${progress.step.direction} of revision "${progress.step.revision}"${kept}` : "";
    return new InterruptedError(interrupted, `Interrupted by ${interrupted}${during}${done(progress)}. ${state}`);
  }
  if (error instanceof MigrationFailedError) {
    return new MigrationFailedError(error.revision, error.direction, error.operation, error.sql, error.reason, { cause: error.cause, state });
  }
  const step = progress.step;
  if (!step) return error instanceof MigratorError ? error : new MigratorError(`The run failed: ${reason(error)}. ${state}`, { cause: error });
  if (error instanceof LockLostError) {
    // Taken over, the database may have moved on since: what this run left is all that can be said.
    const left = error.takenOver ? `${rolledBack}${rolledBack ? "this" : "This"} run left the database at ${at(progress.committed)}; check it with "migrator current"` : state;
    return new LockLostError(`${error.message}. The run stopped before the ${step.direction} of revision "${step.revision}"${done(progress)}. ${left}`, error.takenOver, { cause: error });
  }
  const where = progress.stage === "begin" ? "BEGIN" : "the version table update";
  return new MigrationFailedError(step.revision, step.direction, where, undefined, reason(error), { cause: error, state });
}

/** The revisions of this run committed before the interruption, if any. */
function done(progress: RunProgress): string {
  const committed = progress.applied.filter((s) => !progress.uncommitted.includes(s)).map((s) => `"${s.revision}"`);
  return committed.length > 0 ? ` (${committed.join(", ")} of this run had been committed)` : "";
}

function commitOf(revisions: readonly string[]): string {
  return revisions.length === 1 ? `revision "${revisions[0]}"` : `the run${revisions.length > 0 ? ` (revisions ${revisions.map((r) => `"${r}"`).join(", ")})` : ""}`;
}

/** "base", or the revisions quoted. */
function at(heads: readonly string[]): string {
  return heads.length === 0 ? "base (no revision applied)" : heads.map((h) => `"${h}"`).join(", ");
}

function findLoss(error: unknown): ConnectionLostError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof ConnectionLostError) return e;
  }
  return undefined;
}

/** The server's message, with its detail and hint when the driver has them (PostgreSQL: "specify USING"). */
export function reason(error: unknown): string {
  if (error instanceof ConnectionLostError) return error.message.charAt(0).toLowerCase() + error.message.slice(1);
  if (error instanceof MigratorError) return error.message;
  if (!(error instanceof Error)) return String(error);
  const { detail, hint } = error as { detail?: unknown; hint?: unknown };
  const extra = [typeof detail === "string" && detail ? detail : "", typeof hint === "string" && hint ? `hint: ${hint}` : ""].filter(Boolean);
  const message = error.message.split("\n")[0] ?? error.name;
  return extra.length > 0 ? `${message} (${extra.join("; ")})` : message;
}
