import {
  AmbiguousRevisionError,
  MultipleHeadsError,
  RevisionRangeError,
  UnknownRevisionError,
} from "../errors.ts";
import { cmp, type RevisionGraph } from "./graph.ts";
import { parseDowngradeTarget, parseUpgradeTarget } from "./targets.ts";

/**
 * Revision identifiers, resolved as Alembic 1.8's RevisionMap does (`get_revisions`, `_walk`,
 * `_parse_upgrade_target`, `_parse_downgrade_target`). A walk result is a revision id, "base"
 * (walked down past a base) or null (walked off the graph).
 */
export type Walked = string | "base" | null;

const RELATIVE = /^(?:(.+?)@)?(\w+)?([+-]\d+)$/;

/** Split `label@id` and expand head/heads/base (Alembic `_resolve_revision_number`). */
export function splitIdentifier(g: RevisionGraph, id: string | null): { ids: string[]; label: string | null } {
  let label: string | null = null;
  if (id !== null && id.includes("@")) {
    label = id.slice(0, id.indexOf("@"));
    id = id.slice(id.indexOf("@") + 1);
  }
  if (id === "heads") return { ids: label ? filterForLineage(g, g.heads, label) : [...g.realHeads], label };
  if (id === "head") return { ids: currentHead(g, label), label };
  if (id === "base" || id === null || id === "") return { ids: [], label };
  return { ids: [id], label };
}

/** The single head (of a branch): [] without revisions; MultipleHeadsError when there are several. */
function currentHead(g: RevisionGraph, label: string | null): string[] {
  const heads = label ? filterForLineage(g, g.heads, label) : [...g.heads];
  if (heads.length > 1) throw new MultipleHeadsError(heads, label ? `${label}@head` : "head");
  return heads;
}

/** The targets that are ancestors or descendants of `against` (an identifier, maybe `label@...`). */
export function filterForLineage(g: RevisionGraph, targets: readonly string[], against: string, deps = false): string[] {
  const { ids, label } = splitIdentifier(g, against);
  const shares = label ? [label, ...ids] : ids;
  return targets.filter((t) => sharesLineage(g, t, shares, deps));
}

function sharesLineage(g: RevisionGraph, target: string, against: readonly string[], deps = false): boolean {
  if (against.length === 0) return true;
  const t = lookup(g, target, null);
  const others = new Set(against.map((a) => lookup(g, a, null)));
  if (t === null) return false;
  return [...g.descendants([t], deps), ...g.ancestors([t], deps)].some((r) => others.has(r));
}

/** A branch label (its declaring revision) or any revision identifier (Alembic `_resolve_branch`). */
export function resolveBranch(g: RevisionGraph, label: string): string {
  const exact = g.labelOwner(label) ?? (g.has(label) ? label : undefined);
  if (exact !== undefined) return exact;
  try {
    return lookup(g, label, null) as string;
  } catch (e) {
    if (!(e instanceof UnknownRevisionError)) throw e;
    throw new UnknownRevisionError(label, "no branch label or revision has this name");
  }
}

/**
 * One id, label or unique prefix (Alembic `_revision_for_ident`): prefixes match ids and labels
 * longer than 3 characters; with `branch`, the revision must share its lineage.
 */
export function lookup(g: RevisionGraph, id: string | null, branch: string | null): string | null {
  const branchRev = branch ? resolveBranch(g, branch) : null;
  if (id === null) return null;
  let rev = g.has(id) ? id : g.labelOwner(id);
  if (rev === undefined) {
    const keys = [...g.ids, ...g.branchLabels].filter((k) => k.length > 3 && k.startsWith(id));
    let revs = [...new Set(keys.map((k) => g.labelOwner(k) ?? k))];
    if (branch) revs = filterForLineage(g, revs, branch);
    if (revs.length > 1) throw new AmbiguousRevisionError(id, revs.sort(cmp));
    rev = revs[0];
    if (rev === undefined) {
      const hint = id.length < 4 ? "give at least 4 characters of a revision id" : "check the id with \"migrator history\"";
      throw new UnknownRevisionError(id, hint);
    }
  }
  if (branch && branchRev !== null && !sharesLineage(g, rev, [branchRev])) {
    throw new UnknownRevisionError(`${branch}@${id}`, `revision "${rev}" is not on branch "${branch}"`);
  }
  return rev;
}

/** Alembic `get_revisions`: ids for an identifier; `label@-n` and `-n` walk down from the heads. */
export function getRevisions(g: RevisionGraph, id: string | readonly string[] | null): Walked[] {
  if (Array.isArray(id)) return id.flatMap((i: string) => getRevisions(g, i));
  const { ids, label } = splitIdentifier(g, id as string | null);
  const only = ids.length === 1 ? ids[0] as string : undefined;
  if (only !== undefined && /^[+-]?\d+$/.test(only.trim()) && Number(only) < 0) {
    const heads = getRevisions(g, "heads").filter((h) => !label || (h !== null && g.labelsOf(h).includes(label)));
    return heads.map((h) => walk(g, h, Number(only)));
  }
  return ids.map((i) => lookup(g, i, label));
}

/** Alembic `get_revision`: at most one revision; MultipleHeadsError otherwise. */
export function getRevision(g: RevisionGraph, id: string | null): string | null {
  const { ids, label } = splitIdentifier(g, id);
  if (ids.length > 1) throw new MultipleHeadsError(ids, id ?? "base");
  return lookup(g, ids[0] ?? null, label);
}

/**
 * Alembic `_walk`: `steps` up (children, maybe restricted to a branch) or down (parents). Walking
 * down from a base gives "base"; walking off either end gives null, or with `overwalk` stops there.
 */
export function walk(g: RevisionGraph, start: Walked, steps: number, label: string | null = null, overwalk = false): Walked {
  let at = start;
  for (let i = 0; i < Math.abs(steps); i++) {
    let next: Walked[];
    if (steps > 0) {
      const up = at === null || at === "base" ? [...g.bases] : [...g.children(at)];
      next = label ? filterForLineage(g, up, label) : up;
    } else if (at === "base") {
      next = [];
    } else {
      next = at === null ? [...g.heads] : [...g.parents(at)];
      if (next.length === 0) next = ["base"];
    }
    if (next.length === 0) return overwalk ? at : null;
    if (next.length > 1) {
      throw new RevisionRangeError(
        `Cannot move ${Math.abs(steps)} step(s) ${steps > 0 ? "up" : "down"} from "${at ?? "base"}": ` +
          `it has several ${steps > 0 ? "children" : "parents"} (${next.join(", ")}); name the revision instead`,
      );
    }
    at = next[0] as Walked;
  }
  return at;
}

/** `+n`, `label@+n`, `rev+n`, `-n`, `label@-n`, `rev-n` split into parts, or null. */
export function parseRelative(target: string): { label: string | null; symbol: string | null; n: number } | null {
  const m = RELATIVE.exec(target);
  if (!m) return null;
  return { label: m[1] ?? null, symbol: m[2] ?? null, n: Number(m[3]) };
}

export function tooFar(relative: string, n: number, detail = ""): RevisionRangeError {
  return new RevisionRangeError(
    `Relative revision "${relative}" does not give ${Math.abs(n)} migration(s)${detail}; ` +
      `check "migrator history" and ask for fewer steps`,
  );
}

/** The single revision an identifier names (null for base), relative moves resolved against `current`. */
export function resolveOne(g: RevisionGraph, identifier: string, current: readonly string[]): string | null {
  const revs = resolve(g, identifier, current);
  if (revs.length > 1) throw new MultipleHeadsError(revs, identifier);
  return revs[0] ?? null;
}

/**
 * Every revision an identifier names: an id, a unique prefix, `head`, `heads`, `base` ([]),
 * `current`, a branch label, `label@head|base|heads|<id>`, and relative moves (`+n` and `label@+n`
 * as `upgrade` reads them, `-n` and `label@-n` as `downgrade` does, `rev+n`, `rev-n`).
 */
export function resolve(g: RevisionGraph, identifier: string, current: readonly string[]): string[] {
  if (identifier === "current") return current.map((c) => lookup(g, c, null) as string);
  const rel = parseRelative(identifier);
  let out: Walked[];
  if (rel && rel.n < 0) out = [parseDowngradeTarget(g, current, identifier, true).rev];
  else if (rel) out = parseUpgradeTarget(g, current, identifier, true);
  else out = getRevisions(g, identifier);
  if (out.includes(null) && (rel || /^[+-]?\d+$/.test(identifier.split("@").pop() ?? ""))) {
    throw tooFar(identifier, rel?.n ?? Number(identifier.split("@").pop()));
  }
  return out.filter((r): r is string => r !== null && r !== "base");
}
