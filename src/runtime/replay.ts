import type { Dialect } from "../dialects/dialect.ts";
import { MigratorError } from "../errors.ts";
import { Operations } from "../operations/operations.ts";
import type { SchemaTracker } from "../schema/tracker.ts";
import type { RevisionGraph } from "../script/graph.ts";
import { loadMigrations } from "../script/load.ts";
import { upgradePlan } from "../script/plan.ts";

/**
 * Feed the ops of every revision from base up to `heads` into a tracker, printing nothing: an offline
 * script that starts at a revision (`a:b`) then knows the tables as they stand there, so that batch
 * rebuilds and MySQL column changes need no hand-written copy of a table's definition.
 * Raw SQL (`op.execute`) is not understood, so tables made that way stay unknown.
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
  for (const module of modules) {
    const op = new Operations(sink, { dialect: dialect.name, capabilities: dialect.capabilities, quoteSyntax: dialect.quoteSyntax, offline: true, ...context });
    try {
      await module.upgrade(op);
      await op.flush();
    } catch {
      // A revision that needs a live database (op.query) cannot be replayed; its tables stay unknown.
    }
  }
}
