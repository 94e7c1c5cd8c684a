/**
 * Offline, what the views the ops made read (PostgreSQL binds a view to the columns it reads): the plain views
 * made by op.createView that read the given columns, and the plain views that read those, as createView ops
 * in the order they can be made again; the offline script goes around them as the online run goes around the
 * database's (CompileContext.viewsOver). By their text: a view reads a column when it names the column's
 * table after FROM or JOIN (view_reads.ts) and names the column, or selects `*`; one that names the word for
 * something else is made again all the same, harmlessly, from its exact text.
 *
 * Only a text known to be the view's is made again: a view is forgotten (left to the plain ALTER, as before
 * the tracker knew views) once what it reads is renamed or dropped, a column of it renamed or dropped (the
 * server follows those; the text would not), its schema dropped, or raw SQL (op.execute) names it. A
 * materialized view is never made again offline: its rows and indexes are the database's.
 */
import type { BoundColumn, ViewsOver } from "../dialects/dialect.ts";
import type { CreateViewOp, Op } from "../operations/ops.ts";
import { mentionsIdentifier } from "./identifiers.ts";
import { readsColumn, relationsOf } from "./view_reads.ts";

export function trackedViewsOver(all: readonly CreateViewOp[], columns: readonly BoundColumn[]): ViewsOver {
  const views = all.filter((v) => !v.materialized);
  const reads = new Map(views.map((v) => [v, relationsOf(v.query)]));
  const over = new Set(views.filter((v) => columns.some((c) => reads.get(v)!.has(c.table.name.toLowerCase()) && (c.column === null || readsColumn(v.query, c.column)))));
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
    // A cycle (which no server makes): in the order the ops made them.
    made.push(...waiting.splice(i < 0 ? 0 : i, 1));
  }
  return { views: made, blockers: [], bindings: [] };
}

/**
 * The tracked views (by key) whose text `op` may make wrong, to forget: those reading a table it renames or
 * drops, or whose column it renames or drops; those of a schema it drops; those raw SQL names.
 */
export function staleViews(views: ReadonlyMap<string, CreateViewOp>, op: Op): string[] {
  const readers = (table: string) => [...views].filter(([, v]) => relationsOf(v.query).has(table.toLowerCase())).map(([key]) => key);
  switch (op.kind) {
    case "renameTable":
    case "dropTable":
      return readers(op.table.name);
    case "alterColumn":
      return op.newName !== undefined && op.newName !== op.column ? readers(op.table.name) : [];
    case "dropColumn":
      return readers(op.table.name);
    case "batchAlterTable":
      return op.ops.some((inner) => staleViews(views, inner as Op).length > 0) ? readers(op.table.name) : [];
    case "dropSchema":
      return [...views].filter(([, v]) => v.schema?.toLowerCase() === op.name.toLowerCase()).map(([key]) => key);
    case "execute":
      return [...views].filter(([, v]) => mentionsIdentifier(op.sql, v.name)).map(([key]) => key);
    default:
      return [];
  }
}
