/**
 * Views, where the schema manages them (defineSchema's `views`, even an empty list): a view declared and
 * missing is made; one whose query or check option differs is dropped and made again; one the database has
 * and the schema does not declare is dropped. A view that reads one dropped or made again (names it after
 * FROM or JOIN: view_reads.ts) is dropped and made again with it, a declared one as declared, one the schema
 * leaves out (includeObject, the table globs) as it is: PostgreSQL refuses to drop a view another one reads,
 * and MySQL and SQLite would leave the reader broken. Queries are compared in canonicalViewQuery's form:
 * online both sides are the server's text (the declared views are made in the scratch first), offline the
 * revisions' text and the declaration's.
 */
import type { QuoteSyntax } from "../dialects/sql/lexer.ts";
import { canonicalViewQuery } from "../dialects/sql/view_query.ts";
import type * as ops from "../operations/ops.ts";
import type { ViewModel } from "../schema/model.ts";
import { STEP, type Change } from "./change.ts";
import { displayName } from "./compare_table.ts";
import { tableKey } from "./keys_of.ts";
import { relationsOf } from "../schema/view_reads.ts";

type Add = (op: ops.Op, step: number, key: string, safety?: Change["safety"], note?: string) => void;

/** The op that makes the view, with what the database kept on it; its query without surrounding white space or PostgreSQL's closing ";". */
export function createViewOp(v: ViewModel): ops.CreateViewOp {
  const query = v.query.trim().replace(/(?:\s*;)+$/, "");
  const materialized = v.materialized ? { materialized: true, ...(v.withData === false ? { withData: false } : {}) } : {};
  return { kind: "createView", name: v.name, ...(v.schema ? { schema: v.schema } : {}), query, ...(v.checkOption ? { checkOption: v.checkOption } : {}), ...materialized, ...v.kept };
}

/** The op that drops the view, with the op that makes it as it was (the downgrade's). */
export function dropViewOp(v: ViewModel): ops.DropViewOp {
  return { kind: "dropView", name: v.name, ...(v.schema ? { schema: v.schema } : {}), ...(v.materialized ? { materialized: true } : {}), existing: createViewOp(v) };
}

/** The same view: query, check option, and whether it is materialized (whether it was made filled is not compared). */
function same(a: ViewModel, b: ViewModel, syntax: QuoteSyntax): boolean {
  return canonicalViewQuery(a.query, syntax) === canonicalViewQuery(b.query, syntax) && (a.checkOption ?? null) === (b.checkOption ?? null) && !!a.materialized === !!b.materialized;
}

export interface ViewInput {
  /** The views the database has (or the history made), as compared. */
  readonly from: readonly ViewModel[];
  /** The declared views as compared (the server's text online). */
  readonly to: readonly ViewModel[];
  /** The declared views as the schema writes them: what a made view is made of. */
  readonly declared: readonly ViewModel[];
  /** Views the database has that the schema leaves out: never compared, but made again when one they read is. */
  readonly hidden: readonly ViewModel[];
  /** A view the same on both sides to drop and make again all the same (it reads a column whose type changes, where views bind their columns). */
  readonly remake: (v: ViewModel) => boolean;
  /** The dialect's lexical rules (MySQL's backslash escapes), for reading the queries' string literals. */
  readonly syntax?: QuoteSyntax;
}

export function compareViews(input: ViewInput, add: Add, unresolved: string[]): void {
  const existing = new Map(input.from.map((v) => [tableKey(v), v]));
  const written = new Map(input.declared.map((v) => [tableKey(v), v]));
  const wanted = new Set(input.to.map(tableKey));
  const dropped = new Set<string>();
  const made = new Set<string>();
  const unreadable = new Set<string>();
  for (const [key, was] of existing) {
    // MySQL shows an empty definition to a user without the SHOW VIEW privilege: nothing to compare with.
    if (was.query.trim() === "") {
      unresolved.push(`The definition of view ${displayName(was)} cannot be read (MySQL: the user needs the SHOW VIEW privilege): it is not compared`);
      existing.delete(key);
      unreadable.add(key);
    }
  }
  for (const v of input.to) {
    const key = tableKey(v);
    if (unreadable.has(key)) continue;
    const was = existing.get(key);
    if (!was) made.add(key);
    else if (!same(was, v, input.syntax ?? {}) || input.remake(was)) {
      dropped.add(key);
      made.add(key);
    }
  }
  for (const key of existing.keys()) if (!wanted.has(key)) dropped.add(key);
  // Readers of what goes, transitively: dropped, and made again (a declared one as declared, a hidden one as it is).
  const hidden = new Map(input.hidden.map((v) => [tableKey(v), v]));
  const all = new Map([...existing, ...hidden]);
  const refused = new Set<string>();
  // What each view reads, read once (the loop below goes round until nothing more is dropped).
  const readsOf = new Map([...all].map(([key, v]) => [key, relationsOf(v.query)]));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [key, v] of all) {
      if (dropped.has(key) || refused.has(key)) continue;
      const reads = readsOf.get(key)!;
      const hits = [...dropped].filter((d) => reads.has(all.get(d)!.name.toLowerCase()));
      if (hits.length === 0) continue;
      const gone = hits.find((d) => !made.has(d));
      if (hidden.has(key) && gone !== undefined) {
        // Not ours to drop, and it cannot be made again without what it reads.
        refused.add(key);
        const goes = all.get(gone)!;
        unresolved.push(`${capital(what(goes))} ${displayName(goes)} is dropped, but ${what(v)} ${displayName(v)}, which the schema leaves out, reads it: change or drop ${displayName(v)} first`);
        continue;
      }
      dropped.add(key);
      if (wanted.has(key) || hidden.has(key)) made.add(key);
      grew = true;
    }
  }
  ordered([...dropped].map((k) => all.get(k)!), true).forEach((v, i) => {
    const again = made.has(tableKey(v));
    add(
      dropViewOp(v),
      STEP.dropView,
      `${String(i).padStart(6, "0")}.${tableKey(v)}`,
      again ? "additive" : "destructive",
      again ? `makes ${what(v)} ${displayName(v)} again${v.kept?.grants ? ", its privileges granted again" : ""}${v.materialized ? " (its rows computed again)" : ""}` : `drops ${what(v)} ${displayName(v)}`,
    );
  });
  // A view made again keeps what the schema does not say (its privileges, comments, owner; a materialized
  // view's indexes, while it stays one), as it had them; one the schema leaves out is made as it was.
  const making = [...made].map((k) => {
    const v = written.get(k) ?? hidden.get(k)!;
    const was = existing.get(k) ?? hidden.get(k);
    if (!was?.kept) return v;
    const { indexes, ...rest } = was.kept;
    return { ...v, kept: v.materialized && was.materialized && indexes ? { ...rest, indexes } : rest };
  });
  ordered(making, false).forEach((v, i) => add(createViewOp(v), STEP.createView, `${String(i).padStart(6, "0")}.${tableKey(v)}`));
}

function what(v: ViewModel): string {
  return v.materialized ? "materialized view" : "view";
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Views in dependency order: `readersFirst`, a view before those it reads (to drop them); otherwise after
 * them (to make them). Ties, and views in a cycle, by key.
 */
export function ordered(views: readonly ViewModel[], readersFirst: boolean): ViewModel[] {
  const sorted = [...views].sort((a, b) => tableKey(a).localeCompare(tableKey(b)));
  const reads = new Map(sorted.map((v) => [v, relationsOf(v.query)]));
  const out: ViewModel[] = [];
  const state = new Map<ViewModel, "visiting" | "done">();
  const visit = (v: ViewModel) => {
    if (state.get(v)) return;
    state.set(v, "visiting");
    // First what must come before v: its readers (to drop), or what it reads (to make).
    for (const r of sorted) {
      if (r !== v && (readersFirst ? reads.get(r)!.has(v.name.toLowerCase()) : reads.get(v)!.has(r.name.toLowerCase()))) visit(r);
    }
    state.set(v, "done");
    out.push(v);
  };
  for (const v of sorted) visit(v);
  return out;
}
