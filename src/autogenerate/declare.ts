/**
 * The schema a project declares in TypeScript, for autogenerate and `check`. The vocabulary is the one
 * migrations already use: `table()` takes exactly the column objects `op.createTable` takes and its
 * options, plus `indexes`; `renamedFrom` says what an object was called before (never guessed).
 *
 * @example
 * ```ts
 * import { defineSchema, table } from "migrator";
 * export default defineSchema({
 *   tables: [
 *     table("users", [
 *       { name: "id", type: "integer", primaryKey: true, autoincrement: true },
 *       { name: "email", type: "varchar(255)", nullable: false, unique: true },
 *     ], { indexes: [{ columns: ["email"] }] }),
 *   ],
 * });
 * ```
 */
import { SchemaDeclarationError } from "./errors.ts";
import { checkColumn, checkEnumValues, checkSequence, checkTableOptions, COLUMN_DEF_KEYS, indexColumnProblem } from "../operations/validate.ts";
import { indexColumnName } from "../operations/index_column.ts";
import type { ColumnDef, CreateEnumOp, CreateSequenceOp, IndexColumn, Op, TableRef } from "../operations/ops.ts";
import type { TableOptions } from "../operations/operations.ts";
import { tableRef } from "../operations/ops.ts";
import { checkKeys as checkKeysWith } from "../operations/keys.ts";

const checkKeys = (value: object, known: readonly string[], where: string) =>
  checkKeysWith(value, known, where, (message) => new SchemaDeclarationError(message));

/** A column as op.createTable takes it, and the name it had before (a rename, not a drop and an add). */
export type DeclaredColumn = ColumnDef & { readonly renamedFrom?: string };

export interface DeclaredIndex {
  /** Default: the naming convention's `ix` (or `uq` for a unique index). */
  readonly name?: string;
  readonly columns: readonly IndexColumn[];
  readonly unique?: boolean;
  readonly where?: string;
  readonly method?: string;
  /** A unique index in which NULLs count as equal (NULLS NOT DISTINCT: PostgreSQL 15+). */
  readonly nullsNotDistinct?: boolean;
  /** Non-key columns stored in the index (INCLUDE: PostgreSQL). */
  readonly include?: readonly string[];
}

export interface DeclaredTableOptions extends Omit<TableOptions, "ifNotExists"> {
  readonly indexes?: readonly DeclaredIndex[];
  readonly renamedFrom?: string;
}

export interface DeclaredTable {
  readonly table: TableRef;
  readonly columns: readonly DeclaredColumn[];
  readonly options: DeclaredTableOptions;
}

/**
 * A declared view: its SELECT, as the project writes it, and where it has one (PostgreSQL, MySQL), its
 * check option. `name` may be "schema.view".
 */
export interface DeclaredView {
  readonly name: string;
  readonly schema?: string;
  readonly query: string;
  readonly checkOption?: "local" | "cascaded";
  /** A materialized view (PostgreSQL): see materializedView(). */
  readonly materialized?: true;
  /** A materialized view made empty (WITH NO DATA). */
  readonly withData?: false;
}

export type DeclaredEnum = Omit<CreateEnumOp, "kind">;
export type DeclaredSequence = Omit<CreateSequenceOp, "kind" | "ifNotExists">;

/**
 * Name templates for what the schema leaves unnamed (Alembic's `naming_convention` tokens):
 * `%(table_name)s`, `%(column_0_name)s`, `%(column_0_N_name)s` (every column, joined by "_"),
 * `%(referred_table_name)s`, and `%(expression_hash)s` (8 hex digits of a CHECK's expression).
 * A name longer than the dialect keeps is cut and ends in a stable hash, so it never re-diffs.
 */
export interface NamingConvention {
  readonly ix?: string;
  readonly uq?: string;
  readonly ck?: string;
  readonly fk?: string;
  /** Unset by default: a primary key keeps the name the server gives it. */
  readonly pk?: string;
}

export const DEFAULT_NAMING: Required<Omit<NamingConvention, "pk">> = {
  ix: "ix_%(table_name)s_%(column_0_N_name)s",
  uq: "uq_%(table_name)s_%(column_0_N_name)s",
  ck: "ck_%(table_name)s_%(expression_hash)s",
  fk: "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
};

export interface SchemaDefinition {
  readonly tables: readonly DeclaredTable[];
  readonly enums?: readonly DeclaredEnum[];
  readonly sequences?: readonly DeclaredSequence[];
  /**
   * The views (each made after the views it names after FROM or JOIN, whatever their order here). Given
   * (even empty), the schema manages the views in its scope: one the database has and this list lacks is
   * dropped. Left out, views are not compared, and those the database has are left alone.
   */
  readonly views?: readonly DeclaredView[];
  /** Schemas (PostgreSQL) the project manages besides the default one. */
  readonly schemas?: readonly string[];
  readonly naming?: NamingConvention;
}

/** A schema module's default export, checked. */
export interface Schema extends SchemaDefinition {
  readonly kind: "migrator.schema";
}

/** Hooks a schema module may export beside its default export. */
export interface SchemaHooks {
  /** Return false to leave a reflected or declared object out of the comparison. */
  readonly includeObject?: (object: { readonly type: "table" | "enum" | "sequence" | "view"; readonly name: string; readonly schema?: string }) => boolean;
  /** Edit the ops autogenerate found before they are written (add, drop, reorder). */
  readonly processOps?: (ops: Op[]) => Op[] | void;
}

const TABLE_OPTION_KEYS = ["primaryKey", "foreignKeys", "uniques", "checks", "comment", "indexes", "renamedFrom"] as const;
const COLUMN_KEYS = [...COLUMN_DEF_KEYS, "renamedFrom"] as const;
const INDEX_KEYS = ["name", "columns", "unique", "where", "method", "nullsNotDistinct", "include"] as const;
const ENUM_KEYS = ["name", "schema", "values"] as const;

/** A declared table. `name` may be "schema.table". */
export function table(name: string | TableRef, columns: readonly DeclaredColumn[], options: DeclaredTableOptions = {}): DeclaredTable {
  const ref = tableRef(name);
  const where = `table "${ref.schema ? `${ref.schema}.` : ""}${ref.name}"`;
  if (!Array.isArray(columns)) throw new SchemaDeclarationError(`${where}: columns must be an array of column objects`);
  checkKeys(options, TABLE_OPTION_KEYS, `${where} options`);
  checkTableOptions(options, where, (message) => new SchemaDeclarationError(message));
  const seen = new Set<string>();
  for (const column of columns) {
    if (typeof column !== "object" || column === null || typeof column.name !== "string" || column.name === "") {
      throw new SchemaDeclarationError(`${where}: each column needs a name, e.g. { name: "id", type: "integer" }`);
    }
    checkKeys(column, COLUMN_KEYS, `${where} column "${column.name}"`);
    if (column.type === undefined) throw new SchemaDeclarationError(`${where} column "${column.name}" has no type`);
    const { renamedFrom: _, ...def } = column;
    checkColumn(def, where, (message) => new SchemaDeclarationError(message));
    if (seen.has(column.name)) throw new SchemaDeclarationError(`${where} declares column "${column.name}" twice`);
    seen.add(column.name);
  }
  for (const index of options.indexes ?? []) {
    checkKeys(index, INDEX_KEYS, `${where} index`);
    if (!Array.isArray(index.columns) || index.columns.length === 0) throw new SchemaDeclarationError(`${where}: an index needs columns`);
    const what = `${where}: index ${index.name ? `"${index.name}" ` : ""}`;
    index.columns.forEach((c, i) => {
      const problem = indexColumnProblem(c);
      if (problem !== undefined) throw new SchemaDeclarationError(`${what}columns[${i}]${problem}`);
      const name = indexColumnName(c);
      if (name !== undefined && !seen.has(name) && ![...seen].some((n) => n.toLowerCase() === name.toLowerCase())) {
        throw new SchemaDeclarationError(`${what}names column "${name}", which the table does not declare`);
      }
    });
    // An empty list is none (the model leaves it out); a string would be read letter by letter.
    if (index.include !== undefined && !Array.isArray(index.include)) {
      throw new SchemaDeclarationError(`${what}include must be an array of column names; got ${JSON.stringify(index.include)}`);
    }
    if (index.nullsNotDistinct !== undefined && typeof index.nullsNotDistinct !== "boolean") {
      throw new SchemaDeclarationError(`${what}nullsNotDistinct must be true or false; got ${JSON.stringify(index.nullsNotDistinct)}`);
    }
    for (const name of index.include ?? []) {
      if (typeof name !== "string" || (!seen.has(name) && ![...seen].some((n) => n.toLowerCase() === name.toLowerCase()))) {
        throw new SchemaDeclarationError(`${what}includes column "${String(name)}", which the table does not declare`);
      }
    }
    if (index.nullsNotDistinct === true && index.unique !== true) throw new SchemaDeclarationError(`${what}has nullsNotDistinct, an option of a unique index: add unique: true`);
  }
  return { table: ref, columns, options };
}

/**
 * A declared view. `name` may be "schema.view"; `query` is the SELECT (no CREATE VIEW, no trailing ";").
 * @example view("active_users", "SELECT id, email FROM users WHERE active")
 */
export function view(name: string | TableRef, query: string, options: { readonly checkOption?: "local" | "cascaded" } = {}): DeclaredView {
  const ref = tableRef(name);
  const where = `view "${ref.schema ? `${ref.schema}.` : ""}${ref.name}"`;
  if (typeof query !== "string" || query.trim() === "") throw new SchemaDeclarationError(`${where}: the query must be the view's SELECT, e.g. "SELECT id FROM users"`);
  if (/^\s*create\b/i.test(query)) throw new SchemaDeclarationError(`${where}: give the SELECT alone; migrator writes the CREATE VIEW`);
  checkKeys(options, ["checkOption"], `${where} options`);
  if (options.checkOption !== undefined && options.checkOption !== "local" && options.checkOption !== "cascaded") {
    throw new SchemaDeclarationError(`${where}: checkOption must be "local" or "cascaded"; got ${JSON.stringify(options.checkOption)}`);
  }
  return { name: ref.name, ...(ref.schema ? { schema: ref.schema } : {}), query: query.trim().replace(/(?:\s*;)+$/, ""), ...(options.checkOption ? { checkOption: options.checkOption } : {}) };
}

/**
 * A declared materialized view (PostgreSQL): its rows are stored when it is made, and again at each
 * `REFRESH MATERIALIZED VIEW`, which migrator leaves to the application. `withData: false` makes it empty
 * (WITH NO DATA: unreadable until refreshed), for a view too costly to fill while the migration runs. Its
 * indexes are not declared here: those it has (made in a revision, e.g. the unique index REFRESH ...
 * CONCURRENTLY needs) are kept when autogenerate makes it again.
 * @example materializedView("daily_totals", "SELECT day, sum(amount) AS total FROM payments GROUP BY day")
 */
export function materializedView(name: string | TableRef, query: string, options: { readonly withData?: boolean } = {}): DeclaredView {
  const ref = tableRef(name);
  checkKeys(options, ["withData"], `materialized view "${ref.schema ? `${ref.schema}.` : ""}${ref.name}" options`);
  if (options.withData !== undefined && typeof options.withData !== "boolean") {
    throw new SchemaDeclarationError(`materialized view "${ref.name}": withData must be true or false; got ${JSON.stringify(options.withData)}`);
  }
  return { ...view(name, query), materialized: true, ...(options.withData === false ? { withData: false } : {}) };
}

/** The default export of a schema module. */
export function defineSchema(definition: SchemaDefinition): Schema {
  checkKeys(definition, ["tables", "enums", "sequences", "views", "schemas", "naming"], "defineSchema()");
  if (!Array.isArray(definition.tables)) throw new SchemaDeclarationError(`defineSchema() needs tables: [table(...), ...]`);
  const names = new Set<string>();
  for (const t of definition.tables) {
    if (!t || typeof t !== "object" || !("table" in t)) throw new SchemaDeclarationError(`defineSchema(): each entry of tables must come from table(name, columns, options)`);
    const key = `${t.table.schema ?? ""}.${t.table.name}`.toLowerCase();
    if (names.has(key)) throw new SchemaDeclarationError(`defineSchema(): table "${t.table.name}" is declared twice`);
    names.add(key);
  }
  if (definition.naming) checkKeys(definition.naming, ["ix", "uq", "ck", "fk", "pk"], "naming");
  if (definition.views !== undefined) {
    if (!Array.isArray(definition.views)) throw new SchemaDeclarationError(`defineSchema() needs views: [view(...), ...]`);
    for (const v of definition.views) {
      if (!v || typeof v !== "object" || typeof v.name !== "string" || typeof v.query !== "string") {
        throw new SchemaDeclarationError(`defineSchema(): each entry of views must come from view(name, query) or materializedView(name, query)`);
      }
      const key = `${v.schema ?? ""}.${v.name}`.toLowerCase();
      if (names.has(key)) throw new SchemaDeclarationError(`defineSchema(): "${v.name}" is declared twice (a table and a view share one namespace)`);
      names.add(key);
    }
  }
  // Renames of enums and indexes are not written by autogenerate (a drop and a create would lose the
  // type's columns): refused here rather than accepted and ignored.
  for (const e of definition.enums ?? []) {
    checkKeys(e, ENUM_KEYS, `enum "${e.name}"`);
    checkEnumValues(e.values, `enum "${e.name}"`, (message) => new SchemaDeclarationError(message));
  }
  // A sequence's options are read as the server would (sequence.ts): a wrong one is refused here, naming it.
  // Sequences share the namespace of tables and views (PostgreSQL's pg_class).
  for (const s of definition.sequences ?? []) {
    if (!s || typeof s !== "object" || Array.isArray(s)) throw new SchemaDeclarationError(`defineSchema(): each entry of sequences must be { name, ...options }; got ${JSON.stringify(s)}`);
    checkSequence(s as unknown as Record<string, unknown>, `sequence "${s.name}"`, (message) => new SchemaDeclarationError(message));
    const key = `${s.schema ?? ""}.${s.name}`.toLowerCase();
    if (names.has(key)) throw new SchemaDeclarationError(`defineSchema(): "${s.name}" is declared twice (tables, views and sequences share one namespace)`);
    names.add(key);
  }
  return { kind: "migrator.schema", ...definition };
}
