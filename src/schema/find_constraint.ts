import type * as ops from "../operations/ops.ts";
import { primaryKeyColumns } from "../operations/ops.ts";
import { mentionsIdentifier } from "./identifiers.ts";
import type { TableModel } from "./model.ts";

/** A constraint of a table model, with its kind. */
export type FoundConstraint =
  | { readonly type: "primary"; readonly name?: string; readonly def: ops.PrimaryKeyDef }
  | { readonly type: "foreign"; readonly name?: string; readonly def: ops.ForeignKeyDef }
  | { readonly type: "unique"; readonly name?: string; readonly def: ops.UniqueDef }
  | { readonly type: "check"; readonly name?: string; readonly def: ops.CheckDef };

/** What a dropConstraint op says about the constraint it drops. */
export type ConstraintQuery = Pick<ops.DropConstraintOp, "name" | "type" | "columns" | "check">;

/**
 * The constraints of `model` a dropConstraint op designates: by name (any kind, or its `type`; an unnamed
 * primary key answers to any name with `type: "primary"`), or by
 * structure: `columns` (foreign keys and unique constraints with exactly those columns; checks that
 * mention every one of them), `check` (a CHECK whose condition is the same text, case, spacing, quotes and
 * outer parentheses aside), `type: "primary"` alone (the primary key).
 */
export function findConstraints(model: TableModel, query: ConstraintQuery): FoundConstraint[] {
  return allConstraints(model).filter((c) => {
    if (query.type !== undefined && c.type !== query.type) return false;
    // A table has one primary key: a name asked of it also finds one that has none (SQLite's, declared on
    // its column), as the name autogenerate gives a dropped one (PostgreSQL's <table>_pkey) is a guess there.
    if (query.name !== undefined) return c.name !== undefined ? sameName(c.name, query.name) : c.type === "primary" && query.type === "primary";
    if (query.check !== undefined) return c.type === "check" && looseSql(c.def.condition) === looseSql(query.check);
    if (query.columns !== undefined) {
      if (c.type === "check") return query.columns.every((col) => mentionsIdentifier(c.def.condition, col));
      return sameList(c.def.columns, query.columns);
    }
    return c.type === "primary";
  });
}

/** Every constraint of the model (primary key, foreign keys, uniques, checks). */
export function allConstraints(model: TableModel): FoundConstraint[] {
  return [
    ...(model.primaryKey ? [{ type: "primary" as const, ...named(model.primaryKey.name), def: model.primaryKey }] : []),
    ...primaryFromColumns(model),
    ...model.foreignKeys.map((def) => ({ type: "foreign" as const, ...named(def.name), def })),
    ...model.uniques.map((def) => ({ type: "unique" as const, ...named(def.name), def })),
    ...model.checks.map((def) => ({ type: "check" as const, ...named(def.name), def })),
  ];
}

/** A one-line description of the query, for errors: `foreign key on ("owner_id")`. */
export function describeQuery(query: ConstraintQuery): string {
  const kind = query.type === "foreign" ? "foreign key" : query.type === "primary" ? "primary key" : query.type ? `${query.type} constraint` : "constraint";
  if (query.name !== undefined) return `${kind} named "${query.name}"`;
  if (query.check !== undefined) return `CHECK (${query.check})`;
  if (query.columns !== undefined) return `${kind} on (${query.columns.map((c) => `"${c}"`).join(", ")})`;
  return kind;
}

/** Every constraint of the model, for errors: `"fk_a" (foreign), unnamed check (x > 0)`. */
export function listConstraints(model: TableModel): string {
  const parts = [
    ...(model.primaryKey || model.columns.some((c) => c.primaryKey) ? ["primary key"] : []),
    ...model.foreignKeys.map((f) => `${f.name ? `"${f.name}" ` : "unnamed "}foreign key (${f.columns.join(", ")}) -> ${f.refTable}`),
    ...model.uniques.map((u) => `${u.name ? `"${u.name}" ` : "unnamed "}unique (${u.columns.join(", ")})`),
    ...model.checks.map((c) => `${c.name ? `"${c.name}" ` : "unnamed "}check (${c.condition})`),
  ];
  return parts.length === 0 ? "none" : parts.join(", ");
}

function primaryFromColumns(model: TableModel): FoundConstraint[] {
  if (model.primaryKey) return [];
  const columns = primaryKeyColumns(model);
  return columns.length > 0 ? [{ type: "primary", def: { columns } }] : [];
}

const named = (name: string | undefined): { name?: string } => (name !== undefined ? { name } : {});

/** SQL text compared loosely: case, spacing, identifier quotes and parentheses aside. */
export function looseSql(sql: string): string {
  return sql.toLowerCase().replace(/[\s()`"[\]]/g, "");
}

function sameName(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => sameName(x, b[i]!));
}
