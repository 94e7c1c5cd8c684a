/**
 * Generated columns dropped and added again, and what is built on them. No dialect changes a generation
 * expression in place, and where `alterGeneratedBaseType` is false (PostgreSQL: "cannot alter type of a
 * column used by a generated column") neither can the type or collation of a column such a column reads
 * change under it: the generated column is dropped before and added back after, recomputed. A generated
 * column made plain is changed in place where the server keeps its values (keepsValues: alterColumn
 * `generated: null`); elsewhere it is dropped and added again, and its values are lost.
 *
 * Dropping a column drops the indexes and constraints on it (PostgreSQL, SQLite) or takes it out of them
 * (MySQL), and adding it back brings none: they are dropped first, by name, and the table is compared
 * without them, so the declared ones are created after the add, and the downgrade (the reverse) puts them
 * back on the old column.
 */
import type { Capabilities } from "../dialects/dialect.ts";
import type * as ops from "../operations/ops.ts";
import { storageOf } from "../operations/ops.ts";
import { mentionsIdentifier } from "../schema/identifiers.ts";
import type { TableModel } from "../schema/model.ts";
import { sameName } from "./keys_of.ts";
import type { Normalizer } from "./normalize.ts";

/** Why a generated column is dropped and added again. */
export type Regeneration =
  | { readonly reason: "expression" }
  | { readonly reason: "reads"; readonly columns: readonly string[] }
  /** It stops being generated, which the server cannot do keeping its values (Capabilities.keepsGeneratedValues): they are lost. */
  | { readonly reason: "plain" }
  /** It reads generated columns dropped and added again: it goes and comes back with them. */
  | { readonly reason: "regenerated"; readonly columns: readonly string[] };

/** What the comparison asks of the dialect about generated columns. */
export type GeneratedCapabilities = Pick<Capabilities, "alterGeneratedBaseType" | "keepsGeneratedValues" | "generatedExpressionInPlace">;

/** Whether a generated column made plain keeps its values in place (alterColumn `generated: null`, Capabilities.keepsGeneratedValues). */
export function keepsValues(was: ops.ColumnDef, to: ops.ColumnDef, can: GeneratedCapabilities): boolean {
  return was.generated !== undefined && to.generated === undefined && can.keepsGeneratedValues[storageOf(was.generated)];
}

/**
 * Whether a generated column's new expression is set in place (alterColumn `generated: { sql }`): same storage,
 * type and collation, and neither expression reads a generated column (MySQL): in place, the column keeps its
 * position and its change runs with the other columns' (STEP.alterColumn), where one it reads may be added
 * only after it, or be defined after it ("refers to uninitialized field"); dropped and added, it comes last.
 */
function reexpressedInPlace(was: ops.ColumnDef, to: ops.ColumnDef, from: TableModel, target: TableModel, norm: Normalizer, can: GeneratedCapabilities): boolean {
  const a = was.generated;
  const b = to.generated;
  if (!a || !b || storageOf(a) !== storageOf(b) || !can.generatedExpressionInPlace[storageOf(a)]) return false;
  // MySQL computes a generated column from those defined before it: in place, it reads only such columns.
  const position = (name: string) => from.columns.findIndex((c) => sameName(c.name, name));
  const here = position(to.name);
  const unready = (sql: string) =>
    target.columns.some((c) => c.generated && !sameName(c.name, to.name) && mentionsIdentifier(sql, c.name) && (position(c.name) < 0 || position(c.name) > here || !from.columns[position(c.name)]!.generated));
  if (unready(b.sql)) return false;
  // The old expression may read a generated column dropped in the same revision, before the change runs.
  if (from.columns.some((c) => c.generated && !sameName(c.name, to.name) && mentionsIdentifier(a.sql, c.name) && !target.columns.some((t) => sameName(t.name, c.name)))) return false;
  return norm.type(was.type) === norm.type(to.type) && norm.collation(was.collation) === norm.collation(to.collation);
}

/**
 * The generated columns of `from` (by lower-case name) that `to` still has and that must be dropped and
 * added again: their expression or storage changed where the server cannot change it in place, or they read
 * a column whose type or collation changes (or whose enum type is recreated, which converts it) where the
 * server refuses that under them (a new expression set in place, too: it would run before or after).
 */
export function regeneratedColumns(
  from: TableModel,
  to: TableModel,
  norm: Normalizer,
  can: GeneratedCapabilities,
  recreatedType: (column: ops.ColumnDef) => boolean = () => false,
): Map<string, Regeneration> {
  const out = new Map<string, Regeneration>();
  const retyped: string[] = [];
  // Made plain in place: no longer generated when the columns it read change (it goes first, STEP.dropGenerated).
  const plain = new Set<string>();
  // A new expression set in place: the old one and the new one may read a column whose type changes.
  const reexpressed: ops.ColumnDef[] = [];
  for (const column of to.columns) {
    const was = from.columns.find((c) => sameName(c.name, column.name));
    if (!was) continue;
    if (keepsValues(was, column, can)) plain.add(was.name.toLowerCase());
    if (generatedDiffers(was, column, norm) && !plain.has(was.name.toLowerCase())) {
      if (reexpressedInPlace(was, column, from, to, norm, can) && !recreatedType(was)) reexpressed.push(column);
      else out.set(was.name.toLowerCase(), { reason: column.generated ? "expression" : "plain" });
    } else if (norm.type(was.type) !== norm.type(column.type) || norm.collation(was.collation) !== norm.collation(column.collation) || recreatedType(was)) retyped.push(was.name);
  }
  if (!can.alterGeneratedBaseType && retyped.length > 0) readsRetyped(from, to, out, plain, reexpressed, retyped);
  // What reads a column dropped and added again goes and comes with it (the drop is refused under it).
  for (let grew = true; grew; ) {
    grew = false;
    for (const column of from.columns) {
      const key = column.name.toLowerCase();
      const now = to.columns.find((c) => sameName(c.name, column.name));
      if (!column.generated || out.has(key) || plain.has(key) || !now) continue;
      // What it reads now too: a new expression set in place runs before the columns dropped are added back.
      const reads = [...out.keys()].filter((r) => mentionsIdentifier(column.generated!.sql, r) || (now.generated !== undefined && mentionsIdentifier(now.generated.sql, r)));
      if (reads.length === 0) continue;
      out.set(key, { reason: "regenerated", columns: reads.map((r) => from.columns.find((c) => c.name.toLowerCase() === r)?.name ?? r) });
      grew = true;
    }
  }
  return out;
}

/** Generated columns that read a column whose type changes, where the server refuses that under them (PostgreSQL). */
function readsRetyped(from: TableModel, to: TableModel, out: Map<string, Regeneration>, plain: ReadonlySet<string>, reexpressed: readonly ops.ColumnDef[], retyped: readonly string[]): void {
  for (const column of from.columns) {
    if (!column.generated || out.has(column.name.toLowerCase()) || plain.has(column.name.toLowerCase()) || !to.columns.some((c) => sameName(c.name, column.name))) continue;
    const now = reexpressed.find((c) => sameName(c.name, column.name));
    const reads = retyped.filter((r) => mentionsIdentifier(column.generated!.sql, r) || (now !== undefined && mentionsIdentifier(now.generated!.sql, r)));
    if (reads.length > 0) out.set(column.name.toLowerCase(), { reason: "reads", columns: reads });
  }
}

/** Whether a column became generated, stopped being so, or changed its expression or storage. */
export function generatedDiffers(was: ops.ColumnDef, to: ops.ColumnDef, norm: Normalizer): boolean {
  const a = was.generated;
  const b = to.generated;
  if (!a || !b) return !a !== !b;
  return norm.expression(a.sql) !== norm.expression(b.sql) || storageOf(a) !== storageOf(b);
}
