/**
 * The fuzzer's schema: plain mutable data that edits change and repair keeps valid, rendered into the
 * declaration autogenerate reads (declared). Objects refer to columns by name, so a rename is one pass
 * over the table (renameColumn) rather than text surgery; CHECK conditions are kept as a column and a
 * comparison for the same reason.
 */
import type { DeclaredColumn, DeclaredIndex, DeclaredView, SchemaDefinition } from "../../../src/autogenerate/declare.ts";
import { table } from "../../../src/autogenerate/declare.ts";
import type { DefaultValue, ForeignKeyDef, ReferentialAction } from "../../../src/operations/ops.ts";

export interface FuzzColumn {
  name: string;
  /** A portable type from the pools (types.ts). */
  type: string;
  nullable: boolean;
  default?: DefaultValue;
  autoincrement?: boolean;
  comment?: string;
  /** PostgreSQL: "C" or "POSIX" on a string column; left out, the type's default. */
  collation?: string;
  /** A generated column: `expression` of the column `column` (`lower({c})`); STORED unless `virtual`. */
  generated?: { column: string; expression: string; virtual?: boolean };
  /** This step's rename hint; cleared once the step is applied. */
  renamedFrom?: string;
}

export interface FuzzIndex {
  /** Left out: the naming convention's. */
  name?: string;
  /** `expression`: the key is that expression of the column (`lower({c})`); `nulls`: NULLS FIRST / LAST. */
  columns: { name: string; desc: boolean; nulls?: "first" | "last"; expression?: string }[];
  unique: boolean;
  /** A partial index's condition on a column (`{c} IS NOT NULL`). */
  where?: { column: string; condition: string };
  nullsNotDistinct?: boolean;
  include?: string[];
}

export interface FuzzUnique {
  name?: string;
  columns: string[];
  nullsNotDistinct?: boolean;
  /** Declared as the column's `unique: true` (one column, no name). */
  inline: boolean;
}

export interface FuzzCheck {
  name?: string;
  column: string;
  /** The condition as a template on the column: `{c} >= 0`. */
  condition: string;
  /** Declared as the column's `check` (no name). */
  inline: boolean;
}

export interface FuzzForeignKey {
  name?: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  deferrable?: boolean;
  /** Declared as the column's `references` (one column, no name). */
  inline: boolean;
}

export interface FuzzTable {
  name: string;
  /** PostgreSQL: a schema of FUZZ_SCHEMAS; left out, the default one. Names are fresh across schemas, so a name finds a table. */
  schema?: string;
  renamedFrom?: string;
  columns: FuzzColumn[];
  /** Empty: no primary key. */
  primaryKey: string[];
  /** A one-column key declared as the column's `primaryKey: true`. */
  primaryKeyInline: boolean;
  indexes: FuzzIndex[];
  uniques: FuzzUnique[];
  checks: FuzzCheck[];
  foreignKeys: FuzzForeignKey[];
  comment?: string;
}

/** A PostgreSQL enum type; its columns have its name as their type, qualified when it is in another schema (enumType). */
export interface FuzzEnum {
  name: string;
  /** A schema of FUZZ_SCHEMAS; left out, the default one. */
  schema?: string;
  values: string[];
}

/**
 * A view in the default schema: a SELECT of some columns of one table or of an earlier view (by name, so
 * renames are one pass, renameTable and renameColumn), perhaps with a condition on one of its columns.
 */
export interface FuzzView {
  name: string;
  /** The table or view it reads; a table in another schema is qualified when declared (viewQuery). */
  from: string;
  /** Its output: columns of `from`, 1 to 3, by name. */
  columns: string[];
  /** A condition template on a column of `from` (`{c} IS NOT NULL`, or a CHECK condition of its family). */
  where?: { column: string; condition: string };
  /** PostgreSQL and MySQL: WITH LOCAL or CASCADED CHECK OPTION (the views are simple, so updatable). */
  checkOption?: "local" | "cascaded";
  /** PostgreSQL: a materialized view (no check option; a view that reads one is not updatable, so has none). */
  materialized?: boolean;
}

/** PostgreSQL: a sequence no table reads, with the options of its latest edit (sequence.ts normalizes them). */
export interface FuzzSequence {
  readonly name: string;
  readonly schema?: string;
  readonly as?: "smallint" | "integer" | "bigint";
  readonly start?: number;
  readonly increment?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly cycle?: boolean;
}

export interface FuzzSchema {
  tables: FuzzTable[];
  enums: FuzzEnum[];
  /** Always declared (an empty list too): the schema manages the views from the first step. In the order made, a view after the one it reads. */
  views: FuzzView[];
  /**
   * Views are named from a counter of their own ("v1", ...), so that a walk's tables and columns keep the
   * names they had before views were added to the fuzzer.
   */
  viewCounter: number;
  /** PostgreSQL: sequences, named from a counter of their own ("sq1", ...) in a stream of their own. */
  sequences: FuzzSequence[];
  sequenceCounter: number;
  /** Schemas declared so far (PostgreSQL): once declared, kept, as autogenerate never drops one. */
  schemas: string[];
  /** Names handed out so far: every new table, column and explicit name is fresh. */
  counter: number;
}

/** PostgreSQL: the schemas besides the default one that tables and enums may be made in (never moved between). */
export const FUZZ_SCHEMAS = ["fz_a", "fz_b"] as const;

/** The type name of an enum's columns: "en3", or "fz_a.en3" in another schema. */
export const enumType = (e: FuzzEnum): string => (e.schema ? `${e.schema}.${e.name}` : e.name);

/** A schema of FUZZ_SCHEMAS for a new table or enum, declared from now on. */
export function useSchema(s: FuzzSchema, name: string): string {
  if (!s.schemas.includes(name)) s.schemas.push(name);
  return name;
}

export function emptySchema(): FuzzSchema {
  return { tables: [], enums: [], views: [], viewCounter: 0, sequences: [], sequenceCounter: 0, schemas: [], counter: 0 };
}

export function freshName(s: FuzzSchema, prefix: string): string {
  return `${prefix}${++s.counter}`;
}

export function findTable(s: FuzzSchema, name: string): FuzzTable | undefined {
  return s.tables.find((t) => t.name === name);
}

export function findColumn(t: FuzzTable, name: string): FuzzColumn | undefined {
  return t.columns.find((c) => c.name === name);
}

export function findView(s: FuzzSchema, name: string): FuzzView | undefined {
  return s.views.find((v) => v.name === name);
}

/**
 * A column `from` of the table or view `source` is now `to` in the views that read it, and in their readers
 * when they select it (a view's output column is named after the column it selects).
 */
function renameViewColumns(s: FuzzSchema, source: string, from: string, to: string): void {
  const swap = (n: string) => (n === from ? to : n);
  for (const v of s.views) {
    if (v.from !== source) continue;
    const selected = v.columns.includes(from);
    v.columns = v.columns.map(swap);
    if (v.where) v.where.column = swap(v.where.column);
    if (selected) renameViewColumns(s, v.name, from, to);
  }
}

/** Renames a column everywhere it is named: its table's keys and indexes, other tables' foreign keys to it, and views. */
export function renameColumn(s: FuzzSchema, t: FuzzTable, from: string, to: string): void {
  renameViewColumns(s, t.name, from, to);
  const swap = (n: string) => (n === from ? to : n);
  findColumn(t, from)!.name = to;
  for (const c of t.columns) if (c.generated) c.generated.column = swap(c.generated.column);
  t.primaryKey = t.primaryKey.map(swap);
  for (const i of t.indexes) {
    i.columns = i.columns.map((k) => ({ ...k, name: swap(k.name) }));
    if (i.where) i.where.column = swap(i.where.column);
    if (i.include) i.include = i.include.map(swap);
  }
  for (const u of t.uniques) u.columns = u.columns.map(swap);
  for (const c of t.checks) c.column = swap(c.column);
  for (const fk of t.foreignKeys) fk.columns = fk.columns.map(swap);
  for (const other of s.tables) for (const fk of other.foreignKeys) if (fk.refTable === t.name) fk.refColumns = fk.refColumns.map(swap);
}

/** Renames a table where others name it (their foreign keys, the views that read it). */
export function renameTable(s: FuzzSchema, t: FuzzTable, to: string): void {
  for (const other of s.tables) for (const fk of other.foreignKeys) if (fk.refTable === t.name) fk.refTable = to;
  for (const v of s.views) if (v.from === t.name) v.from = to;
  t.name = to;
}

/** The rename hints are for one step: once it is applied, the old names are gone. */
export function clearHints(s: FuzzSchema): void {
  for (const t of s.tables) {
    delete t.renamedFrom;
    for (const c of t.columns) delete c.renamedFrom;
  }
}

function inlineReference(s: FuzzSchema, t: FuzzTable, fk: FuzzForeignKey) {
  const schema = refSchemaOf(s, t, fk);
  return {
    table: fk.refTable,
    column: fk.refColumns[0]!,
    ...(schema !== undefined ? { schema } : {}),
    ...(fk.onDelete ? { onDelete: fk.onDelete } : {}),
    ...(fk.onUpdate ? { onUpdate: fk.onUpdate } : {}),
  };
}

const condition = (c: FuzzCheck) => c.condition.replaceAll("{c}", c.column);

/** The schema as a project declares it (the argument of defineSchema). */
export function declared(s: FuzzSchema): SchemaDefinition {
  return {
    ...(s.schemas.length > 0 ? { schemas: [...s.schemas] } : {}),
    tables: s.tables.map((t) => declaredTable(s, t)),
    ...(s.enums.length > 0 ? { enums: s.enums.map((e) => ({ name: e.name, ...(e.schema ? { schema: e.schema } : {}), values: [...e.values] })) } : {}),
    ...(s.sequences.length > 0 ? { sequences: s.sequences.map((q) => ({ ...q })) } : {}),
    // Even empty: the schema manages the views (an undeclared one is dropped).
    views: s.views.map((v): DeclaredView => ({ name: v.name, query: viewQuery(s, v), ...(v.checkOption ? { checkOption: v.checkOption } : {}), ...(v.materialized ? { materialized: true } : {}) })),
  };
}

/** The view's SELECT: `SELECT c1, c2 FROM t3 WHERE c1 IS NOT NULL` (`fz_a.t3` for a table in another schema). */
export function viewQuery(s: FuzzSchema, v: FuzzView): string {
  const schema = findTable(s, v.from)?.schema;
  const where = v.where ? ` WHERE ${v.where.condition.replaceAll("{c}", v.where.column)}` : "";
  return `SELECT ${v.columns.join(", ")} FROM ${schema ? `${schema}.` : ""}${v.from}${where}`;
}

/**
 * The schema a foreign key names for its referenced table: none when both tables are in one schema (a
 * name without one means the referencing table's), "public" for the default one from another schema.
 */
function refSchemaOf(s: FuzzSchema, t: FuzzTable, fk: FuzzForeignKey): string | undefined {
  const ref = findTable(s, fk.refTable);
  return ref === undefined || ref.schema === t.schema ? undefined : (ref.schema ?? "public");
}

function declaredTable(s: FuzzSchema, t: FuzzTable) {
  const inlinePk = t.primaryKeyInline && t.primaryKey.length === 1 ? t.primaryKey[0] : undefined;
  const columns: DeclaredColumn[] = t.columns.map((c) => {
    const unique = t.uniques.some((u) => u.inline && u.columns[0] === c.name);
    const check = t.checks.find((k) => k.inline && k.column === c.name);
    const fk = t.foreignKeys.find((f) => f.inline && f.columns[0] === c.name);
    return {
      name: c.name,
      type: c.type,
      ...(c.name === inlinePk ? { primaryKey: true } : c.nullable ? {} : { nullable: false }),
      ...(c.autoincrement ? { autoincrement: true } : {}),
      ...(c.default !== undefined ? { default: c.default } : {}),
      ...(c.generated ? { generated: { sql: c.generated.expression.replaceAll("{c}", c.generated.column), ...(c.generated.virtual ? { stored: false } : {}) } } : {}),
      ...(c.comment !== undefined ? { comment: c.comment } : {}),
      ...(c.collation !== undefined ? { collation: c.collation } : {}),
      ...(unique ? { unique: true } : {}),
      ...(check ? { check: condition(check) } : {}),
      ...(fk ? { references: inlineReference(s, t, fk) } : {}),
      ...(c.renamedFrom !== undefined ? { renamedFrom: c.renamedFrom } : {}),
    };
  });
  const indexes: DeclaredIndex[] = t.indexes.map((i) => ({
    ...(i.name ? { name: i.name } : {}),
    columns: i.columns.map((k) => {
      const options = { ...(k.desc ? { order: "desc" as const } : {}), ...(k.nulls ? { nulls: k.nulls } : {}) };
      if (k.expression !== undefined) return { expression: k.expression.replaceAll("{c}", k.name), ...options };
      return Object.keys(options).length > 0 ? { name: k.name, ...options } : k.name;
    }),
    ...(i.unique ? { unique: true } : {}),
    ...(i.where ? { where: i.where.condition.replaceAll("{c}", i.where.column) } : {}),
    ...(i.nullsNotDistinct ? { nullsNotDistinct: true } : {}),
    ...(i.include && i.include.length > 0 ? { include: i.include } : {}),
  }));
  const foreignKeys: ForeignKeyDef[] = t.foreignKeys
    .filter((f) => !f.inline)
    .map((f) => ({
      ...(f.name ? { name: f.name } : {}),
      columns: f.columns,
      refTable: f.refTable,
      ...(refSchemaOf(s, t, f) !== undefined ? { refSchema: refSchemaOf(s, t, f)! } : {}),
      refColumns: f.refColumns,
      ...(f.onDelete ? { onDelete: f.onDelete } : {}),
      ...(f.onUpdate ? { onUpdate: f.onUpdate } : {}),
      ...(f.deferrable ? { deferrable: true } : {}),
    }));
  const uniques = t.uniques.filter((u) => !u.inline).map((u) => ({ ...(u.name ? { name: u.name } : {}), columns: u.columns, ...(u.nullsNotDistinct ? { nullsNotDistinct: true } : {}) }));
  const checks = t.checks.filter((k) => !k.inline).map((k) => ({ ...(k.name ? { name: k.name } : {}), condition: condition(k) }));
  return table(t.schema ? `${t.schema}.${t.name}` : t.name, columns, {
    ...(t.primaryKey.length > 0 && inlinePk === undefined ? { primaryKey: { columns: t.primaryKey } } : {}),
    ...(indexes.length > 0 ? { indexes } : {}),
    ...(uniques.length > 0 ? { uniques } : {}),
    ...(checks.length > 0 ? { checks } : {}),
    ...(foreignKeys.length > 0 ? { foreignKeys } : {}),
    ...(t.comment !== undefined ? { comment: t.comment } : {}),
    ...(t.renamedFrom !== undefined ? { renamedFrom: t.renamedFrom } : {}),
  });
}
