import type { Dialect } from "../dialects/dialect.ts";
import { MigratorError } from "../errors.ts";
import { Operations } from "../operations/operations.ts";
import type { SchemaTracker } from "../schema/tracker.ts";
import type { RevisionGraph } from "../script/graph.ts";
import { loadMigrations } from "../script/load.ts";
import { upgradePlan } from "../script/plan.ts";
import { reason } from "./run_failure.ts";

/**
 * Feed the ops of every revision from base up to `heads` into a tracker, printing nothing: an offline
 * script that starts at a revision (`a:b`) then knows the tables as they stand there, so that batch
 * rebuilds and MySQL column changes need no hand-written copy of a table's definition.
 * Raw SQL (`op.execute`) is not understood, so tables made that way stay unknown. A revision that fails here
 * (op.query() needs a live database) leaves the tracker in doubt (SchemaTracker.distrust).
 */
export async function replayInto(
  tracker: SchemaTracker,
  graph: RevisionGraph,
  heads: readonly string[],
  dialect: Dialect,
  context: { x: Readonly<Record<string, string>>; config: Readonly<Record<string, string>> },
): Promise<void> {
  if (heads.length === 0) return;
  const steps = heads.flatMap((h) => upgradePlan(graph, [], h));
  const seen = new Set<string>();
  const unique = steps.filter((s) => !seen.has(s.revision) && seen.add(s.revision));
  const modules = await loadMigrations(unique.map((s) => graph.get(s.revision)!));
  const sink = {
    run: async (op: Parameters<SchemaTracker["record"]>[0]) => tracker.record(op),
    query: () => Promise.reject(new MigratorError("op.query() is not available offline")),
    autocommit: (fn: () => Promise<void>) => fn(),
    literal: (value: unknown) => dialect.literal(value),
    quote: (name: string) => dialect.quoteIdentifier(name),
    inspect: () => tracker.model(),
  };
  for (const [i, module] of modules.entries()) {
    const op = new Operations(sink, { dialect: dialect.name, capabilities: dialect.capabilities, quoteSyntax: dialect.quoteSyntax, offline: true, ...context });
    try {
      await module.upgrade(op);
      await op.flush();
    } catch (error) {
      // A revision that needs a live database (op.query) cannot be replayed: what it did after that is not
      // known, so no table the ops have not made anew since is answered (the script fails only if it asks).
      tracker.distrust(`revision "${unique[i]!.revision}" before the script's range could not be replayed offline (${reason(error)}), so what it did to the schema is not known`);
    }
  }
}
