/**
 * Generated columns dropped and added again, and what is built on them. No dialect changes a generation
 * expression in place, and where `alterGeneratedBaseType` is false (PostgreSQL: "cannot alter type of a
 * column used by a generated column") neither can the type or collation of a column such a column reads
 * change under it: the generated column is dropped before and added back after, recomputed.
 *
 * Dropping a column drops the indexes and constraints on it (PostgreSQL, SQLite) or takes it out of them
 * (MySQL), and adding it back brings none: they are dropped first, by name, and the table is compared
 * without them, so the declared ones are created after the add, and the downgrade (the reverse) puts them
 * back on the old column.
 */
import { indexColumnExpression, indexColumnName } from "../operations/index_column.ts";
import type * as ops from "../operations/ops.ts";
import { mentionsIdentifier } from "../schema/identifiers.ts";
import type { TableModel } from "../schema/model.ts";
import { sameName } from "./keys_of.ts";
import type { Normalizer } from "./normalize.ts";

/** Why a generated column is dropped and added again. */
export type Regeneration = { readonly reason: "expression" } | { readonly reason: "reads"; readonly columns: readonly string[] };

/**
 * The generated columns of `from` (by lower-case name) that `to` still has and that must be dropped and
 * added again: their expression or storage changed, or they read a column whose type or collation changes
 * (or whose enum type is recreated, which converts it) where the server refuses that under them.
 */
export function regeneratedColumns(
  from: TableModel,
  to: TableModel,
  norm: Normalizer,
  alterGeneratedBaseType: boolean,
  recreatedType: (column: ops.ColumnDef) => boolean = () => false,
): Map<string, Regeneration> {
  const out = new Map<string, Regeneration>();
  const retyped: string[] = [];
  for (const column of to.columns) {
    const was = from.columns.find((c) => sameName(c.name, column.name));
    if (!was) continue;
    if (generatedDiffers(was, column, norm)) out.set(was.name.toLowerCase(), { reason: "expression" });
    else if (norm.type(was.type) !== norm.type(column.type) || norm.collation(was.collation) !== norm.collation(column.collation) || recreatedType(was)) retyped.push(was.name);
  }
  if (alterGeneratedBaseType || retyped.length === 0) return out;
  for (const column of from.columns) {
    if (!column.generated || out.has(column.name.toLowerCase()) || !to.columns.some((c) => sameName(c.name, column.name))) continue;
    const reads = retyped.filter((r) => mentionsIdentifier(column.generated!.sql, r));
    if (reads.length > 0) out.set(column.name.toLowerCase(), { reason: "reads", columns: reads });
  }
  return out;
}

/** Whether a column became generated, stopped being so, or changed its expression or storage. */
export function generatedDiffers(was: ops.ColumnDef, to: ops.ColumnDef, norm: Normalizer): boolean {
  const a = was.generated;
  const b = to.generated;
  if (!a || !b) return !a !== !b;
  return norm.expression(a.sql) !== norm.expression(b.sql) || (a.stored ?? true) !== (b.stored ?? true);
}

export interface Dependents {
  readonly indexes: readonly ops.CreateIndexOp[];
  readonly uniques: readonly ops.UniqueDef[];
  readonly checks: readonly ops.CheckDef[];
  readonly foreignKeys: readonly ops.ForeignKeyDef[];
}

/** The table without the indexes, unique constraints, CHECKs and foreign keys that use the columns, and those. */
export function splitDependents(t: TableModel, columns: ReadonlySet<string>): { readonly rest: TableModel; readonly dependents: Dependents } {
  const named = (name: string | undefined) => name !== undefined && columns.has(name.toLowerCase());
  const inSql = (sql: string | undefined) => sql !== undefined && [...columns].some((c) => mentionsIdentifier(sql, c));
  const usesIndex = (ix: ops.CreateIndexOp) =>
    ix.columns.some((c) => named(indexColumnName(c)) || inSql(indexColumnExpression(c))) || inSql(ix.where) || (ix.include ?? []).some(named);
  const usesUnique = (u: ops.UniqueDef) => u.columns.some(named);
  const usesCheck = (c: ops.CheckDef) => inSql(c.condition);
  const usesKey = (fk: ops.ForeignKeyDef) => fk.columns.some(named);
  return {
    rest: {
      ...t,
      indexes: t.indexes.filter((x) => !usesIndex(x)),
      uniques: t.uniques.filter((x) => !usesUnique(x)),
      checks: t.checks.filter((x) => !usesCheck(x)),
      foreignKeys: t.foreignKeys.filter((x) => !usesKey(x)),
    },
    dependents: {
      indexes: t.indexes.filter(usesIndex),
      uniques: t.uniques.filter(usesUnique),
      checks: t.checks.filter(usesCheck),
      foreignKeys: t.foreignKeys.filter(usesKey),
    },
  };
}
