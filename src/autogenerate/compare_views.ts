/**
 * Views, where the schema manages them (defineSchema's `views`, even an empty list): a view declared and
 * missing is made; one whose query or check option differs is dropped and made again; one the database has
 * and the schema does not declare is dropped. A view that reads one dropped or made again (its name is in
 * its query) is dropped and made again with it: PostgreSQL refuses to drop a view another one reads, and
 * MySQL and SQLite would leave the reader broken meanwhile. Queries are compared in canonicalViewQuery's
 * form: online both sides are the server's text (the declared views are made in the scratch first),
 * offline the revisions' text and the declaration's.
 */
import { canonicalViewQuery } from "../dialects/sql/view_query.ts";
import type * as ops from "../operations/ops.ts";
import { mentionsIdentifier } from "../schema/identifiers.ts";
import type { ViewModel } from "../schema/model.ts";
import { STEP, type Change } from "./change.ts";
import { displayName } from "./compare_table.ts";
import { tableKey } from "./keys_of.ts";

type Add = (op: ops.Op, step: number, key: string, safety?: Change["safety"], note?: string) => void;

/** The op that makes the view; its query without the white space around it and the ";" PostgreSQL prints after it. */
export function createViewOp(v: ViewModel): ops.CreateViewOp {
  const query = v.query.trim().replace(/(?:\s*;)+$/, "");
  return { kind: "createView", name: v.name, ...(v.schema ? { schema: v.schema } : {}), query, ...(v.checkOption ? { checkOption: v.checkOption } : {}), ...v.kept };
}

function same(a: ViewModel, b: ViewModel): boolean {
  return canonicalViewQuery(a.query) === canonicalViewQuery(b.query) && (a.checkOption ?? null) === (b.checkOption ?? null);
}

/**
 * `declared`: the views as the schema writes them (what a made view is made of); `to`: the same views as
 * compared (the server's text online). `remake`: a view the same on both sides to drop and make again all
 * the same (it reads a column whose type changes, where views bind their columns).
 */
export function compareViews(from: readonly ViewModel[], to: readonly ViewModel[], declared: readonly ViewModel[], add: Add, remake: (v: ViewModel) => boolean = () => false): void {
  const existing = new Map(from.map((v) => [tableKey(v), v]));
  const written = new Map(declared.map((v) => [tableKey(v), v]));
  const dropped = new Set<string>();
  const made = new Set<string>();
  for (const v of to) {
    const key = tableKey(v);
    const was = existing.get(key);
    if (!was) made.add(key);
    else if (!same(was, v) || remake(was)) {
      dropped.add(key);
      made.add(key);
    }
  }
  for (const key of existing.keys()) if (!to.some((v) => tableKey(v) === key)) dropped.add(key);
  // Readers of what goes, transitively: dropped, and made again when the schema keeps them.
  const kept = new Set(to.map(tableKey));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [key, v] of existing) {
      if (dropped.has(key)) continue;
      if ([...dropped].some((d) => mentionsIdentifier(v.query, existing.get(d)!.name))) {
        dropped.add(key);
        if (kept.has(key)) made.add(key);
        grew = true;
      }
    }
  }
  // Readers are dropped before what they read, and made after it.
  const order = readersFirst([...dropped].map((k) => existing.get(k)!));
  order.forEach((v, i) => {
    const key = tableKey(v);
    const again = made.has(key);
    add(
      { kind: "dropView", name: v.name, ...(v.schema ? { schema: v.schema } : {}), existing: createViewOp(v) },
      STEP.dropView,
      `${String(i).padStart(6, "0")}.${key}`,
      again ? "additive" : "destructive",
      again ? `makes view ${displayName(v)} again${v.kept?.grants ? ", its privileges granted again" : ""}` : `drops view ${displayName(v)}`,
    );
  });
  // A view made again keeps what the schema does not say (its privileges, comments, owner), as it had them.
  readFirst(declared.filter((v) => made.has(tableKey(v)))).forEach((v, i) => {
    const kept = existing.get(tableKey(v))?.kept;
    add(createViewOp({ ...(written.get(tableKey(v)) ?? v), ...(kept ? { kept } : {}) }), STEP.createView, `${String(i).padStart(6, "0")}.${tableKey(v)}`);
  });
}

/** Readers before what they read (a view reads another when its query names it); otherwise by key. */
export function readersFirst(views: readonly ViewModel[]): ViewModel[] {
  const sorted = [...views].sort((a, b) => tableKey(a).localeCompare(tableKey(b)));
  const out: ViewModel[] = [];
  const state = new Map<ViewModel, "visiting" | "done">();
  const visit = (v: ViewModel) => {
    if (state.get(v)) return;
    state.set(v, "visiting");
    // What reads v goes first.
    for (const r of sorted) if (r !== v && !state.get(r) && mentionsIdentifier(r.query, v.name)) visit(r);
    state.set(v, "done");
    out.push(v);
  };
  for (const v of sorted) visit(v);
  return out;
}

/** What a view reads before it (the other way round from readersFirst); otherwise by key. */
export function readFirst(views: readonly ViewModel[]): ViewModel[] {
  const sorted = [...views].sort((a, b) => tableKey(a).localeCompare(tableKey(b)));
  const out: ViewModel[] = [];
  const state = new Map<ViewModel, "visiting" | "done">();
  const visit = (v: ViewModel) => {
    if (state.get(v)) return;
    state.set(v, "visiting");
    for (const r of sorted) if (r !== v && !state.get(r) && mentionsIdentifier(v.query, r.name)) visit(r);
    state.set(v, "done");
    out.push(v);
  };
  for (const v of sorted) visit(v);
  return out;
}
