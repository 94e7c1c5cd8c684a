import { RevisionRangeError, UsageError } from "../errors.ts";
import type { RevisionGraph } from "./graph.ts";
import { getRevision, getRevisions, parseRelative, resolveBranch, tooFar, type Walked } from "./resolve.ts";
import { parseDowngradeTarget, parseUpgradeTarget } from "./targets.ts";

/** Identifiers accepted as a range end: one identifier, several revisions (current heads), or base. */
export type Ends = string | readonly string[] | null;

export interface IterateOptions {
  /** Include the lower end itself (history does). */
  readonly inclusive?: boolean;
  /** Upgrade: also take revisions not above `lower` (other branches). Downgrade: wind every branch back. */
  readonly implicitBase?: boolean;
  /** A relative move that runs off the graph is an error (true) or stops at the end (false). */
  readonly strict?: boolean;
  /** Collect what a downgrade from `upper` (the current heads) to `lower` removes. */
  readonly downgrade?: boolean;
}

function list(x: Ends): string[] {
  return x === null ? [] : typeof x === "string" ? [x] : [...x];
}

function revs(xs: readonly Walked[]): string[] {
  return xs.filter((x): x is string => x !== null && x !== "base");
}

/**
 * Alembic `iterate_revisions`: the revisions between `upper` and `lower`, newest first, every
 * revision after all revisions that depend on it (see `topologicalSort`).
 */
export function iterateRevisions(g: RevisionGraph, upper: Ends, lower: Ends, opts: IterateOptions = {}): string[] {
  const { revisions, heads } = opts.downgrade
    ? collectDowngrade(g, list(upper), typeof lower === "string" ? lower : null, opts)
    : collectUpgrade(g, upper, lower, opts);
  return topologicalSort(g, revisions, heads);
}

/** What a downgrade from `current` to `target` removes (Alembic `_collect_downgrade_revisions`). */
export function collectDowngrade(g: RevisionGraph, current: readonly string[], target: string | null, opts: IterateOptions) {
  const parsed = parseDowngradeTarget(g, current, target, opts.strict ?? true);
  const rev = parsed.rev === "base" ? null : parsed.rev;
  let roots: string[];
  if (rev === null) roots = [...g.bases];
  else if (opts.inclusive) roots = [rev];
  else roots = [...g.children(rev)];
  if (parsed.label && roots.length > 1) {
    const onBranch = new Set(g.ancestors([resolveBranch(g, parsed.label)], false));
    roots = roots.filter((r) => onBranch.has(r));
    if (roots.length === 0) {
      throw new RevisionRangeError(`"${target}" is not a valid downgrade target from the current heads (${current.join(", ")})`);
    }
  }
  const heads = revs(getRevisions(g, current));
  const active = new Set(g.ancestors(heads));
  const drop = new Set(g.descendants(roots).filter((r) => active.has(r)));
  if (opts.implicitBase) {
    const kept = new Set(g.ancestors(roots));
    for (const a of active) if (!kept.has(a)) drop.add(a);
  }
  if (rev !== null && drop.size === 0 && !heads.includes(rev)) {
    throw new RevisionRangeError(
      `Cannot downgrade to "${target}": it is not below the current heads (${current.join(", ") || "none"}); ` +
        `pick an applied revision (see "migrator history -i")`,
    );
  }
  return { revisions: drop, heads };
}

/** What an upgrade from `lower` (current heads) to `upper` needs (Alembic `_collect_upgrade_revisions`). */
export function collectUpgrade(g: RevisionGraph, upper: Ends, lower: Ends, opts: IterateOptions) {
  const strict = opts.strict ?? true;
  const parsed = parseUpgradeTarget(g, list(lower), upper, strict);
  if (parsed.includes(null)) throw tooFar(String(upper), parseRelative(String(upper))?.n ?? 0);
  let targets = revs(parsed);
  if (typeof lower === "string" && lower.includes("@")) {
    // `label@...` as the lower end: only targets on that branch.
    let branch = lower.slice(0, lower.indexOf("@"));
    const owner = getRevision(g, branch);
    if (owner === branch && g.labelsOf(owner).length === 1) branch = g.labelsOf(owner)[0] as string;
    targets = targets.filter((t) => g.labelsOf(t).includes(branch));
  }
  const required = ancestorsChecked(g, targets);
  let current = getRevisions(g, lower);
  if (!opts.implicitBase && current.some((c) => c !== null && c !== "base" && !required.has(c))) {
    throw new RevisionRangeError(
      `Range "${list(lower).join(",") || "base"}:${list(upper).join(",")}" does not go from a revision to one of its ` +
        `descendants; swap the ends or pick revisions on the same branch`,
    );
  }
  let lowerEnd = lower;
  if (current[0] === null) {
    // A relative lower end that walked off the graph: read it as a downgrade target.
    const { rev } = parseDowngradeTarget(g, list(upper), typeof lower === "string" ? lower : null, strict);
    current = rev === null || rev === "base" ? [] : [rev];
    lowerEnd = rev === null || rev === "base" ? null : rev;
  }
  const cur = revs(current);
  const have = ancestorsChecked(g, cur);
  const needs = new Set([...required].filter((r) => !have.has(r)));
  if (opts.inclusive) for (const r of revs(getRevisions(g, lowerEnd))) needs.add(r);
  if (cur.length > 0 && !opts.implicitBase) {
    const above = new Set(g.descendants(cur, false));
    for (const r of needs) if (!above.has(r)) needs.delete(r);
  }
  return { revisions: needs, heads: targets };
}

/** Ancestors (with dependsOn) of revisions none of which may be an ancestor of another. */
function ancestorsChecked(g: RevisionGraph, ids: readonly string[]): Set<string> {
  const all = new Set<string>();
  for (const id of ids) {
    const mine = g.ancestors([id]);
    const other = ids.find((o) => o !== id && mine.includes(o));
    if (other !== undefined) {
      throw new RevisionRangeError(`Revision "${id}" overlaps with "${other}", also requested; name only one of them`);
    }
    for (const a of mine) all.add(a);
  }
  return all;
}

/**
 * Alembic `_topological_sort`: newest first. Starts at the first head (in id order) and walks down;
 * when the next revision is still needed by another head, switches to that head first.
 */
export function topologicalSort(g: RevisionGraph, todo: Set<string>, heads: readonly string[]): string[] {
  const left = new Set(todo);
  const current = [...new Set(heads.filter((h) => left.has(h)))].sort((a, b) => g.rank(a) - g.rank(b));
  const ancestors = current.map((h) => new Set(g.ancestors([h])));
  const out: string[] = [];
  let idx = 0;
  // Plain loops, no closures or destructuring: a plan from base walks this once per revision.
  while (current.length > 0) {
    const candidate = current[idx] as string;
    const blocker = blockingHead(ancestors, idx, candidate);
    if (blocker >= 0) {
      idx = blocker;
      continue;
    }
    if (left.delete(candidate)) out.push(candidate);
    const add: string[] = [];
    for (const r of g.normalizedParents(candidate)) if (left.has(r) && !current.includes(r)) add.push(r);
    const first = add[0];
    if (first === undefined) {
      current.splice(idx, 1);
      ancestors.splice(idx, 1);
      idx = Math.max(idx - 1, 0);
    } else if (g.dependencies(candidate).length === 0 && g.parents(candidate).length === 1) {
      current[idx] = first;
      ancestors[idx]?.delete(candidate);
    } else {
      const rest = add.slice(1);
      current[idx] = first;
      current.push(...rest);
      ancestors[idx] = new Set(g.ancestors([first]));
      ancestors.push(...rest.map((r) => new Set(g.ancestors([r]))));
    }
  }
  if (left.size > 0) throw new Error(`internal: topological sort left ${[...left].join(", ")}`);
  return out;
}

/** The first head other than the one at `idx` that still needs `candidate` below it, or -1. */
function blockingHead(ancestors: readonly Set<string>[], idx: number, candidate: string): number {
  for (let i = 0; i < ancestors.length; i++) if (i !== idx && ancestors[i]!.has(candidate)) return i;
  return -1;
}

/**
 * `history -r lower:upper` (Alembic `walk_revisions`): newest first, both ends included; open ends
 * are base and heads; `current` stands for the current heads; relative ends stop at the graph's edge.
 */
export function historyRevisions(g: RevisionGraph, range: string | null, current: readonly string[]): string[] {
  let lower: Ends = "base";
  let upper: Ends = "heads";
  if (range !== null) {
    const parts = range.trim().split(":");
    if (parts.length !== 2) throw new UsageError(`History range "${range}" needs a colon: "start:end", "start:" or ":end"`);
    const [lo, up] = parts as [string, string];
    const end = (s: string, open: string): Ends => (s === "current" ? (current.length ? current : open) : s || open);
    lower = end(lo, "base");
    upper = end(up, "heads");
  }
  return iterateRevisions(g, upper, lower, { inclusive: true, strict: false });
}
