/**
 * The questions asked of an index column (ops.ts IndexColumn), whichever way it is written: a name, a
 * `{ name, order }` or an `{ expression, order }` object. One normal form (normalIndexColumn): a plain
 * name when nothing but the name is said, "asc" left out (it is the default).
 */
import type { IndexColumn, IndexOrder } from "./ops.ts";

/** The column's name, or undefined for an expression. */
export function indexColumnName(c: IndexColumn): string | undefined {
  if (typeof c === "string") return c;
  return "name" in c ? c.name : undefined;
}

/** The expression, or undefined for a column named. */
export function indexColumnExpression(c: IndexColumn): string | undefined {
  return typeof c !== "string" && "expression" in c ? c.expression : undefined;
}

/** "desc", or "asc" (also when left out). */
export function indexColumnOrder(c: IndexColumn): IndexOrder {
  return typeof c !== "string" && c.order === "desc" ? "desc" : "asc";
}

/** The same column with another name or expression, its order kept (a rename). */
export function mapIndexColumn(c: IndexColumn, name: (n: string) => string, expression: (e: string) => string): IndexColumn {
  const n = indexColumnName(c);
  const order = indexColumnOrder(c);
  if (n !== undefined) return withOrder({ name: name(n) }, order);
  return withOrder({ expression: expression(indexColumnExpression(c) ?? "") }, order);
}

/** The normal form: a bare name for an ascending column, `{ name, order: "desc" }`, `{ expression }` or `{ expression, order: "desc" }`. */
export function normalIndexColumn(c: IndexColumn): IndexColumn {
  const n = indexColumnName(c);
  if (n !== undefined) return indexColumnOrder(c) === "desc" ? { name: n, order: "desc" } : n;
  return withOrder({ expression: indexColumnExpression(c) ?? "" }, indexColumnOrder(c));
}

function withOrder<T extends { readonly name: string } | { readonly expression: string }>(c: T, order: IndexOrder): IndexColumn {
  if (order !== "desc") return "name" in c ? c.name : c;
  return { ...c, order: "desc" };
}
