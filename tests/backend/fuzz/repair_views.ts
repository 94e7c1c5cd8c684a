/**
 * Views after the step's other edits (repair.ts): a view reads columns of a table or of an earlier view
 * by name, so what those edits dropped is taken out of it (renames were followed already, renameTable and
 * renameColumn): a column gone is no longer selected, a view whose table or view is gone, or left
 * selecting nothing, is dropped, and so are its readers then; a condition on a column gone, or no longer valid for its type (a type changed
 * to another family is never made, but an edit may drop the column), is left out.
 */
import { type FuzzColumn, type FuzzSchema, type FuzzView, findColumn, findTable, findView } from "./state.ts";
import type { TypePools } from "./types.ts";

/** The columns a table or view offers to a view reading it; undefined when there is no such table or view. */
export function outputsOf(s: FuzzSchema, source: string): string[] | undefined {
  return findTable(s, source)?.columns.map((c) => c.name) ?? findView(s, source)?.columns;
}

/** The table column a column of a table or view is, through the views between. */
export function baseColumn(s: FuzzSchema, source: string, column: string): FuzzColumn | undefined {
  const t = findTable(s, source);
  if (t) return findColumn(t, column);
  const v = findView(s, source);
  return v && v.columns.includes(column) ? baseColumn(s, v.from, column) : undefined;
}

/** The conditions a view may put on a column: not null, or one of its family's CHECK conditions. */
export function whereConditions(types: TypePools, c: FuzzColumn): string[] {
  return ["{c} IS NOT NULL", ...types.familyOf(c.type).checks];
}

export function repairViews(s: FuzzSchema, types: TypePools): void {
  const kept: FuzzView[] = [];
  // In the order made, so a view's source is judged before it (a view reads only earlier ones).
  for (const v of s.views) {
    const outputs = findTable(s, v.from) ? outputsOf(s, v.from) : kept.some((k) => k.name === v.from) ? outputsOf(s, v.from) : undefined;
    if (!outputs) continue;
    v.columns = v.columns.filter((c) => outputs.includes(c));
    if (v.columns.length === 0) continue;
    if (v.where) {
      const c = outputs.includes(v.where.column) ? baseColumn(s, v.from, v.where.column) : undefined;
      if (!c || !whereConditions(types, c).includes(v.where.condition)) delete v.where;
    }
    kept.push(v);
  }
  s.views = kept;
}
