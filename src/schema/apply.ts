import type * as ops from "../operations/ops.ts";
import { primaryKeyColumns } from "../operations/ops.ts";
import { keepsCollation } from "../operations/collatable.ts";
import { indexColumnExpression, indexColumnName, mapIndexColumn } from "../operations/index_column.ts";
import { SchemaObjectNotFoundError } from "./errors.ts";
import { describeQuery, findConstraints } from "./find_constraint.ts";
import { withGeneratedSplit } from "./generated.ts";
import { wasRebuilt, withConventionNames } from "./batch_naming.ts";
import { mentionsIdentifier, renameIdentifier } from "./identifiers.ts";
import type { TableModel } from "./model.ts";

/** The tables a run has built so far, keyed by tableKey(). */
export type SchemaState = Map<string, TableModel>;

type TableLike = { readonly name: string; readonly schema?: string };
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** "schema.name", or "name" without a schema. */
export function tableKey(ref: TableLike): string {
  return ref.schema ? `${ref.schema}.${ref.name}` : ref.name;
}

/** The key of a table in the state: exact match first, then a case-insensitive one (SQLite, MySQL). */
export function findTableKey(state: ReadonlyMap<string, TableModel>, ref: TableLike): string | undefined {
  const key = tableKey(ref);
  if (state.has(key)) return key;
  const lower = key.toLowerCase();
  const matches = [...state.keys()].filter((k) => k.toLowerCase() === lower);
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * Apply one op to the state, in place. Ops on tables the state does not know (created by raw SQL, or
 * before the tracked range) leave it unchanged, as do ops that change no table (execute, bulkInsert, ...).
 */
export function applyOp(state: SchemaState, op: ops.Op): void {
  switch (op.kind) {
    case "createTable": {
      if (op.ifNotExists && findTableKey(state, op.table) !== undefined) return;
      state.set(tableKey(op.table), tableFromCreate(op));
      return;
    }
    case "dropTable": {
      const key = findTableKey(state, op.table);
      if (key !== undefined) state.delete(key);
      return;
    }
    case "renameTable": {
      const key = findTableKey(state, op.table);
      const model = key === undefined ? undefined : state.get(key);
      if (key === undefined || !model) return;
      state.delete(key);
      const table: ops.TableRef = model.table.schema ? { name: op.newName, schema: model.table.schema } : { name: op.newName };
      state.set(tableKey(table), { ...model, table, indexes: model.indexes.map((ix) => ({ ...ix, table })) });
      // Foreign keys of other tables follow the rename, as they do on SQLite, PostgreSQL and MySQL.
      updateReferences(state, model.table, (fk) => ({ ...fk, refTable: op.newName }));
      return;
    }
    case "setTableComment": {
      update(state, op.table, (model) => {
        const next: Mutable<TableModel> = { ...model };
        if (op.comment === null) delete next.comment;
        else next.comment = op.comment;
        return next;
      });
      return;
    }
    case "dropIndex": {
      // The table is optional on DROP INDEX: look the index up in every table.
      for (const [key, model] of state) {
        if (op.table && key !== findTableKey(state, op.table)) continue;
        if (model.indexes.some((ix) => sameName(ix.name, op.name))) {
          state.set(key, { ...model, indexes: model.indexes.filter((ix) => !sameName(ix.name, op.name)) });
        } else if (model.uniques.some((u) => u.name !== undefined && sameName(u.name, op.name))) {
          // MySQL's unique index and unique constraint are one object: DROP INDEX drops a key a CREATE TABLE
          // wrote as CONSTRAINT ... UNIQUE (a table made again by a downgrade). Elsewhere the server refuses.
          state.set(key, { ...model, uniques: model.uniques.filter((u) => u.name === undefined || !sameName(u.name, op.name)) });
        }
      }
      return;
    }
    case "batchAlterTable": {
      const key = findTableKey(state, op.table);
      const before = key === undefined ? undefined : state.get(key);
      update(state, op.table, (model) => {
        const next = op.ops.reduce((m, alteration) => alterTable(m, alteration, false), model);
        return wasRebuilt(op) ? withConventionNames(next, op.namingConvention) : next;
      });
      // A table rebuilt keeps the foreign keys of other tables as they are written (not renameReferences). A
      // batch of renames and index changes alone is never rebuilt: its renames are RENAME COLUMN, which the
      // server carries into the keys that reference the column (SQLite too).
      if (before && !wasRebuilt(op) && op.ops.every(inPlaceEverywhere)) {
        for (const alt of op.ops) if (alt.kind === "alterColumn") renameReferences(state, before, alt);
      }
      return;
    }
    case "alterColumn": {
      const key = findTableKey(state, op.table);
      const before = key === undefined ? undefined : state.get(key);
      update(state, op.table, (model) => alterTable(model, op, false));
      if (before) renameReferences(state, before, op);
      return;
    }
    case "addColumn":
    case "dropColumn":
    case "createIndex":
    case "createPrimaryKey":
    case "createForeignKey":
    case "createUniqueConstraint":
    case "createCheckConstraint":
    case "dropConstraint": {
      update(state, op.table, (model) => alterTable(model, op, false));
      return;
    }
    default:
      return;
  }
}

/**
 * Apply a batch's alterations to a table definition. Strict: an alteration naming a column, index or
 * constraint the table does not have throws SchemaObjectNotFoundError, so a rebuild never silently
 * produces a table other than the one asked for.
 */
export function applyAlterations(table: TableModel, alterations: readonly ops.TableAlteration[]): TableModel {
  return alterations.reduce((m, alteration) => alterTable(m, alteration, true), table);
}

/** A table model from a CREATE TABLE op, with column-level UNIQUE, CHECK and REFERENCES moved to the table's lists. */
export function tableFromCreate(op: ops.CreateTableOp): TableModel {
  // The model withPrimaryKey and withColumnConstraints would build from a table of no columns, built once:
  // an offline script tracks every CREATE TABLE it prints, and each copy is garbage to collect.
  const pkColumns = primaryKeyColumns(op);
  const name = op.primaryKey?.name;
  const inKey = (c: ops.ColumnDef) => pkColumns.some((p) => sameName(p, c.name));
  const columns: Mutable<ops.ColumnDef>[] = op.columns.map((c) => plainColumn(c, inKey(c)));
  const single = pkColumns.length === 1 ? columns.find(inKey) : undefined;
  const flag = single !== undefined && name === undefined;
  // plainColumn's objects are new: the key's flags are set on them, where withPrimaryKey's copies have them.
  columns.forEach((c) => {
    if (!inKey(c)) return;
    c.nullable = false;
    if (flag) c.primaryKey = true;
  });
  const uniques: ops.UniqueDef[] = [];
  const checks: ops.CheckDef[] = [];
  const foreignKeys: ops.ForeignKeyDef[] = [];
  for (const column of op.columns) {
    if (column.unique) uniques.push({ columns: [column.name] });
    if (column.check !== undefined) checks.push({ condition: column.check });
    if (column.references !== undefined) foreignKeys.push(referenceToForeignKey(column.name, column.references));
  }
  const model: Mutable<TableModel> = { table: op.table, columns, foreignKeys: [], uniques: [], checks: [], indexes: [] };
  if (op.comment !== undefined) model.comment = op.comment;
  if (pkColumns.length > 0 && !flag) model.primaryKey = name !== undefined ? { name, columns: [...pkColumns] } : { columns: [...pkColumns] };
  model.uniques = [...uniques, ...(op.uniques ?? []).map((u) => ({ ...u, columns: [...u.columns] }))];
  model.checks = [...checks, ...(op.checks ?? [])];
  model.foreignKeys = [...foreignKeys, ...(op.foreignKeys ?? [])];
  return model;
}

// ---- one alteration --------------------------------------------------------------------------

/**
 * A column renamed in place (RENAME COLUMN; `before`: its table before the op) in the foreign keys that
 * reference it, of every table (its own too), as the server renames it there (PostgreSQL, MySQL, SQLite).
 */
function renameReferences(state: SchemaState, before: TableModel, op: ops.AlterColumnOp): void {
  const column = findColumn(before, op.column);
  const to = op.newName;
  if (!column || to === undefined || to === column.name) return;
  updateReferences(state, before.table, (fk) => ({ ...fk, refColumns: fk.refColumns.map((c) => (sameName(c, column.name) ? to : c)) }));
}

/**
 * Every foreign key of every table that references `table`, changed by `change`. A key without refSchema
 * means its own table's schema; one naming a schema where no tracked table has that name (public.users)
 * means the default schema's, where a table tracked without a schema is.
 */
function updateReferences(state: SchemaState, table: ops.TableRef, change: (fk: ops.ForeignKeyDef) => ops.ForeignKeyDef): void {
  const refers = (m: TableModel, fk: ops.ForeignKeyDef) => {
    if (!sameName(fk.refTable, table.name)) return false;
    if ((fk.refSchema ?? m.table.schema) === table.schema) return true;
    return fk.refSchema !== undefined && table.schema === undefined && findTableKey(state, { name: fk.refTable, schema: fk.refSchema }) === undefined;
  };
  for (const [k, m] of state) {
    if (!m.foreignKeys.some((fk) => refers(m, fk))) continue;
    state.set(k, { ...m, foreignKeys: m.foreignKeys.map((fk) => (refers(m, fk) ? change(fk) : fk)) });
  }
}

function alterTable(model: TableModel, op: ops.TableAlteration, strict: boolean): TableModel {
  const name = tableKey(model.table);
  const missing = (what: string): TableModel => {
    if (strict) throw new SchemaObjectNotFoundError(`Table "${name}" has no ${what}; ${describeContents(model, what)}`);
    return model;
  };
  switch (op.kind) {
    case "addColumn": {
      if (findColumn(model, op.column.name)) {
        if (strict) throw new SchemaObjectNotFoundError(`Table "${name}" already has a column "${op.column.name}"`);
        return model;
      }
      let next: TableModel = { ...model, columns: [...model.columns, plainColumn(op.column, !!op.column.primaryKey)] };
      if (op.column.primaryKey) next = withPrimaryKey(next, undefined, [op.column.name]);
      return withColumnConstraints(next, op.column);
    }
    case "dropColumn": {
      const column = findColumn(model, op.column);
      if (!column && op.ifExists) return model;
      if (!column) return missing(`column "${op.column}"`);
      return dropColumn(model, column.name);
    }
    case "alterColumn": {
      const column = findColumn(model, op.column);
      if (!column) return missing(`column "${op.column}"`);
      return alterColumn(model, column, op);
    }
    case "createIndex": {
      const index: Mutable<ops.CreateIndexOp> = { kind: "createIndex", name: op.name, table: model.table, columns: [...op.columns] };
      if (op.unique) index.unique = true;
      if (op.where !== undefined) index.where = op.where;
      if (op.method !== undefined) index.method = op.method;
      if (op.nullsNotDistinct) index.nullsNotDistinct = true;
      if (op.include !== undefined && op.include.length > 0) index.include = [...op.include];
      const indexes = model.indexes.filter((ix) => !sameName(ix.name, op.name));
      indexes.push(index);
      return { ...model, indexes };
    }
    case "dropIndex": {
      if (!model.indexes.some((ix) => sameName(ix.name, op.name))) return missing(`index "${op.name}"`);
      return { ...model, indexes: model.indexes.filter((ix) => !sameName(ix.name, op.name)) };
    }
    case "createPrimaryKey":
      return withPrimaryKey(model, op.name, op.columns);
    case "createForeignKey":
      return { ...model, foreignKeys: [...model.foreignKeys, { ...op.foreignKey, name: op.name }] };
    case "createUniqueConstraint":
      return { ...model, uniques: [...model.uniques, { name: op.name, columns: [...op.columns], ...(op.nullsNotDistinct ? { nullsNotDistinct: true } : {}) }] };
    case "createCheckConstraint":
      return { ...model, checks: [...model.checks, op.name !== undefined ? { name: op.name, condition: op.condition } : { condition: op.condition }] };
    case "dropConstraint": {
      const next = dropConstraint(model, op) ?? dropUniqueIndex(model, op);
      if (next === undefined && op.ifExists) return model;
      return next ?? missing(describeQuery(op));
    }
  }
}

function alterColumn(model: TableModel, column: ops.ColumnDef, op: ops.AlterColumnOp): TableModel {
  const next: Mutable<ops.ColumnDef> = { ...column };
  if (op.type !== undefined) next.type = op.type;
  if (op.nullable !== undefined) next.nullable = op.nullable;
  if (op.default === null) delete next.default;
  else if (op.default !== undefined) next.default = op.default;
  if (op.comment === null) delete next.comment;
  else if (op.comment !== undefined) next.comment = op.comment;
  if (op.autoincrement === false) delete next.autoincrement;
  else if (op.autoincrement) next.autoincrement = true;
  if (op.collation === null) delete next.collation;
  else if (op.collation !== undefined) next.collation = op.collation;
  // A type change that gives no collation keeps the column's only where the compilers restate it.
  else if (op.type !== undefined && !keepsCollation(op.type)) delete next.collation;
  // A computed column has no default: the server refuses one.
  if (op.generated === null) delete next.generated;
  else if (op.generated !== undefined) {
    next.generated = op.generated;
    delete next.default;
  }
  // A named key whose one column starts counting keeps its name (SQLite writes it on the column, with
  // AUTOINCREMENT), as the rebuild and reflection have it.
  const replaced: TableModel = { ...model, columns: model.columns.map((c) => (c === column ? next : c)) };
  if (op.newName === undefined || op.newName === column.name) return replaced;
  return renameColumn(replaced, column.name, op.newName);
}

/** An alteration no dialect rebuilds a table for: a column renamed (nothing else changed), an index made or dropped. */
function inPlaceEverywhere(alt: ops.TableAlteration): boolean {
  if (alt.kind === "createIndex" || alt.kind === "dropIndex") return true;
  if (alt.kind !== "alterColumn") return false;
  const { kind: _k, table: _t, column: _c, newName: _n, ...rest } = alt;
  return Object.entries(rest).every(([name, value]) => value === undefined || name.startsWith("existing"));
}

function renameColumn(model: TableModel, from: string, to: string): TableModel {
  const cols = (list: readonly string[]) => list.map((c) => (sameName(c, from) ? to : c));
  const expr = (s: string) => renameIdentifier(s, from, to);
  const pk = model.primaryKey;
  return {
    ...model,
    // The server renames the column in the generated columns that read it too.
    columns: model.columns.map((c) => {
      const named = sameName(c.name, from) ? { ...c, name: to } : c;
      return named.generated ? { ...named, generated: { ...named.generated, sql: expr(named.generated.sql) } } : named;
    }),
    ...(pk ? { primaryKey: { ...pk, columns: cols(pk.columns) } } : {}),
    foreignKeys: model.foreignKeys.map((fk) => ({ ...fk, columns: cols(fk.columns) })),
    uniques: model.uniques.map((u) => ({ ...u, columns: cols(u.columns) })),
    checks: model.checks.map((c) => ({ ...c, condition: expr(c.condition) })),
    indexes: model.indexes.map((ix) => ({
      ...ix,
      columns: ix.columns.map((c) => mapIndexColumn(c, (n) => (sameName(n, from) ? to : n), expr)),
      ...(ix.include ? { include: cols(ix.include) } : {}),
      ...(ix.where !== undefined ? { where: expr(ix.where) } : {}),
    })),
  };
}

/** Drop a column and, as PostgreSQL does, the indexes and constraints that involve it. */
function dropColumn(model: TableModel, column: string): TableModel {
  const has = (list: readonly string[]) => list.some((c) => sameName(c, column));
  const indexUses = (ix: ops.CreateIndexOp) =>
    ix.columns.some((c) => { const n = indexColumnName(c); return n !== undefined ? sameName(n, column) : mentionsIdentifier(indexColumnExpression(c) ?? "", column); }) ||
    (ix.include !== undefined && has(ix.include)) ||
    (ix.where !== undefined && mentionsIdentifier(ix.where, column));
  const next: Mutable<TableModel> = {
    ...model,
    columns: model.columns.filter((c) => !sameName(c.name, column)),
    foreignKeys: model.foreignKeys.filter((fk) => !has(fk.columns)),
    uniques: model.uniques.filter((u) => !has(u.columns)),
    checks: model.checks.filter((c) => !mentionsIdentifier(c.condition, column)),
    indexes: model.indexes.filter((ix) => !indexUses(ix)),
  };
  if (model.primaryKey && has(model.primaryKey.columns)) delete next.primaryKey;
  return next;
}

/**
 * A unique constraint dropped by name that the table has as a unique index: on MySQL both are one object
 * (UNIQUE KEY), which autogenerate, reading it back as a constraint, drops as one whichever op made it.
 */
function dropUniqueIndex(model: TableModel, op: ops.DropConstraintOp): TableModel | undefined {
  if (op.type !== "unique" || op.name === undefined) return undefined;
  const index = model.indexes.find((ix) => ix.unique && sameName(ix.name, op.name!));
  return index ? { ...model, indexes: model.indexes.filter((ix) => ix !== index) } : undefined;
}

/**
 * The table without the constraint the op designates (by name or by structure, see find_constraint.ts),
 * or undefined when it has none. Several matches: the first one (a strict rebuild refuses them earlier).
 */
function dropConstraint(model: TableModel, op: ops.DropConstraintOp): TableModel | undefined {
  const found = findConstraints(model, op)[0];
  if (!found) return undefined;
  switch (found.type) {
    case "primary": {
      const next: Mutable<TableModel> = { ...model, columns: model.columns.map((c) => { const col: Mutable<ops.ColumnDef> = { ...c }; delete col.primaryKey; return col; }) };
      delete next.primaryKey;
      return next;
    }
    case "foreign":
      return { ...model, foreignKeys: model.foreignKeys.filter((c) => c !== found.def) };
    case "unique":
      return { ...model, uniques: model.uniques.filter((c) => c !== found.def) };
    case "check":
      return { ...model, checks: model.checks.filter((c) => c !== found.def) };
  }
}

// ---- normal form -----------------------------------------------------------------------------

/**
 * The model's normal form of a column: nullability explicit, and UNIQUE / CHECK / REFERENCES moved to the
 * table's lists (see withColumnConstraints), which is also how reflection reports them.
 */
function plainColumn(written: ops.ColumnDef, inPrimaryKey: boolean): ops.ColumnDef {
  const column = withGeneratedSplit(written);
  const out: Mutable<ops.ColumnDef> = { name: column.name, type: column.type, nullable: column.nullable ?? !inPrimaryKey };
  if (column.autoincrement) out.autoincrement = true;
  if (column.default !== undefined) out.default = column.default;
  if (column.comment !== undefined) out.comment = column.comment;
  if (column.generated !== undefined) out.generated = column.generated;
  if (column.collation !== undefined) out.collation = column.collation;
  return out;
}

/**
 * Set the primary key. A single unnamed key column is flagged on the column, as reflection reports it; a
 * named or composite key is the table's primaryKey. Key columns are NOT NULL.
 */
function withPrimaryKey(model: TableModel, name: string | undefined, columns: readonly string[]): TableModel {
  const next: Mutable<TableModel> = { ...model };
  delete next.primaryKey;
  const inKey = (c: ops.ColumnDef) => columns.some((p) => sameName(p, c.name));
  const single = columns.length === 1 ? model.columns.find(inKey) : undefined;
  const flag = single !== undefined && name === undefined;
  next.columns = model.columns.map((c) => {
    const col: Mutable<ops.ColumnDef> = { ...c };
    delete col.primaryKey;
    if (inKey(c)) {
      col.nullable = false;
      if (flag) col.primaryKey = true;
    }
    return col;
  });
  if (columns.length > 0 && !flag) next.primaryKey = name !== undefined ? { name, columns: [...columns] } : { columns: [...columns] };
  return next;
}

function withColumnConstraints(model: TableModel, column: ops.ColumnDef): TableModel {
  let next = model;
  if (column.unique) next = { ...next, uniques: [...next.uniques, { columns: [column.name] }] };
  if (column.check !== undefined) next = { ...next, checks: [...next.checks, { condition: column.check }] };
  if (column.references !== undefined) next = { ...next, foreignKeys: [...next.foreignKeys, referenceToForeignKey(column.name, column.references)] };
  return next;
}

function referenceToForeignKey(column: string, ref: string | ops.ColumnReference): ops.ForeignKeyDef {
  let r: ops.ColumnReference;
  if (typeof ref === "string") {
    const parts = ref.split(".");
    r = parts.length >= 3 ? { schema: parts[0]!, table: parts[1]!, column: parts.slice(2).join(".") } : { table: parts[0]!, column: parts[1] ?? column };
  } else if (ref.schema === undefined && ref.table.includes(".")) {
    // { table: "public.users" }: the schema written into the table's name, as tableRef() reads it.
    const dot = ref.table.indexOf(".");
    r = { ...ref, schema: ref.table.slice(0, dot), table: ref.table.slice(dot + 1) };
  } else r = ref;
  const fk: Mutable<ops.ForeignKeyDef> = { columns: [column], refTable: r.table, refColumns: [r.column] };
  if (r.schema !== undefined) fk.refSchema = r.schema;
  if (r.onDelete !== undefined) fk.onDelete = r.onDelete;
  if (r.onUpdate !== undefined) fk.onUpdate = r.onUpdate;
  return fk;
}

// ---- helpers ---------------------------------------------------------------------------------

function update(state: SchemaState, ref: TableLike, fn: (model: TableModel) => TableModel): void {
  const key = findTableKey(state, ref);
  const model = key === undefined ? undefined : state.get(key);
  if (key !== undefined && model) state.set(key, fn(model));
}

function sameName(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

function findColumn(model: TableModel, name: string): ops.ColumnDef | undefined {
  return model.columns.find((c) => c.name === name) ?? model.columns.find((c) => sameName(c.name, name));
}

function describeContents(model: TableModel, what: string): string {
  if (what.startsWith("column")) return `its columns are ${quoteList(model.columns.map((c) => c.name))}`;
  if (what.startsWith("index")) return `its indexes are ${quoteList(model.indexes.map((i) => i.name))}`;
  const names = [model.primaryKey, ...model.foreignKeys, ...model.uniques, ...model.checks]
    .map((c) => c?.name)
    .filter((n): n is string => n !== undefined);
  return `its named constraints are ${quoteList(names)} (an unnamed constraint is dropped by its structure: ` +
    `op.dropConstraint({ table, type: "foreign", columns: [...] }) or { table, check: "..." })`;
}

function quoteList(names: readonly string[]): string {
  return names.length === 0 ? "(none)" : names.map((n) => `"${n}"`).join(", ");
}
