import type { Dialect } from "../dialects/dialect.ts";
import { MigratorError } from "../errors.ts";
import { Operations, type OpSink } from "../operations/operations.ts";
import type { Op } from "../operations/ops.ts";
import type { DatabaseModel } from "../schema/model.ts";
import type { SchemaTracker } from "../schema/tracker.ts";
import type { RevisionGraph } from "../script/graph.ts";
import { loadMigrations } from "../script/load.ts";
import { upgradePlan } from "../script/plan.ts";
import type { Step } from "../script/revision.ts";
import { reason } from "./run_failure.ts";

/** What the revisions' upgrade() sees offline, as in an offline script: `op.context.x` and the config's options. */
export interface ReplayContext {
  readonly x: Readonly<Record<string, string>>;
  readonly config: Readonly<Record<string, string>>;
}

/** Where a replay's ops go, and what is told of a revision that cannot be replayed. */
export interface ReplayTarget {
  /** Each op a revision's upgrade() issues, in order; `revision` is the one running. */
  record(op: Op, revision: string): void;
  /** The schema so far, for op.inspect(). */
  inspect(): Promise<DatabaseModel>;
  /** A revision that failed here (op.query() needs a live database): what it did after that is not known. */
  failed(revision: string, why: string): void;
}

/**
 * Run the upgrade() of each step's revision, in order, against no database: their ops go to `target`, and
 * SQL is never produced. The one loop of the offline replays: the tables an offline script starts from
 * (replayInto) and the schema `check --offline` compares with (autogenerate/history.ts). A revision that
 * fails does not stop the replay: the next one runs, and `target.failed` says which and why.
 */
export async function replayRevisions(graph: RevisionGraph, steps: readonly Step[], dialect: Dialect, context: ReplayContext, target: ReplayTarget): Promise<void> {
  const modules = await loadMigrations(steps.map((s) => graph.get(s.revision)!));
  let revision = "";
  const sink: OpSink = {
    run: async (op) => target.record(op, revision),
    query: () => Promise.reject(new MigratorError("op.query() needs a live database, which an offline replay does not have")),
    autocommit: (fn) => fn(),
    literal: (value) => dialect.literal(value),
    quote: (name) => dialect.quoteIdentifier(name),
    inspect: () => target.inspect(),
  };
  for (const [i, module] of modules.entries()) {
    revision = steps[i]!.revision;
    const op = new Operations(sink, { dialect: dialect.name, capabilities: dialect.capabilities, quoteSyntax: dialect.quoteSyntax, offline: true, ...context });
    try {
      await module.upgrade(op);
      await op.flush();
    } catch (error) {
      target.failed(revision, reason(error));
    }
  }
}

/**
 * Feed the ops of every revision from base up to `heads` into a tracker, printing nothing: an offline
 * script that starts at a revision (`a:b`) then knows the tables as they stand there, so that batch
 * rebuilds and MySQL column changes need no hand-written copy of a table's definition.
 * Raw SQL (`op.execute`) is not understood, so tables made that way stay unknown. A revision that fails here
 * (op.query() needs a live database) leaves the tracker in doubt (SchemaTracker.distrust).
 */
export async function replayInto(tracker: SchemaTracker, graph: RevisionGraph, heads: readonly string[], dialect: Dialect, context: ReplayContext): Promise<void> {
  if (heads.length === 0) return;
  const seen = new Set<string>();
  const steps = heads.flatMap((h) => upgradePlan(graph, [], h)).filter((s) => !seen.has(s.revision) && seen.add(s.revision));
  await replayRevisions(graph, steps, dialect, context, {
    record: (op) => tracker.record(op),
    inspect: () => tracker.model(),
    // What the revision did after that is not known, so no table the ops have not made anew since is
    // answered (the script fails only if it asks).
    failed: (revision, why) =>
      tracker.distrust(`revision "${revision}" before the script's range could not be replayed offline (${why}), so what it did to the schema is not known`),
  });
}
