import { UsageError } from "../errors.ts";
import type { RevisionGraph } from "./graph.ts";
import { resolveOne } from "./resolve.ts";
import type { Step } from "./revision.ts";
import { iterateRevisions } from "./walk.ts";

/**
 * Migration plans, as Alembic 1.8's `upgrade` / `downgrade` compute them: the same revisions in
 * the same order, given the same graph, current heads and target. Where Alembic's order depends on
 * the directory listing, ours follows revision-id order (see RevisionGraph).
 */

/** Steps to upgrade from `current` (the version table's rows) to `target` (`heads`, `label@head`, `+2`, ...). */
export function upgradePlan(g: RevisionGraph, current: readonly string[], target: string): Step[] {
  const revs = iterateRevisions(g, target, current, { implicitBase: true });
  return revs.reverse().map((revision) => ({ revision, direction: "up" }));
}

/** Steps to downgrade from `current` to `target` (`base`, `-1`, `label@base`, a revision, ...). */
export function downgradePlan(g: RevisionGraph, current: readonly string[], target: string): Step[] {
  const revs = iterateRevisions(g, current, target, { downgrade: true });
  return revs.map((revision) => ({ revision, direction: "down" }));
}

/**
 * Offline `from:to` ranges (`upgrade --sql a:b`, `downgrade --sql b:a`): `from` stands for the
 * version table's content (`base` for an empty table), then the plan is computed as online.
 */
export function rangePlan(g: RevisionGraph, range: string, direction: "up" | "down"): { heads: string[]; steps: Step[] } {
  const colon = range.indexOf(":");
  if (colon < 0) throw new UsageError(`Range "${range}" needs the form "from:to", e.g. "base:heads"`);
  const from = range.slice(0, colon);
  const to = range.slice(colon + 1);
  const start = from === "" || from === "base" ? null : resolveOne(g, from, []);
  const heads = start === null ? [] : [start];
  const steps = direction === "up" ? upgradePlan(g, heads, to || "heads") : downgradePlan(g, heads, to || "base");
  return { heads, steps };
}
