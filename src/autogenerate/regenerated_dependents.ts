/**
 * A generated column whose expression changes is dropped and added again (compare_table.ts). What uses it
 * goes along: the indexes, unique keys and CHECKs that name it, left as they are otherwise, are dropped
 * before it and made again after it. MariaDB refuses to drop a column a key or CHECK uses ("Key column
 * doesn't exist in table"); PostgreSQL drops them with the column, and they were not made again.
 */
import { indexColumnExpression, indexColumnName } from "../operations/index_column.ts";
import type * as ops from "../operations/ops.ts";
import { mentionsIdentifier } from "../schema/identifiers.ts";
import type { TableModel } from "../schema/model.ts";
import { STEP } from "./change.ts";
import { sameName } from "./keys_of.ts";

/**
 * The ops, each with its step and the name its change is ordered by: with the other drops of keys (before
 * the column is dropped, and before the table rebuild that drops it where ALTER TABLE cannot), and with
 * the other keys made (after it is added again).
 */
export interface AroundOp {
  readonly op: ops.Op;
  readonly step: number;
  readonly name: string;
}

/** `kept`: the table's indexes, unique keys and CHECKs that the comparison leaves as they are. */
export function dependentsAround(
  columns: readonly string[],
  table: ops.TableRef,
  kept: { readonly uniques: readonly ops.UniqueDef[]; readonly checks: readonly ops.CheckDef[]; readonly indexes: readonly ops.CreateIndexOp[] },
  portable: TableModel,
): AroundOp[] {
  const out: AroundOp[] = [];
  // An object that uses two such columns goes once.
  const done = new Set<object>();
  const first = (x: object) => !done.has(x) && !!done.add(x);
  for (const column of columns) {
    const uses = (names: readonly string[]) => names.some((n) => sameName(n, column));
    const at = (step: "0" | "3", kind: string, name: string) => `${column}.generated.${step}-${kind}-${name}`;
    for (const c of kept.checks) {
      if (c.name === undefined || !mentionsIdentifier(c.condition, column) || !first(c)) continue;
      const declared = portable.checks.find((x) => sameName(x.name, c.name)) ?? c;
      out.push({ op: { kind: "dropConstraint", name: c.name, table, type: "check", existing: { kind: "createCheckConstraint", name: c.name, table, condition: c.condition } }, step: STEP.dropConstraint, name: at("0", "check", c.name) });
      out.push({ op: { kind: "createCheckConstraint", name: c.name, table, condition: declared.condition }, step: STEP.createConstraint, name: at("3", "check", c.name) });
    }
    for (const ix of kept.indexes) {
      const keyUses = ix.columns.some((k) => { const n = indexColumnName(k); return n !== undefined ? sameName(n, column) : mentionsIdentifier(indexColumnExpression(k) ?? "", column); });
      if ((!keyUses && !uses(ix.include ?? []) && !(ix.where !== undefined && mentionsIdentifier(ix.where, column))) || !first(ix)) continue;
      const declared = portable.indexes.find((x) => sameName(x.name, ix.name)) ?? ix;
      out.push({ op: { kind: "dropIndex", name: ix.name, table, existing: { ...ix, table } }, step: STEP.dropConstraint, name: at("0", "index", ix.name) });
      out.push({ op: { ...declared, table }, step: STEP.createConstraint, name: at("3", "index", ix.name) });
    }
    for (const u of kept.uniques) {
      if (u.name === undefined || !uses(u.columns) || !first(u)) continue;
      const declared = portable.uniques.find((x) => sameName(x.name, u.name)) ?? u;
      const nnd = (x: ops.UniqueDef) => (x.nullsNotDistinct ? { nullsNotDistinct: true } : {});
      out.push({ op: { kind: "dropConstraint", name: u.name, table, type: "unique", existing: { kind: "createUniqueConstraint", name: u.name, table, columns: u.columns, ...nnd(u) } }, step: STEP.dropConstraint, name: at("0", "unique", u.name) });
      out.push({ op: { kind: "createUniqueConstraint", name: u.name, table, columns: declared.columns, ...nnd(declared) }, step: STEP.createConstraint, name: at("3", "unique", u.name) });
    }
  }
  return out;
}
