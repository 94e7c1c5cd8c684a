/**
 * What is built on some columns of a table: the indexes, unique constraints, CHECKs and foreign keys that
 * name them or read them. Dropping a column drops those (PostgreSQL, SQLite) or takes it out of them
 * (MySQL); what adds the column back makes them again from this.
 */
import { indexColumnExpression, indexColumnName } from "../operations/index_column.ts";
import type * as ops from "../operations/ops.ts";
import { mentionsIdentifier } from "./identifiers.ts";
import type { TableModel } from "./model.ts";

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
