/**
 * The questions asked of an index column (ops.ts IndexColumn), whichever way it is written: a name, a
 * `{ name, order, nulls, opclass }` or an `{ expression, order, nulls, opclass }` object. One normal form
 * (normalIndexColumn): a plain name when nothing but the name is said; "asc" and a NULLS placement that is
 * the default for the order (PostgreSQL's: last when ascending, first when descending) left out.
 */
import type { Capabilities } from "../dialects/dialect.ts";
import type { IndexColumn, IndexKeyOptions, IndexNulls, IndexOrder } from "./ops.ts";

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

/** Where the key puts NULLs: as written, else the default for its order (last when ascending, first when descending). */
export function indexColumnNulls(c: IndexColumn): IndexNulls {
  if (typeof c !== "string" && c.nulls !== undefined) return c.nulls;
  return defaultNulls(indexColumnOrder(c));
}

/** The operator class as written, or undefined for the default one. */
export function indexColumnOpclass(c: IndexColumn): string | undefined {
  return typeof c !== "string" ? c.opclass : undefined;
}

/** The same column with another name or expression, its order, NULLS placement and operator class kept (a rename). */
export function mapIndexColumn(c: IndexColumn, name: (n: string) => string, expression: (e: string) => string): IndexColumn {
  const n = indexColumnName(c);
  if (n !== undefined) return withOptions({ name: name(n) }, c);
  return withOptions({ expression: expression(indexColumnExpression(c) ?? "") }, c);
}

/**
 * The normal form: a bare name when nothing else is said; otherwise `{ name | expression, opclass?,
 * order?, nulls? }` with "asc" left out and `nulls` left out when it is the default for the order. The
 * operator class stays as written (which class is a type's default only the server knows: reflection
 * reports non-default ones only).
 */
export function normalIndexColumn(c: IndexColumn): IndexColumn {
  const n = indexColumnName(c);
  return withOptions(n !== undefined ? { name: n } : { expression: indexColumnExpression(c) ?? "" }, c);
}

/** The key options a dialect can write (its capabilities). */
export type KeyOptionSupport = Pick<Capabilities, "indexNullsOrder" | "operatorClasses">;

/**
 * Why a dialect without the capability refuses the key, as the end of a sentence after the index's name
 * (`key "a" has nulls: "last" (NULLS LAST), which SQLite does not have (PostgreSQL does): leave nulls out`),
 * or undefined when it can write it. Any `nulls` written counts, even PostgreSQL's default: elsewhere NULLs
 * sort where the server puts them, not where the key says.
 */
export function keyOptionRefusal(c: IndexColumn, can: KeyOptionSupport, dialect: string): string | undefined {
  if (typeof c === "string") return undefined;
  const refuse = (what: string, option: string) => `key ${describeIndexColumn(c)} has ${what}, which ${dialect} does not have (PostgreSQL does): leave ${option} out`;
  if (c.nulls !== undefined && !can.indexNullsOrder) return refuse(`nulls: "${c.nulls}" (NULLS ${String(c.nulls).toUpperCase()})`, "nulls");
  if (c.opclass !== undefined && !can.operatorClasses) return refuse(`opclass "${c.opclass}" (an operator class)`, "opclass");
  return undefined;
}

/** The key as a message names it: "email" or (lower(email)). */
export function describeIndexColumn(c: IndexColumn): string {
  const n = indexColumnName(c);
  return n !== undefined ? `"${n}"` : `(${indexColumnExpression(c) ?? ""})`;
}

/** PostgreSQL's NULLS placement for an order: last when ascending, first when descending. */
export function defaultNulls(order: IndexOrder): IndexNulls {
  return order === "desc" ? "first" : "last";
}

function withOptions<T extends { readonly name: string } | { readonly expression: string }>(key: T, from: IndexColumn): IndexColumn {
  const order = indexColumnOrder(from);
  const nulls = indexColumnNulls(from);
  const opclass = indexColumnOpclass(from);
  const options: IndexKeyOptions = {
    ...(opclass !== undefined ? { opclass } : {}),
    ...(order === "desc" ? { order } : {}),
    ...(nulls !== defaultNulls(order) ? { nulls } : {}),
  };
  if (Object.keys(options).length === 0) return "name" in key ? key.name : key;
  return { ...key, ...options };
}
