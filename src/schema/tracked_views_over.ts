/**
 * Offline, what the views the ops made read (PostgreSQL binds a view to the columns it reads): the views
 * made by op.createView that read the given columns, and the views that read those, as createView ops in the
 * order they can be made again; the offline script goes around them as the online run goes around the
 * database's (CompileContext.viewsOver). By their text: a view reads a column when it names the column's
 * table after FROM or JOIN (view_reads.ts) and names the column, or `*`; one that names the word for
 * something else is made again all the same, harmlessly. A materialized view is a blocker, as online. Views
 * made by raw SQL are not known here.
 */
import type { BoundColumn, ViewsOver } from "../dialects/dialect.ts";
import { tokens, unquote } from "../dialects/sql/lexer.ts";
import type { CreateViewOp, TableRef } from "../operations/ops.ts";
import { relationsOf } from "./view_reads.ts";

export function trackedViewsOver(views: readonly CreateViewOp[], columns: readonly BoundColumn[]): ViewsOver {
  const reads = new Map(views.map((v) => [v, relationsOf(v.query)]));
  const over = new Set(views.filter((v) => columns.some((c) => reads.get(v)!.has(c.table.name.toLowerCase()) && (c.column === null || names(v.query, c.column)))));
  for (let grew = true; grew; ) {
    grew = false;
    for (const v of views) {
      if (over.has(v) || ![...over].some((o) => reads.get(v)!.has(o.name.toLowerCase()))) continue;
      over.add(v);
      grew = true;
    }
  }
  // Each after the views it reads.
  const made: CreateViewOp[] = [];
  const waiting = [...over];
  while (waiting.length > 0) {
    const i = waiting.findIndex((v) => !waiting.some((w) => w !== v && reads.get(v)!.has(w.name.toLowerCase())));
    // A cycle (not made by any server): in the order the ops made them.
    made.push(...waiting.splice(i < 0 ? 0 : i, 1));
  }
  const at = (v: CreateViewOp): TableRef => (v.schema ? { name: v.name, schema: v.schema } : { name: v.name });
  const blocked = made.filter((v) => v.materialized);
  return {
    views: made.filter((v) => !v.materialized),
    blockers: blocked.map((v) => ({
      view: `materialized view ${v.schema ? `${v.schema}.` : ""}${v.name}`,
      why: "it is a materialized view (its rows and indexes would be lost)",
      at: at(v),
      onlyMaterialized: true,
    })),
    bindings: [],
  };
}

/** Whether the query names the column (a word, case aside, or the quoted name) or selects `*`. */
function names(query: string, column: string): boolean {
  for (const t of tokens(query)) {
    const text = query.slice(t.start, t.end);
    if (t.kind === "word" && text.toLowerCase() === column.toLowerCase()) return true;
    if (t.kind === "identifier" && unquote(text) === column) return true;
    if (t.kind === "other" && text === "*") return true;
  }
  return false;
}
