import { RevisionError, UsageError } from "../errors.ts";
import type { RevisionGraph } from "../script/graph.ts";
import { downgradePlan, splitRange, upgradePlan } from "../script/plan.ts";
import type { Step } from "../script/revision.ts";
import { runSteps, type StepResult } from "../runtime/runner.ts";
import { resolveTarget, withLockedSession } from "../runtime/session.ts";
import { connectionTarget, ScriptTarget } from "../runtime/target.ts";
import { replayInto } from "../runtime/replay.ts";
import { baselineOps } from "./baseline.ts";
import { SchemaTracker } from "../schema/tracker.ts";
import type { CommandOptions } from "./options.ts";
import { loadRunnableGraph } from "./script.ts";
import { Journal } from "../bookkeeping/journal.ts";
import { incompleteRevisionError, incompleteRows } from "../bookkeeping/incomplete.ts";
import { revisionChecksum } from "../bookkeeping/checksum.ts";
import { changedHistoryError, checkHistory } from "../bookkeeping/verify.ts";
import type { HistoryRow } from "../bookkeeping/row.ts";
import { loadMigration } from "../script/load.ts";
import { forgetSources } from "../script/sources.ts";

export interface MigrateOptions extends CommandOptions {
  /** Target revision: "head", "heads", "ae10", "+2", "label@head", "base", ...; offline also "from:to". */
  readonly revision: string;
  /** Print the SQL script instead of running it. */
  readonly sql?: boolean;
  /** Run even when applied revisions' files changed since they were applied (their checksums differ). */
  readonly allowChanged?: boolean;
}

export interface MigrateResult {
  /** The migrations run (or printed), in order. */
  readonly steps: readonly StepResult[];
  /** The version table's rows after the run. */
  readonly heads: readonly string[];
  /** The SQL script, with `sql: true`. */
  readonly script?: string;
}

type Planner = (graph: RevisionGraph, heads: readonly string[], target: string) => Step[];

/** `migrator upgrade TARGET`: apply every revision up to the target. */
export function upgrade(options: MigrateOptions): Promise<MigrateResult> {
  return migrate(options, upgradePlan, "upgrade");
}

/** `migrator downgrade TARGET`: revert revisions down to the target. */
export function downgrade(options: MigrateOptions): Promise<MigrateResult> {
  return migrate(options, downgradePlan, "downgrade");
}

async function migrate(options: MigrateOptions, plan: Planner, verb: "upgrade" | "downgrade"): Promise<MigrateResult> {
  // The revisions run are imported after the scan: it keeps their texts for the import (script/sources.ts),
  // and the texts of those not run are dropped when the run ends.
  try {
    return await migrateGraph(options, await loadRunnableGraph(options.config, { keepSources: true }), plan, verb);
  } finally {
    forgetSources();
  }
}

async function migrateGraph(options: MigrateOptions, graph: RevisionGraph, plan: Planner, verb: "upgrade" | "downgrade"): Promise<MigrateResult> {
  const { config } = options;
  if (options.sql) return offline(options, graph, plan, verb);
  if (options.revision.includes(":")) {
    throw new UsageError(`A range "${options.revision}" is only for offline scripts: add --sql, or name one target revision`);
  }
  return withLockedSession(config, async (session, heads, lock) => {
    const unknown = heads.filter((h) => !graph.has(h));
    if (unknown.length > 0) {
      throw new RevisionError(
        `The database is at ${unknown.map((h) => `"${h}"`).join(", ")} (in ${session.versionTable.name}), which this project's revisions do not include; ` +
          `deploy the revisions that do, or set the table with "migrator stamp --purge <revision>"`,
      );
    }
    const rows = await new Journal(connectionTarget(session.conn), session.dialect, session.bookkeeping).rows();
    const steps = plan(graph, heads, options.revision);
    // A partly applied revision first: it is the more urgent news, and a changed file may be its fix.
    const resume = await resumable(graph, steps, incompleteRows(rows), heads);
    if (!options.allowChanged) {
      const check = checkHistory(graph, heads, rows, revisionChecksum);
      if (check.changed.length > 0) throw changedHistoryError(check);
    }
    const result = await runSteps({
      graph,
      dialect: session.dialect,
      target: connectionTarget(session.conn),
      bookkeeping: session.bookkeeping,
      heads,
      steps,
      transactionPerMigration: config.transactionPerMigration,
      createVersionTable: false,
      resume,
      compileContext: session.compileContext,
      confirmLock: lock.confirm?.bind(lock),
      ...runContext(options),
    });
    return { steps: result.applied, heads: result.heads };
  }, options.onWait);
}

/**
 * What to do about revisions an earlier run left partly applied: nothing when there are none; resume the
 * last one when it is the first step of this run and its revision is re-runnable; else refuse, saying which
 * revision, how far it got, and the ways out.
 */
async function resumable(graph: RevisionGraph, steps: readonly Step[], incomplete: readonly HistoryRow[], heads: readonly string[]): Promise<HistoryRow | undefined> {
  const row = incomplete.at(-1);
  if (!row) return undefined;
  const first = steps[0];
  const direction = first?.direction === "up" ? "upgrade" : "downgrade";
  if (incomplete.length === 1 && first && first.revision === row.revision && direction === row.direction && graph.has(row.revision)) {
    if ((await loadMigration(graph.get(row.revision)!)).rerunnable) return row;
  }
  throw incompleteRevisionError(row, heads);
}

async function offline(options: MigrateOptions, graph: RevisionGraph, plan: Planner, verb: string): Promise<MigrateResult> {
  const { config } = options;
  let start: string[] = [];
  let target = options.revision;
  if (target.includes(":")) ({ heads: start, target } = splitRange(graph, target));
  else if (verb === "downgrade") {
    throw new UsageError(`downgrade --sql needs a range: "migrator downgrade FROM:TO --sql", e.g. "head:base"`);
  }
  const { dialect, bookkeeping } = await resolveTarget(config, true);
  const script = new ScriptTarget(dialect, config.tableLockTimeoutMs);
  const steps = plan(graph, start, target);
  // Offline there is no database to reflect: track the schema the revisions build instead, from the
  // baseline (tables that existed before the first revision) when the project has one.
  const tracker = new SchemaTracker([], dialect);
  for (const op of await baselineOps(config, dialect)) tracker.record(op);
  await replayInto(tracker, graph, start, dialect, { x: options.x ?? {}, config: config.options });
  const result = await runSteps({
    graph,
    dialect,
    target: script,
    bookkeeping,
    heads: start,
    steps,
    transactionPerMigration: config.transactionPerMigration,
    createVersionTable: start.length === 0 && verb === "upgrade",
    dropVersionTable: verb === "downgrade",
    compileContext: tracker,
    ...runContext(options),
  });
  return { ...result, steps: result.applied, script: script.text() };
}

function runContext(options: CommandOptions) {
  return { x: options.x ?? {}, config: options.config.options, onStep: options.onStep, onStepDone: options.onStepDone, signal: options.signal };
}

