/**
 * The changes that turn one table into another: columns, keys, indexes, constraints, comment. Both
 * sides are in one form (server text online, portable text offline); `portable` gives the declared
 * objects as the user wrote them, for the ops that create them.
 */
import type * as ops from "../operations/ops.ts";
import { primaryKeyColumns } from "../operations/ops.ts";
import type { TableModel } from "../schema/model.ts";
import { renameIdentifier } from "../schema/identifiers.ts";
import { indexColumnExpression, indexColumnName, indexColumnNulls, indexColumnOpclass, indexColumnOrder, mapIndexColumn } from "../operations/index_column.ts";
import { STEP, type Change, type RenameCandidate } from "./change.ts";
import { collationChangeNotes } from "./collation_change.ts";
import { sameList, sameName, tableKey } from "./keys_of.ts";
import type { Normalizer } from "./normalize.ts";
import { splitDependents } from "../schema/dependents.ts";
import { generatedDiffers, keepsValues, regeneratedColumns, type GeneratedCapabilities, type Regeneration } from "./regenerate.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface TableContext {
  readonly norm: Normalizer;
  readonly conventionNames: ReadonlySet<string>;
  /** Lower-case "tableKey.newColumn" → old column name. */
  readonly columnRenames: ReadonlyMap<string, string>;
  /** Old table name (lower case) → new name, for foreign keys that point at renamed tables. */
  readonly tableRenames: ReadonlyMap<string, string>;
  readonly warnings: string[];
  readonly unresolved: string[];
  readonly candidates: RenameCandidate[];
  /** The dialect's collations name character sets (Capabilities.collationCharacterSets). */
  readonly collationCharacterSets: boolean;
  /** A foreign key's RESTRICT is NO ACTION (Capabilities.restrictIsNoAction). */
  readonly restrictIsNoAction: boolean;
  /** What the server does to generated columns in place, and under them (Capabilities). */
  readonly generated: GeneratedCapabilities;
  /** Whether a column is of an enum type that the changes recreate (its columns change type too). */
  readonly recreatedType: (column: ops.ColumnDef) => boolean;
}

/** `from` is the table as it is (already under its new name when renamed), `to` as declared. */
export function compareTable(from: TableModel, to: TableModel, portable: TableModel, ctx: TableContext): Change[] {
  const table = to.table;
  const key = tableKey(table);
  const changes: Change[] = [];
  const add = (op: ops.Op, step: number, name: string, safety: Change["safety"] = "additive", note?: string) =>
    changes.push({ op, step, key: `${key}.${name}`, safety, ...(note ? { note } : {}) });
  // Constraints the schema no longer has, or that go with a column dropped and added again: dropped by name.
  function dropUnique(u: ops.UniqueDef): void {
    const name = u.name ?? "";
    if (name === "") return unnamed(ctx, table, "unique constraint", u.columns.join(", "));
    add({ kind: "dropConstraint", name, table, type: "unique", existing: { kind: "createUniqueConstraint", name, table, columns: u.columns, ...nullsNotDistinct(u) } }, STEP.dropConstraint, name);
  }
  function dropCheck(c: ops.CheckDef): void {
    const name = c.name ?? "";
    if (name === "") return unnamed(ctx, table, "CHECK constraint", c.condition);
    add({ kind: "dropConstraint", name, table, type: "check", existing: { kind: "createCheckConstraint", name, table, condition: c.condition } }, STEP.dropConstraint, name);
  }
  function dropForeignKey(fk: ops.ForeignKeyDef): void {
    const name = fk.name ?? "";
    if (name === "") return unnamed(ctx, table, "foreign key", fk.columns.join(", "));
    add({ kind: "dropConstraint", name, table, type: "foreign", existing: { kind: "createForeignKey", name, table, foreignKey: fk } }, STEP.dropForeignKey, name);
  }

  // ---- columns: renames (hinted only), then added, changed and dropped ones.
  let current = from;
  for (const column of to.columns) {
    const old = ctx.columnRenames.get(`${key}.${column.name}`.toLowerCase());
    if (old === undefined || findColumn(current, column.name) || !findColumn(current, old)) continue;
    add({ kind: "alterColumn", table, column: findColumn(current, old)!.name, newName: column.name }, STEP.renameColumn, column.name);
    current = renameColumn(current, findColumn(current, old)!.name, column.name);
  }
  // Generated columns dropped and added again: what is built on them goes first and comes back after.
  const regenerated = regeneratedColumns(current, to, ctx.norm, ctx.generated, ctx.recreatedType);
  if (regenerated.size > 0) {
    const { rest, dependents } = splitDependents(current, new Set(regenerated.keys()));
    for (const ix of dependents.indexes) add({ kind: "dropIndex", name: ix.name, table, existing: { ...ix, table } }, STEP.dropConstraint, ix.name);
    for (const u of dependents.uniques) dropUnique(u);
    for (const c of dependents.checks) dropCheck(c);
    for (const fk of dependents.foreignKeys) dropForeignKey(fk);
    current = rest;
  }
  const added = to.columns.filter((c) => !findColumn(current, c.name));
  const dropped = current.columns.filter((c) => !findColumn(to, c.name));
  for (const d of dropped) {
    for (const a of added) {
      if (ctx.norm.type(d.type) === ctx.norm.type(a.type)) ctx.candidates.push({ kind: "column", table: displayName(table), from: d.name, to: a.name });
    }
  }
  if (added.length > 0 && dropped.length > 0) {
    ctx.warnings.push(
      `Table "${displayName(table)}": column(s) ${list(dropped.map((c) => c.name))} dropped and ${list(added.map((c) => c.name))} added; ` +
        `if one was renamed, say so with renamedFrom in the schema (or --rename ${displayName(table)}.OLD=NEW), or the data in it is lost`,
    );
  }
  for (const column of added) {
    const declared = findColumn(portable, column.name) ?? column;
    const risky = column.nullable === false && column.default === undefined && !column.autoincrement;
    add({ kind: "addColumn", table, column: declared }, column.generated ? STEP.addGenerated : STEP.addColumn, column.name, risky ? "data-dependent" : "additive",
      risky ? `adds NOT NULL column ${displayName(table)}.${column.name} without a default: fails if the table has rows` : undefined);
  }
  for (const column of to.columns) {
    const was = findColumn(current, column.name);
    if (!was) continue;
    const regeneration = regenerated.get(was.name.toLowerCase());
    if (regeneration) {
      const declared = findColumn(portable, column.name) ?? column;
      ctx.warnings.push(regenerationWarning(`${displayName(table)}.${column.name}`, displayName(table), regeneration));
      add({ kind: "dropColumn", table, column: was.name, existing: was }, STEP.dropGenerated, `${column.name}.generated`, "destructive", `drops and re-adds ${displayName(table)}.${column.name}`);
      add({ kind: "addColumn", table, column: declared }, STEP.addGenerated, `${column.name}.generated`);
      continue;
    }
    // Not regenerated, a generated column whose expression changed takes the new one in place.
    const generation = keepsValues(was, column, ctx.generated) ? "plain" : was.generated && column.generated && generatedDiffers(was, column, ctx.norm) ? "expression" : undefined;
    const alter = alterColumn(table, was, column, findColumn(portable, column.name) ?? column, ctx.norm, generation);
    if (!alter) continue;
    // Under another collation values may not convert (another character set), or values a unique key
    // told apart may be equal ('A' and 'a' under NOCASE).
    const recollation = alter.recollated
      ? collationChangeNotes(was.collation ?? current.defaultCollation, column.collation ?? to.defaultCollation, `${displayName(table)}.${column.name}`, {
          characterSets: ctx.collationCharacterSets,
          uniqueKey: uniqueKeyUses(current, was.name),
        })
      : [];
    const narrowing = (alter.op.nullable === false && was.nullable !== false) || (alter.op.type !== undefined && !alter.widening) || recollation.length > 0;
    const note = [alter.note, ...recollation].filter(Boolean).join("; ");
    // A column made plain goes first: a type change of a column its expression read is refused under it.
    add(alter.op, alter.op.generated === null ? STEP.dropGenerated : STEP.alterColumn, column.name, narrowing ? "data-dependent" : "additive", narrowing ? note : undefined);
  }
  for (const column of dropped) {
    add({ kind: "dropColumn", table, column: column.name, existing: column }, column.generated ? STEP.dropGenerated : STEP.dropColumn, column.name, "destructive", `drops column ${displayName(table)}.${column.name}`);
  }

  // ---- primary key.
  const pkFrom = primaryKeyOf(current);
  const pkTo = primaryKeyOf(to);
  const pkNamedByUser = pkTo?.name !== undefined && !ctx.conventionNames.has(pkTo.name.toLowerCase());
  // A key over a column dropped and added again goes with the column's drop (PostgreSQL) and is not added
  // back with it: dropped first and made again after, as the other keys on it are.
  const keyAgain = pkFrom !== undefined && pkFrom.columns.length > 1 && pkFrom.columns.some((c) => regenerated.has(c.toLowerCase()));
  const pkDiffers = keyAgain || !pkFrom !== !pkTo || (pkFrom && pkTo && (!sameList(pkFrom.columns, pkTo.columns) || (pkNamedByUser && !sameName(pkFrom.name, pkTo.name))));
  // A one-column key flagged on a column that is dropped goes with the column, and comes back with it in
  // the downgrade (its `existing` says primaryKey): a drop of its own would have the downgrade add it twice.
  // So does a column dropped and added again (regenerated): its key goes and comes with it.
  const again = (c: ops.ColumnDef) => regenerated.has(c.name.toLowerCase());
  const pkGoesWithColumn = !current.primaryKey && pkFrom?.columns.length === 1 && [...dropped, ...current.columns.filter(again)].some((c) => c.primaryKey && sameName(c.name, pkFrom.columns[0]!));
  // Likewise a key flagged on a column that is added comes with it (ADD COLUMN ... PRIMARY KEY), and goes with it in the downgrade.
  const pkComesWithColumn = !to.primaryKey && pkTo?.columns.length === 1 && [...added, ...to.columns.filter(again)].some((c) => c.primaryKey && sameName(c.name, pkTo.columns[0]!));
  if (pkDiffers) {
    if (pkFrom && !pkGoesWithColumn) {
      // A key without a name of its own is dropped as the table's key: the server's name for it is not known
      // here (a renamed table keeps its key's old name; PostgreSQL numbers a taken name), the dialect finds it.
      // The downgrade makes it again as <table>_pkey, the name PostgreSQL first gives a new one.
      const existing: ops.CreatePrimaryKeyOp = { kind: "createPrimaryKey", name: pkFrom.name ?? `${table.name}_pkey`, table, columns: pkFrom.columns };
      add({ kind: "dropConstraint", ...(pkFrom.name !== undefined ? { name: pkFrom.name } : {}), table, type: "primary", existing }, STEP.dropConstraint, `pk`);
    }
    // Made again over a column added back, the key keeps its name (PostgreSQL's <table>_pkey when it has no other).
    const pkName = pkTo?.name ?? (keyAgain ? (pkFrom?.name ?? `${table.name}_pkey`) : `pk_${table.name}`);
    if (pkTo && !pkComesWithColumn) add({ kind: "createPrimaryKey", name: pkName, table, columns: pkTo.columns }, STEP.createConstraint, "pk");
  }

  // ---- uniques, checks, foreign keys, indexes: named ones by name, convention-named ones by structure first.
  const same = {
    unique: (a: ops.UniqueDef, b: ops.UniqueDef) => sameList(a.columns, b.columns) && !!a.nullsNotDistinct === !!b.nullsNotDistinct,
    check: (a: ops.CheckDef, b: ops.CheckDef) => ctx.norm.expression(a.condition) === ctx.norm.expression(b.condition),
    fk: (a: ops.ForeignKeyDef, b: ops.ForeignKeyDef) => sameForeignKey(a, b, ctx.tableRenames, ctx.restrictIsNoAction),
    index: (a: ops.CreateIndexOp, b: ops.CreateIndexOp) => sameIndex(a, b, ctx.norm),
  };
  const uniques = match(current.uniques, to.uniques, same.unique, ctx.conventionNames);
  for (const u of uniques.removed) dropUnique(u);
  for (const u of uniques.added) {
    // Declared as a unique index where that is the same object (the server reads it back as a constraint):
    // made as declared, so that the history replayed offline has what the schema says.
    const asIndex = portable.indexes.find((ix) => ix.unique && sameName(ix.name, u.name));
    if (asIndex) {
      add({ ...asIndex, table }, STEP.createConstraint, asIndex.name, "data-dependent", `adds unique index ${asIndex.name}: fails if existing rows repeat a value`);
      continue;
    }
    // The server may have read the name back as its own (MySQL: a key named after its first column): then by columns.
    const p = portable.uniques.find((x) => sameName(x.name, u.name)) ?? portable.uniques.find((x) => same.unique(x, u)) ?? u;
    add({ kind: "createUniqueConstraint", name: p.name ?? "", table, columns: p.columns, ...nullsNotDistinct(p) }, STEP.createConstraint, p.name ?? "", "data-dependent", `adds unique constraint ${p.name} on ${displayName(table)}: fails if existing rows repeat a value`);
  }
  const checks = match(current.checks, to.checks, same.check, ctx.conventionNames);
  for (const c of checks.removed) dropCheck(c);
  for (const c of checks.added) {
    const p = portable.checks.find((x) => sameName(x.name, c.name)) ?? c;
    add({ kind: "createCheckConstraint", name: p.name ?? "", table, condition: p.condition }, STEP.createConstraint, p.name ?? "", "data-dependent", `adds CHECK ${p.name} on ${displayName(table)}: fails if existing rows break it`);
  }
  const fks = match(current.foreignKeys, to.foreignKeys, same.fk, ctx.conventionNames);
  for (const fk of fks.removed) dropForeignKey(fk);
  for (const fk of fks.added) {
    const p = portable.foreignKeys.find((x) => sameName(x.name, fk.name)) ?? portable.foreignKeys.find((x) => sameList(x.columns, fk.columns)) ?? fk;
    add({ kind: "createForeignKey", name: p.name ?? "", table, foreignKey: p }, STEP.createForeignKey, p.name ?? "", "data-dependent", `adds foreign key ${p.name} on ${displayName(table)}: fails if existing rows point nowhere`);
  }
  const indexes = match(current.indexes, to.indexes, same.index, ctx.conventionNames);
  for (const ix of indexes.removed) {
    add({ kind: "dropIndex", name: ix.name, table, existing: { ...ix, table } }, STEP.dropConstraint, ix.name);
  }
  for (const ix of indexes.added) {
    const p = portable.indexes.find((x) => sameName(x.name, ix.name)) ?? ix;
    add({ ...p, table }, STEP.createConstraint, p.name, p.unique ? "data-dependent" : "additive", p.unique ? `adds unique index ${p.name}: fails if existing rows repeat a value` : undefined);
  }

  // ---- comment.
  if ((current.comment ?? "") !== (to.comment ?? "")) {
    add({ kind: "setTableComment", table, comment: portable.comment ?? to.comment ?? null, existingComment: current.comment ?? null }, STEP.alterColumn, "");
  }
  return changes;
}

const nullsNotDistinct = (u: ops.UniqueDef): { nullsNotDistinct?: true } => (u.nullsNotDistinct ? { nullsNotDistinct: true } : {});

function unnamed(ctx: TableContext, table: ops.TableRef, what: string, detail: string): void {
  ctx.unresolved.push(`Table "${displayName(table)}" has an unnamed ${what} (${detail}) that the schema does not declare; it cannot be dropped by name: drop it by hand, or declare it`);
}

interface Matched<T> {
  readonly added: T[];
  readonly removed: T[];
}

/**
 * Pair declared objects with existing ones. A name the user chose pairs by name (same name, other
 * structure: drop and create); a name the convention made up pairs by structure first, so an existing
 * object with a server-made name is kept as it is.
 */
function match<T extends { readonly name?: string }>(existing: readonly T[], declared: readonly T[], same: (a: T, b: T) => boolean, convention: ReadonlySet<string>): Matched<T> {
  const left = new Set(existing);
  const added: T[] = [];
  const take = (pred: (e: T) => boolean): T | undefined => {
    for (const e of left) if (pred(e)) { left.delete(e); return e; }
    return undefined;
  };
  const byConvention = (d: T) => d.name === undefined || convention.has(d.name.toLowerCase());
  // Pass 1: exact name and structure; pass 2: user names by name; pass 3: convention names by structure.
  const pending: T[] = [];
  for (const d of declared) if (!take((e) => sameName(e.name, d.name) && same(e, d))) pending.push(d);
  for (const d of pending) {
    if (byConvention(d)) {
      if (take((e) => same(e, d))) continue;
      added.push(d);
      continue;
    }
    added.push(d);
  }
  return { added, removed: [...left] };
}

function sameForeignKey(a: ops.ForeignKeyDef, b: ops.ForeignKeyDef, renames: ReadonlyMap<string, string>, restrictIsNoAction: boolean): boolean {
  const refA = renames.get(a.refTable.toLowerCase()) ?? a.refTable;
  const action = (x: ops.ReferentialAction | undefined) => (x === undefined || x === "no action" || (restrictIsNoAction && x === "restrict") ? "" : x);
  return (
    sameList(a.columns, b.columns) &&
    refA.toLowerCase() === b.refTable.toLowerCase() &&
    (a.refSchema ?? "").toLowerCase() === (b.refSchema ?? "").toLowerCase() &&
    sameList(a.refColumns, b.refColumns) &&
    action(a.onDelete) === action(b.onDelete) &&
    action(a.onUpdate) === action(b.onUpdate) &&
    !!a.deferrable === !!b.deferrable &&
    !!a.initiallyDeferred === !!b.initiallyDeferred
  );
}

function sameIndex(a: ops.CreateIndexOp, b: ops.CreateIndexOp, norm: Normalizer): boolean {
  const col = (c: ops.IndexColumn) => {
    const name = indexColumnName(c);
    const key = name !== undefined ? name.toLowerCase() : `(${norm.expression(indexColumnExpression(c) ?? "")})`;
    return `${key} ${indexColumnOpclass(c)?.toLowerCase() ?? ""} ${indexColumnOrder(c)} nulls ${indexColumnNulls(c)}`;
  };
  const method = (m: string | undefined) => (m === undefined || m.toLowerCase() === "btree" ? "" : m.toLowerCase());
  return (
    a.columns.length === b.columns.length &&
    a.columns.every((c, i) => col(c) === col(b.columns[i]!)) &&
    !!a.unique === !!b.unique &&
    (a.where === undefined ? "" : norm.expression(a.where)) === (b.where === undefined ? "" : norm.expression(b.where)) &&
    method(a.method) === method(b.method) &&
    !!a.nullsNotDistinct === !!b.nullsNotDistinct &&
    sameList(a.include ?? [], b.include ?? [])
  );
}

/** The alterColumn op that turns `was` into `to`, carrying what the column was (for reverse() and MySQL's MODIFY). */
function alterColumn(
  table: ops.TableRef,
  was: ops.ColumnDef,
  to: ops.ColumnDef,
  declared: ops.ColumnDef,
  norm: Normalizer,
  generation: "plain" | "expression" | undefined,
): { op: ops.AlterColumnOp; note: string; widening: boolean; recollated: boolean } | undefined {
  const op: Mutable<ops.AlterColumnOp> = { kind: "alterColumn", table, column: was.name };
  const madePlain = generation === "plain";
  // It stops being computed and keeps the values it holds (the downgrade computes them again), or it is
  // computed from its new expression (recomputed; the downgrade sets the old one).
  if (generation !== undefined) {
    op.generated = madePlain ? null : (declared.generated ?? to.generated)!;
    op.existingGenerated = was.generated!;
  }
  const notes: string[] = [];
  const where = `${displayName(table)}.${was.name}`;
  const widening = widens(norm.type(was.type), norm.type(to.type));
  if (norm.type(was.type) !== norm.type(to.type)) {
    op.type = declared.type;
    if (!widening) notes.push(`changes the type of ${where}: data that does not convert makes it fail`);
  }
  if ((was.nullable ?? true) !== (to.nullable ?? true)) {
    op.nullable = to.nullable ?? true;
    if (op.nullable === false) notes.push(`makes ${where} NOT NULL: fails if it holds NULLs`);
  }
  if (norm.default(was.default) !== norm.default(to.default) && (to.default !== undefined || !madePlain)) op.default = declared.default ?? null;
  if ((was.comment ?? "") !== (to.comment ?? "")) op.comment = declared.comment ?? null;
  if (!!was.autoincrement !== !!to.autoincrement) op.autoincrement = !!to.autoincrement;
  // No collation declared is the default one: a column with another one differs.
  const recollated = norm.collation(was.collation) !== norm.collation(to.collation);
  if (recollated) op.collation = declared.collation ?? to.collation ?? null;
  // A type change states a declared collation, so that a type the compilers do not know to take one
  // (a domain over text) gets it too, and the offline tracker keeps it (see keepsCollation).
  else if (op.type !== undefined && norm.collation(to.collation) !== "") op.collation = declared.collation ?? to.collation ?? null;
  if (Object.keys(op).length === 3) return undefined;
  // What the column is now, so that the change can be reversed and MySQL can restate the column.
  op.existingType = was.type;
  op.existingNullable = was.nullable ?? true;
  if (was.default !== undefined) op.existingDefault = was.default;
  if (op.comment !== undefined || was.comment !== undefined) op.existingComment = was.comment ?? null;
  if (op.autoincrement !== undefined || was.autoincrement) op.existingAutoincrement = !!was.autoincrement;
  if (op.collation !== undefined || was.collation !== undefined) op.existingCollation = was.collation ?? null;
  return { op, note: notes.join("; "), widening, recollated };
}

function regenerationWarning(column: string, table: string, why: Regeneration): string {
  if (why.reason === "expression") {
    return `Column "${column}": its generated expression (or whether it is generated) changed, which is not altered in place, ` +
      `so it is dropped and added again (a stored generated column is recomputed), with its indexes and constraints`;
  }
  if (why.reason === "regenerated") {
    return `Column "${column}": it reads ${why.columns.map((c) => `${table}.${c}`).join(", ")}, dropped and added again, which the server refuses ` +
      `under it: it is dropped before and added again after (recomputed), with its indexes and constraints`;
  }
  if (why.reason === "plain") {
    return `Column "${column}": it stops being generated, which this database cannot do keeping its values (a VIRTUAL column on ` +
      `PostgreSQL 18; PostgreSQL 12, CockroachDB, YugabyteDB, TiDB): it is dropped and added again, with its indexes and constraints, and ` +
      `its VALUES ARE LOST (NULL or its default); to keep them, add a plain column, copy them into it (op.execute) and drop this one`;
  }
  return `Column "${column}": it reads ${why.columns.map((c) => `${table}.${c}`).join(", ")}, whose type changes (or its collation, or its enum type is recreated), which the server refuses ` +
    `under a generated column: it is dropped before the change and added again after (recomputed), with its indexes and constraints`;
}

/**
 * A type change that keeps every value: a larger integer or float type (integer → bigint), or the same
 * type with a larger length (varchar(100) → varchar(200)), a numeric with as many digits before the point
 * and at least as many after (numeric(10,2) → numeric(12,3)), or values appended to an enum or set type,
 * in the texts the normalizer gives.
 */
const WIDER: readonly (readonly string[])[] = [["smallint", "integer", "bigint"], ["real", "double"]];

/**
 * A length dropped keeps every value too: varchar(100) → text (or varchar, PostgreSQL). Not char(n) → text,
 * which drops the padding, nor a precision dropped, which MySQL reads as its default (numeric is
 * decimal(10,0) there, timestamp is timestamp(0)).
 */
const UNBOUNDED: Readonly<Record<string, readonly string[]>> = { varchar: ["varchar", "text"] };

function widens(from: string, to: string): boolean {
  // Values appended to an enum or set (MySQL) keep every row's value, and the number it is stored as.
  const listA = /^(enum|set)\((.*)\)$/.exec(from);
  const listB = /^(enum|set)\((.*)\)$/.exec(to);
  if (listA && listB) return listA[1] === listB[1] && listB[2]!.startsWith(`${listA[2]},`);
  for (const family of WIDER) if (family.includes(from) && family.includes(to)) return family.indexOf(to) > family.indexOf(from);
  const a = /^(.*)\((\d+)(?:,(\d+))?\)$/.exec(from);
  if (a && UNBOUNDED[a[1]!]?.includes(to)) return true;
  const b = /^(.*)\((\d+)(?:,(\d+))?\)$/.exec(to);
  if (!a || !b || a[1] !== b[1]) return false;
  const [lengthA, scaleA, lengthB, scaleB] = [Number(a[2]), Number(a[3] ?? 0), Number(b[2]), Number(b[3] ?? 0)];
  // A number keeps its value with as many digits before the point and at least as many after.
  if (a[1] === "numeric") return scaleB >= scaleA && lengthB - scaleB >= lengthA - scaleA;
  return lengthB >= lengthA && scaleA === scaleB;
}

/** Whether a primary key, unique constraint or unique index of the table has the column as a key. */
function uniqueKeyUses(t: TableModel, column: string): boolean {
  const keys = [primaryKeyOf(t)?.columns ?? [], ...t.uniques.map((u) => u.columns), ...t.indexes.filter((ix) => ix.unique).map((ix) => ix.columns.map((c) => indexColumnName(c) ?? ""))];
  return keys.some((cols) => cols.some((c) => sameName(c, column)));
}

export function primaryKeyOf(t: TableModel): ops.PrimaryKeyDef | undefined {
  if (t.primaryKey) return t.primaryKey;
  const columns = primaryKeyColumns(t);
  return columns.length > 0 ? { columns } : undefined;
}

function findColumn(t: TableModel, name: string): ops.ColumnDef | undefined {
  return t.columns.find((c) => c.name === name) ?? t.columns.find((c) => sameName(c.name, name));
}

/** The table with a column renamed everywhere it is named (keys, indexes, expressions, generated columns). */
export function renameColumn(t: TableModel, from: string, to: string): TableModel {
  const cols = (xs: readonly string[]) => xs.map((c) => (sameName(c, from) ? to : c));
  return {
    ...t,
    columns: t.columns.map((c) => renamedInGenerated(sameName(c.name, from) ? { ...c, name: to } : c, from, to)),
    ...(t.primaryKey ? { primaryKey: { ...t.primaryKey, columns: cols(t.primaryKey.columns) } } : {}),
    foreignKeys: t.foreignKeys.map((fk) => ({ ...fk, columns: cols(fk.columns) })),
    uniques: t.uniques.map((u) => ({ ...u, columns: cols(u.columns) })),
    checks: t.checks.map((c) => ({ ...c, condition: renameIdentifier(c.condition, from, to) })),
    indexes: t.indexes.map((ix) => ({
      ...ix,
      columns: ix.columns.map((c) => mapIndexColumn(c, (n) => (sameName(n, from) ? to : n), (e) => renameIdentifier(e, from, to))),
      ...(ix.include ? { include: cols(ix.include) } : {}),
      ...(ix.where !== undefined ? { where: renameIdentifier(ix.where, from, to) } : {}),
    })),
  };
}

/** A generated column computed from the renamed one computes from its new name (as RENAME COLUMN does). */
function renamedInGenerated(c: ops.ColumnDef, from: string, to: string): ops.ColumnDef {
  return c.generated ? { ...c, generated: { ...c.generated, sql: renameIdentifier(c.generated.sql, from, to) } } : c;
}

export function displayName(ref: { readonly name: string; readonly schema?: string }): string {
  return ref.schema ? `${ref.schema}.${ref.name}` : ref.name;
}

function list(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}
