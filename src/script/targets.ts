import { RevisionRangeError } from "../errors.ts";
import type { RevisionGraph } from "./graph.ts";
import { filterForLineage, getRevision, getRevisions, parseRelative, tooFar, walk, type Walked } from "./resolve.ts";

/**
 * Upgrade and downgrade targets relative to the current heads, as Alembic 1.8's
 * `_parse_upgrade_target` / `_parse_downgrade_target`. `strict` (Alembic's
 * `assert_relative_length`) makes a walk off the graph an error instead of stopping at the end.
 */

/** The revisions an upgrade target names (`+n` walks up from the single current head). */
export function parseUpgradeTarget(
  g: RevisionGraph,
  current: readonly string[],
  target: string | readonly string[] | null,
  strict: boolean,
): Walked[] {
  const rel = typeof target === "string" ? parseRelative(target) : null;
  if (!rel || typeof target !== "string") return getRevisions(g, target);
  const { label, symbol, n } = rel;
  if (n <= 0) {
    if (symbol === null) throw tooFar(target, n, "; use \"downgrade\" to go down");
    return [walk(g, getRevision(g, label ? `${label}@${symbol}` : symbol), n, null, !strict)];
  }
  if (symbol !== null) return [walk(g, getRevision(g, symbol), n, label, !strict)];
  let start: Walked[] = current.length > 0 ? [...current] : [null];
  if (label) {
    start = filterForLineage(g, getRevisions(g, current) as string[], label);
    if (start.length === 0) {
      // The branch has no current head: start from the tip of what is applied on it, or from base.
      const active = filterForLineage(g, g.ancestors(current), label);
      const below = new Set(active.flatMap((r) => g.normalizedParents(r)));
      start = active.filter((r) => !below.has(r));
      if (start.length === 0) start = [null];
    }
  }
  if (start.length > 1) {
    throw new RevisionRangeError(
      `Cannot upgrade "${target}" from several current heads (${start.join(", ")}); ` +
        `use "label@${target}" or "<revision>${target}"`,
    );
  }
  const rev = walk(g, start[0] ?? null, n, label, !strict);
  if (rev === null) throw tooFar(target, n);
  return [rev];
}

/** The branch label (if any) and revision a downgrade target names (`-n` walks down from a current head). */
export function parseDowngradeTarget(
  g: RevisionGraph,
  current: readonly string[],
  target: string | null,
  strict: boolean,
): { label: string | null; rev: Walked } {
  if (target === null) return { label: null, rev: null };
  const rel = parseRelative(target);
  if (!rel) {
    const at = target.lastIndexOf("@");
    return { label: at > 0 ? target.slice(0, at) : null, rev: getRevision(g, target.slice(at + 1)) };
  }
  let { label, symbol } = rel;
  const n = rel.n;
  if (n >= 0) {
    if (symbol === null) throw tooFar(target, n, "; use \"upgrade\" to go up");
    const rev = walk(g, getRevision(g, symbol), n, label, !strict);
    if (rev === null) throw tooFar(target, n);
    return { label, rev };
  }
  const relative = symbol === null;
  if (symbol === null && label) {
    let onBranch = filterForLineage(g, current, label);
    if (onBranch.length === 0) onBranch = filterForLineage(g, allCurrent(g, current), label);
    if (onBranch.length !== 1) {
      throw new RevisionRangeError(
        `Cannot move "${target}": ${onBranch.length} current heads are on branch "${label}"` +
          (onBranch.length ? ` (${onBranch.join(", ")})` : "") + "; name a revision instead",
      );
    }
    symbol = onBranch[0] as string;
  } else if (symbol === null) {
    // Alembic takes the first row of the version table; we take the first current head in id order.
    const first = [...new Set(current)].sort((a, b) => g.rank(a) - g.rank(b))[0];
    if (first === undefined) throw tooFar(target, n, ": nothing is applied");
    symbol = first;
    label = first;
  }
  const rev = walk(g, getRevision(g, label ? `${label}@${symbol}` : symbol), n, null, !strict);
  if (rev === null) throw tooFar(target, n, relative ? "" : ` from "${symbol}"`);
  return { label, rev };
}

/** Current heads plus their ancestors, reduced to branch tips (Alembic `_get_all_current`). */
export function allCurrent(g: RevisionGraph, current: readonly string[]): string[] {
  const top = new Set(g.ancestors(getRevisions(g, current) as string[]));
  return [...top]
    .filter((r) => !g.descendants([r], false).some((d) => d !== r && top.has(d)))
    .sort((a, b) => g.rank(a) - g.rank(b));
}
