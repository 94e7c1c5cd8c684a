/**
 * PostgreSQL's CREATE TABLE keeps one index of the unique keys that repeat each other (a UNIQUE on the
 * primary key's columns in their order, or the same UNIQUE twice: transformIndexConstraints), where ALTER
 * TABLE ... ADD UNIQUE makes each. So a createTable op declaring such a key would make a table without it,
 * unlike the same key added later, and unlike what the op says (autogenerate's offline side, which replays
 * the op, then differs from the database for ever). The repeats are taken out of the CREATE TABLE, to be
 * added after it.
 */
import type * as ops from "../../operations/ops.ts";
import { primaryKeyColumns } from "../../operations/ops.ts";

export interface SplitTable {
  /** The op without the repeated keys (a column's `unique` cleared, or the table's entry left out). */
  readonly op: ops.CreateTableOp;
  /** The repeated keys, in the order they were declared. */
  readonly repeats: readonly ops.UniqueDef[];
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c, i) => c === b[i]);

const NO_REPEATS: readonly ops.UniqueDef[] = Object.freeze([]);

export function splitRepeatedKeys(op: ops.CreateTableOp): SplitTable {
  // Most tables declare no unique key, and then none repeats: no closure, no copy.
  if (!declaresUnique(op)) return { op, repeats: NO_REPEATS };
  const pk = primaryKeyColumns(op);
  // Keys as the server lists them: the primary key, column constraints, then the table's (NULLS NOT DISTINCT
  // tells keys apart; a primary key's is off).
  const kept: { columns: readonly string[]; nnd: boolean }[] = pk.length > 0 ? [{ columns: pk, nnd: false }] : [];
  const repeats: ops.UniqueDef[] = [];
  const repeated = (columns: readonly string[], nnd: boolean) => {
    if (kept.some((k) => k.nnd === nnd && same(k.columns, columns))) return true;
    kept.push({ columns, nnd });
    return false;
  };
  const columns = op.columns.map((c) => {
    if (!c.unique || !repeated([c.name], false)) return c;
    repeats.push({ columns: [c.name] });
    const { unique: _, ...rest } = c;
    return rest;
  });
  const uniques = (op.uniques ?? []).filter((u) => {
    if (!repeated(u.columns, !!u.nullsNotDistinct)) return true;
    repeats.push(u);
    return false;
  });
  if (repeats.length === 0) return { op, repeats };
  return { op: { ...op, columns, ...(op.uniques ? { uniques } : {}) }, repeats };
}

function declaresUnique(op: ops.CreateTableOp): boolean {
  if (op.uniques !== undefined && op.uniques.length > 0) return true;
  for (const c of op.columns) if (c.unique) return true;
  return false;
}
