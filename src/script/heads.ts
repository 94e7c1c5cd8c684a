import { RevisionRangeError } from "../errors.ts";
import type { RevisionGraph } from "./graph.ts";
import { filterForLineage, getRevisions } from "./resolve.ts";
import type { Step, VersionUpdate } from "./revision.ts";

/**
 * Version-table bookkeeping, as Alembic 1.8's HeadMaintainer with RevisionStep / StampStep.
 * `heads` is the table's rows in row order: an update keeps the row's place, an insert appends.
 * Alembic picks rows out of Python sets in places; we keep the declared order of downRevisions
 * (then dependsOn): a merge deletes all parents but the last and updates the last one.
 */
export interface HeadsChange {
  readonly heads: string[];
  readonly updates: VersionUpdate[];
}

class Table {
  readonly rows: string[];
  readonly updates: VersionUpdate[] = [];
  constructor(rows: readonly string[]) {
    this.rows = [...rows];
  }
  has(r: string): boolean {
    return this.rows.includes(r);
  }
  insert(to: string): void {
    if (this.has(to)) throw new Error(`internal: version row "${to}" inserted twice`);
    this.rows.push(to);
    this.updates.push({ kind: "insert", to });
  }
  delete(from: string): void {
    this.rows.splice(this.rows.indexOf(from), 1);
    this.updates.push({ kind: "delete", from });
  }
  update(from: string, to: string): void {
    const i = this.rows.indexOf(from);
    if (i < 0 || this.has(to)) throw new Error(`internal: cannot update version row "${from}" to "${to}"`);
    this.rows[i] = to;
    this.updates.push({ kind: "update", from, to });
  }
}

/** The version table after running one migration step (Alembic `HeadMaintainer.update_to_step`). */
export function applyStep(g: RevisionGraph, heads: readonly string[], step: Step): HeadsChange {
  const t = new Table(heads);
  const rev = step.revision;
  const down = g.normalizedParents(rev);
  if (step.direction === "down") {
    if (!t.has(rev)) throw new RevisionRangeError(`Cannot downgrade "${rev}": it is not a current head (${heads.join(", ") || "none"})`);
    const to = notBelowOthers(g, t, down, [rev]);
    if (down.length === 0 || to.length === 0) t.delete(rev);
    else if (down.length > 1) {
      for (const r of to.slice(0, -1)) t.insert(r);
      t.update(rev, to[to.length - 1] as string);
    } else t.update(rev, down[0] as string);
  } else if (down.length === 0 || present(t, down).length === 0) {
    t.insert(rev);
  } else if (down.length > 1 && present(t, down).length > 1) {
    const from = present(t, notBelowOthers(g, t, down, down));
    for (const r of from.slice(0, -1)) t.delete(r);
    t.update(from[from.length - 1] as string, rev);
  } else {
    t.update(present(t, down)[0] as string, rev);
  }
  return { heads: t.rows, updates: t.updates };
}

// Helpers of applyStep, not closures in it: it runs once per step of a run, and closures capturing its
// locals would make every call allocate its scope.

/** The revisions of `xs` that are rows of the table. */
function present(t: Table, xs: readonly string[]): string[] {
  return xs.filter((x) => t.has(x));
}

/** Parents still needed by another current head stay where they are (`_unmerge_to_revisions`). */
function notBelowOthers(g: RevisionGraph, t: Table, xs: readonly string[], except: readonly string[]): string[] {
  const others = t.rows.filter((h) => !except.includes(h));
  const below = new Set(others.length ? g.ancestors(others) : []);
  return xs.filter((x) => !below.has(x));
}

/**
 * `stamp`: move the version table to `targets` without running migrations (Alembic `_stamp_revs`).
 * Each target moves the current heads on its lineage up or down to it (several of them merge into
 * one row), or becomes a new row when no current head is on its lineage; `base` deletes the rows on
 * its lineage. `purge` first deletes every row, known revisions or not.
 */
export function stampPlan(g: RevisionGraph, current: readonly string[], targets: readonly string[], purge: boolean): HeadsChange {
  const t = new Table(current);
  if (purge) for (const r of current) t.delete(r);
  const idents = targets.length ? targets : ["base"];
  const headRevs = getRevisions(g, t.rows) as string[];
  const onLineage = [...new Set(idents.flatMap((id) => filterForLineage(g, headRevs, id, true)))];
  const dests = getRevisions(g, idents);
  for (const dest of dests.length ? dests : [null]) {
    if (dest === null || dest === "base") {
      for (const h of onLineage) if (t.has(h)) t.delete(h);
      continue;
    }
    if (onLineage.includes(dest)) continue;
    const above = new Set(g.descendants([dest]));
    const below = new Set(g.ancestors([dest]));
    const from = onLineage.some((h) => above.has(h) || below.has(h)) ? onLineage : [];
    // Alembic moves the same rows again for a second target (and fails); we add a row instead.
    const movable = from.filter((h) => t.has(h));
    if (movable.length === 0) {
      if (!t.has(dest)) t.insert(dest);
      continue;
    }
    for (const r of movable.slice(0, -1)) t.delete(r);
    t.update(movable[movable.length - 1] as string, dest);
  }
  return { heads: t.rows, updates: t.updates };
}
