import { UsageError } from "../errors.ts";
import type { RevisionGraph } from "./graph.ts";
import { resolve } from "./resolve.ts";
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
 * An offline `from:to` range (`upgrade --sql a:b`, `downgrade --sql b:a`, `stamp --sql a:b`): `from`
 * stands for the version table's content (`base` or nothing for an empty table), `to` is the target.
 */
export function splitRange(g: RevisionGraph, range: string): { heads: string[]; target: string } {
  const colon = range.indexOf(":");
  if (colon < 0) throw new UsageError(`Range "${range}" needs the form "from:to", e.g. "base:heads"`);
  const from = range.slice(0, colon);
  return { heads: from === "" || from === "base" ? [] : resolve(g, from, []), target: range.slice(colon + 1) };
}

/** The plan of an offline range: from the range's start, computed as online. */
export function rangePlan(g: RevisionGraph, range: string, direction: "up" | "down"): { heads: string[]; steps: Step[] } {
  const { heads, target } = splitRange(g, range);
  const steps = direction === "up" ? upgradePlan(g, heads, target || "heads") : downgradePlan(g, heads, target || "base");
  return { heads, steps };
}
