/**
 * Operations as plain data. An op knows nothing of SQL: dialects compile it (dialects/<name>/ddl.ts),
 * the runtime executes or prints the statements, and reverse.ts turns it into its inverse.
 */

/** A table, optionally schema-qualified. */
export interface TableRef {
  readonly name: string;
  readonly schema?: string;
}

/**
 * A column type: a portable name such as "integer", "varchar(255)", "numeric(10,2)", "timestamptz",
 * "text[]" (PostgreSQL arrays), "enum(a,b)", mapped by each dialect; or `{ raw: "..." }`, sent as written.
 */
export type ColumnType = string | { readonly raw: string };

/** A server default: a literal value, or `{ sql: "now()" }` for an expression sent as written. */
export type DefaultValue = string | number | boolean | null | { readonly sql: string };

export type ReferentialAction = "cascade" | "restrict" | "set null" | "set default" | "no action";

/** A foreign key declared on a column (`references: "users.id"` is the short form). */
export interface ColumnReference {
  readonly table: string;
  readonly column: string;
  readonly schema?: string;
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
}

/**
 * A generated (computed) column's expression: `stored: true` (the default) computes it on write and keeps
 * it, `stored: false` computes it on read (VIRTUAL; not on PostgreSQL).
 */
export interface GeneratedColumn {
  readonly sql: string;
  readonly stored?: boolean;
}

/** How a generated column is kept, as the capabilities that differ by it are keyed. */
export type GeneratedStorage = "stored" | "virtual";

/** "stored" unless `stored: false`. */
export function storageOf(g: GeneratedColumn): GeneratedStorage {
  return g.stored === false ? "virtual" : "stored";
}

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  /** Defaults to true, and to false for primary key columns. */
  readonly nullable?: boolean;
  readonly primaryKey?: boolean;
  /** Serial / identity / AUTO_INCREMENT / AUTOINCREMENT. */
  readonly autoincrement?: boolean;
  readonly default?: DefaultValue;
  readonly unique?: boolean;
  readonly comment?: string;
  readonly references?: string | ColumnReference;
  readonly check?: string;
  /** A generated column: `GENERATED ALWAYS AS (sql) STORED | VIRTUAL`. No default, no autoincrement. */
  readonly generated?: GeneratedColumn;
  /**
   * The column's collation, one name as the server knows it: `"C"`, `"en-US-x-icu"` (PostgreSQL, quoted as
   * one identifier), `"utf8mb4_bin"` (MySQL/MariaDB), `"NOCASE"` (SQLite). Left out: the default (the
   * type's on PostgreSQL, the table's on MySQL, BINARY on SQLite).
   */
  readonly collation?: string;
}

export interface PrimaryKeyDef {
  readonly name?: string;
  readonly columns: readonly string[];
}

export interface ForeignKeyDef {
  readonly name?: string;
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refSchema?: string;
  readonly refColumns: readonly string[];
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  /** PostgreSQL (and SQLite) only. */
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
}

export interface UniqueDef {
  readonly name?: string;
  readonly columns: readonly string[];
  /** NULLs count as equal, so one NULL at most (NULLS NOT DISTINCT: PostgreSQL 15+). */
  readonly nullsNotDistinct?: boolean;
}

export interface CheckDef {
  readonly name?: string;
  readonly condition: string;
}

/** The order of an index key: "asc" is the default and the same as leaving it out. */
export type IndexOrder = "asc" | "desc";

/** Where an index key puts NULLs: PostgreSQL's default is "last" for an ascending key, "first" for a descending one. */
export type IndexNulls = "first" | "last";

/** What an index key may say besides its column or expression (PostgreSQL has them all; see index_column.ts). */
export interface IndexKeyOptions {
  /** "desc" or "asc" (the default). */
  readonly order?: IndexOrder;
  /** NULLS FIRST / LAST (PostgreSQL). */
  readonly nulls?: IndexNulls;
  /** The key's operator class, `"name"` or `"schema.name"`: "text_pattern_ops", "jsonb_path_ops" (PostgreSQL). */
  readonly opclass?: string;
}

/**
 * An index column: a column name, `{ name: "created_at", order: "desc", nulls: "last" }`,
 * `{ name: "email", opclass: "text_pattern_ops" }` or `{ expression: "lower(email)" }` (an expression
 * takes the same options). See index_column.ts.
 */
export type IndexColumn =
  | string
  | ({ readonly name: string } & IndexKeyOptions)
  | ({ readonly expression: string } & IndexKeyOptions);

export interface CreateTableOp {
  readonly kind: "createTable";
  readonly table: TableRef;
  readonly columns: readonly ColumnDef[];
  readonly primaryKey?: PrimaryKeyDef;
  readonly foreignKeys?: readonly ForeignKeyDef[];
  readonly uniques?: readonly UniqueDef[];
  readonly checks?: readonly CheckDef[];
  readonly comment?: string;
  readonly ifNotExists?: boolean;
}

export interface DropTableOp {
  readonly kind: "dropTable";
  readonly table: TableRef;
  readonly ifExists?: boolean;
  /** The table as it was, so that the drop can be reversed. */
  readonly existing?: CreateTableOp;
}

export interface RenameTableOp {
  readonly kind: "renameTable";
  readonly table: TableRef;
  readonly newName: string;
}

export interface SetTableCommentOp {
  readonly kind: "setTableComment";
  readonly table: TableRef;
  readonly comment: string | null;
  readonly existingComment?: string | null;
}

export interface AddColumnOp {
  readonly kind: "addColumn";
  readonly table: TableRef;
  readonly column: ColumnDef;
}

export interface DropColumnOp {
  readonly kind: "dropColumn";
  readonly table: TableRef;
  readonly column: string;
  /** Nothing happens when the column is not there. */
  readonly ifExists?: boolean;
  /** The column as it was, so that the drop can be reversed. */
  readonly existing?: ColumnDef;
}

/** Change one column. Fields left undefined are left alone; `existing*` describe the column as it is. */
export interface AlterColumnOp {
  readonly kind: "alterColumn";
  readonly table: TableRef;
  readonly column: string;
  readonly type?: ColumnType;
  /** PostgreSQL: USING expression for a type change. */
  readonly using?: string;
  readonly nullable?: boolean;
  /** Set the server default; `null` drops it. */
  readonly default?: DefaultValue;
  readonly newName?: string;
  readonly comment?: string | null;
  readonly autoincrement?: boolean;
  /** Set the collation; `null` goes back to the default one (see ColumnDef.collation). */
  readonly collation?: string | null;
  /**
   * `null`: the column stops being computed and keeps the values it holds (PostgreSQL 13+ DROP EXPRESSION,
   * MySQL's MODIFY, a SQLite rebuild; a VIRTUAL column on SQLite, on MySQL made anew beside it and filled
   * from it, on PostgreSQL 18 made anew beside it and computed by the table's rewrite, see
   * Capabilities.keepsGeneratedValues).
   * An expression: the column is computed from it from now on, its values recomputed (MySQL's MODIFY, a
   * SQLite rebuild; PostgreSQL drops the column and adds it again, with its indexes and constraints).
   */
  readonly generated?: GeneratedColumn | null;
  readonly existingType?: ColumnType;
  readonly existingNullable?: boolean;
  readonly existingDefault?: DefaultValue;
  readonly existingComment?: string | null;
  readonly existingAutoincrement?: boolean;
  /** The collation the column has now; `null`: the default. */
  readonly existingCollation?: string | null;
  /** How the column is computed now; `null`: it is not. */
  readonly existingGenerated?: GeneratedColumn | null;
}

export interface CreateIndexOp {
  readonly kind: "createIndex";
  readonly name: string;
  readonly table: TableRef;
  readonly columns: readonly IndexColumn[];
  readonly unique?: boolean;
  /** Partial index condition (PostgreSQL, SQLite). */
  readonly where?: string;
  /** Index method, e.g. "gin", "gist" (PostgreSQL), "btree"/"hash" (MySQL). */
  readonly method?: string;
  /** PostgreSQL: CREATE INDEX CONCURRENTLY, run outside the transaction. */
  readonly concurrently?: boolean;
  readonly ifNotExists?: boolean;
  /** A unique index in which NULLs count as equal, so one NULL at most (NULLS NOT DISTINCT: PostgreSQL 15+). */
  readonly nullsNotDistinct?: boolean;
  /** Columns stored in the index but not part of its key, for index-only scans (INCLUDE: PostgreSQL). */
  readonly include?: readonly string[];
}

export interface DropIndexOp {
  readonly kind: "dropIndex";
  readonly name: string;
  /** Needed on MySQL (DROP INDEX ... ON table). */
  readonly table?: TableRef;
  readonly ifExists?: boolean;
  readonly concurrently?: boolean;
  readonly existing?: CreateIndexOp;
}

export interface CreatePrimaryKeyOp {
  readonly kind: "createPrimaryKey";
  readonly name: string;
  readonly table: TableRef;
  readonly columns: readonly string[];
}

export interface CreateForeignKeyOp {
  readonly kind: "createForeignKey";
  readonly name: string;
  readonly table: TableRef;
  readonly foreignKey: ForeignKeyDef;
}

export interface CreateUniqueConstraintOp {
  readonly kind: "createUniqueConstraint";
  readonly name: string;
  readonly table: TableRef;
  readonly columns: readonly string[];
  /** NULLs count as equal, so one NULL at most (NULLS NOT DISTINCT: PostgreSQL 15+). */
  readonly nullsNotDistinct?: boolean;
}

export interface CreateCheckConstraintOp {
  readonly kind: "createCheckConstraint";
  /** Left out: an unnamed CHECK (the server may make a name up; find it with op.inspect()). */
  readonly name?: string;
  readonly table: TableRef;
  readonly condition: string;
}

export type ConstraintType = "primary" | "foreign" | "unique" | "check";

/**
 * Drop a constraint by name, or found by its structure when it has no name of its own (or one the
 * server made up): `type` with `columns` (foreign, unique), `check` (a CHECK's condition), or
 * `type: "primary"` alone.
 */
export interface DropConstraintOp {
  readonly kind: "dropConstraint";
  readonly name?: string;
  readonly table: TableRef;
  /** Needed on MySQL, which drops each kind with its own statement. */
  readonly type?: ConstraintType;
  /** The constraint's columns, to find an unnamed foreign key or unique constraint. */
  readonly columns?: readonly string[];
  /** The condition, to find an unnamed CHECK (compared as the server prints it, spacing aside). */
  readonly check?: string;
  /** Nothing happens when no such constraint exists. */
  readonly ifExists?: boolean;
  readonly existing?: CreatePrimaryKeyOp | CreateForeignKeyOp | CreateUniqueConstraintOp | CreateCheckConstraintOp;
}

export interface CreateSchemaOp {
  readonly kind: "createSchema";
  readonly name: string;
  readonly ifNotExists?: boolean;
}

export interface DropSchemaOp {
  readonly kind: "dropSchema";
  readonly name: string;
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
}

export interface CreateEnumOp {
  readonly kind: "createEnum";
  readonly name: string;
  readonly schema?: string;
  readonly values: readonly string[];
}

export interface DropEnumOp {
  readonly kind: "dropEnum";
  readonly name: string;
  readonly schema?: string;
  readonly ifExists?: boolean;
  readonly existing?: CreateEnumOp;
}

export interface AddEnumValueOp {
  readonly kind: "addEnumValue";
  readonly name: string;
  readonly schema?: string;
  readonly value: string;
  readonly before?: string;
  readonly after?: string;
  readonly ifNotExists?: boolean;
}

/**
 * Give an enum type new values (some removed, or in another order) by recreating it (PostgreSQL cannot
 * drop or move a value in place): the type is renamed away, made again with `values`, every column that
 * uses it (or an array of it, in any schema) is converted with USING col::text::type, and the old type is
 * dropped, in the migration's transaction. A row holding a removed value makes the conversion fail, and
 * the whole revision rolls back. `previous`: the values as they were, so that the op can be reversed.
 */
export interface RecreateEnumOp {
  readonly kind: "recreateEnum";
  readonly name: string;
  readonly schema?: string;
  readonly values: readonly string[];
  readonly previous?: readonly string[];
}

/** The types a sequence can be (PostgreSQL's `AS`); bigint when left out. */
export const SEQUENCE_TYPES = ["smallint", "integer", "bigint"] as const;
export type SequenceType = (typeof SEQUENCE_TYPES)[number];

/** The range of each sequence type: the bounds left out are the type's. */
export const SEQUENCE_TYPE_RANGES: Readonly<Record<SequenceType, { readonly min: bigint; readonly max: bigint }>> = {
  smallint: { min: -(2n ** 15n), max: 2n ** 15n - 1n },
  integer: { min: -(2n ** 31n), max: 2n ** 31n - 1n },
  bigint: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
};

/** A sequence's value: a whole number, or a bigint beyond 2^53 (a bound near 2^63, exactly). */
export type SequenceNumber = number | bigint;

export interface CreateSequenceOp {
  readonly kind: "createSequence";
  readonly name: string;
  readonly schema?: string;
  /** The type, and so the range of the bounds left out (`AS integer`); bigint when left out. */
  readonly as?: SequenceType;
  readonly start?: SequenceNumber;
  readonly increment?: SequenceNumber;
  readonly minValue?: SequenceNumber;
  readonly maxValue?: SequenceNumber;
  readonly cycle?: boolean;
  readonly ifNotExists?: boolean;
}

/**
 * `ALTER SEQUENCE`: the options it names take these values; `null` puts a bound back to the default of the
 * (new) direction and type (NO MINVALUE / NO MAXVALUE). Options it leaves out keep their values, even when the
 * direction changes. `existing` (the sequence before, as createSequence states it) makes it reversible.
 * The sequence's current value is not changed, unless `restart` (RESTART: back to its start value, as the
 * server requires where the value it is at lies outside the new range).
 */
export interface AlterSequenceOp {
  readonly kind: "alterSequence";
  readonly name: string;
  readonly schema?: string;
  /** A new type (`AS`): a bound left out that was the old type's limit becomes the new type's. */
  readonly as?: SequenceType;
  readonly increment?: SequenceNumber;
  readonly minValue?: SequenceNumber | null;
  readonly maxValue?: SequenceNumber | null;
  readonly start?: SequenceNumber;
  readonly cycle?: boolean;
  readonly restart?: boolean;
  readonly existing?: Omit<CreateSequenceOp, "kind" | "name" | "schema" | "ifNotExists">;
}

export interface DropSequenceOp {
  readonly kind: "dropSequence";
  readonly name: string;
  readonly schema?: string;
  readonly ifExists?: boolean;
  readonly existing?: CreateSequenceOp;
}

/**
 * A view: `CREATE VIEW name AS query`, with its options, comments, grants and owner (PostgreSQL), so that a
 * view made again (as alterColumn does on PostgreSQL around a type change the server refuses under it) is
 * as it was. Autogenerate writes it for the views a schema declares (`views`, compare_views.ts).
 */
export interface CreateViewOp {
  readonly kind: "createView";
  readonly name: string;
  readonly schema?: string;
  /** The SELECT, as the server prints it (PostgreSQL: pg_get_viewdef). */
  readonly query: string;
  /** `WITH LOCAL | CASCADED CHECK OPTION`. */
  readonly checkOption?: "local" | "cascaded";
  /** PostgreSQL: `security_barrier`, `security_invoker` (15+). */
  readonly securityBarrier?: boolean;
  readonly securityInvoker?: boolean;
  readonly comment?: string;
  /** PostgreSQL: comments on the view's columns, by column name. */
  readonly columnComments?: Readonly<Record<string, string>>;
  /** Privileges granted on the view: `{ role: "app_ro", privileges: ["SELECT"] }` (`PUBLIC` for everyone). */
  readonly grants?: readonly ViewGrant[];
  /** PostgreSQL: the role that owns it (`ALTER VIEW ... OWNER TO`), when not the one running the migration. */
  readonly owner?: string;
  /**
   * PostgreSQL: a materialized view (`CREATE MATERIALIZED VIEW`), whose rows are stored and kept until
   * `REFRESH MATERIALIZED VIEW`. No check option.
   */
  readonly materialized?: boolean;
  /** A materialized view made empty (`WITH NO DATA`, unreadable until refreshed) when false; filled when it is made otherwise. */
  readonly withData?: boolean;
  /**
   * A materialized view's indexes, each a whole `CREATE [UNIQUE] INDEX ... ON view ...` (as pg_get_indexdef
   * prints it): made after the view, so that one made again keeps them.
   */
  readonly indexes?: readonly string[];
}

export interface ViewGrant {
  readonly role: string;
  readonly privileges: readonly string[];
  /** WITH GRANT OPTION: the role may grant them on. */
  readonly grantOption?: boolean;
}

export interface DropViewOp {
  readonly kind: "dropView";
  readonly name: string;
  readonly schema?: string;
  readonly ifExists?: boolean;
  /** `DROP MATERIALIZED VIEW` (PostgreSQL). */
  readonly materialized?: boolean;
  /** The view as it was, for the reverse. */
  readonly existing?: CreateViewOp;
}

export interface ExecuteOp {
  readonly kind: "execute";
  readonly sql: string;
  readonly params?: readonly unknown[];
}

export interface BulkInsertOp {
  readonly kind: "bulkInsert";
  readonly table: TableRef;
  readonly rows: readonly Readonly<Record<string, unknown>>[];
}

/** Several changes to one table, applied with a table rebuild where the dialect cannot ALTER (SQLite). */
export interface BatchAlterTableOp {
  readonly kind: "batchAlterTable";
  readonly table: TableRef;
  readonly ops: readonly TableAlteration[];
  /** "auto": rebuild only when an ALTER cannot do it; "always"; "never". */
  readonly recreate?: "auto" | "always" | "never";
  /**
   * Names for the unnamed constraints a SQLite rebuild writes (Alembic's batch `naming_convention`):
   * `{ ck: "ck_%(table_name)s_%(column_0_name)s", fk: "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", uq: ... }`.
   */
  readonly namingConvention?: BatchNamingConvention;
}

/** Templates with Alembic's tokens: %(table_name)s, %(column_0_name)s, %(column_0_N_name)s, %(referred_table_name)s, %(constraint_hash)s. */
export interface BatchNamingConvention {
  readonly ck?: string;
  readonly fk?: string;
  readonly uq?: string;
}

/** The ops a batch may hold: those that change one table. */
export type TableAlteration =
  | AddColumnOp
  | DropColumnOp
  | AlterColumnOp
  | CreateIndexOp
  | DropIndexOp
  | CreatePrimaryKeyOp
  | CreateForeignKeyOp
  | CreateUniqueConstraintOp
  | CreateCheckConstraintOp
  | DropConstraintOp;

export type Op =
  | CreateTableOp
  | DropTableOp
  | RenameTableOp
  | SetTableCommentOp
  | AddColumnOp
  | DropColumnOp
  | AlterColumnOp
  | CreateIndexOp
  | DropIndexOp
  | CreatePrimaryKeyOp
  | CreateForeignKeyOp
  | CreateUniqueConstraintOp
  | CreateCheckConstraintOp
  | DropConstraintOp
  | CreateSchemaOp
  | DropSchemaOp
  | CreateEnumOp
  | DropEnumOp
  | AddEnumValueOp
  | RecreateEnumOp
  | CreateSequenceOp
  | AlterSequenceOp
  | DropSequenceOp
  | CreateViewOp
  | DropViewOp
  | ExecuteOp
  | BulkInsertOp
  | BatchAlterTableOp;

export type OpKind = Op["kind"];

/**
 * The primary key's columns of a new table: its `primaryKey`, else the columns flagged `primaryKey` (none:
 * an empty list). A loop, not filter and map: a script compiles it for every createTable.
 */
export function primaryKeyColumns(table: { readonly primaryKey?: PrimaryKeyDef | undefined; readonly columns: readonly ColumnDef[] }): readonly string[] {
  if (table.primaryKey) return table.primaryKey.columns;
  const flagged: string[] = [];
  for (const c of table.columns) if (c.primaryKey) flagged.push(c.name);
  return flagged;
}

/** Turn "schema.table" or a TableRef into a TableRef. */
export function tableRef(table: string | TableRef): TableRef {
  if (typeof table !== "string") return table;
  const dot = table.indexOf(".");
  return dot > 0 ? { schema: table.slice(0, dot), name: table.slice(dot + 1) } : { name: table };
}

/** A short human description of an op, used in error messages: `createTable("users")`. */
export function describeOp(op: Op): string {
  const target = "table" in op && op.table ? (op.table.schema ? `${op.table.schema}.${op.table.name}` : op.table.name) : "";
  const name = "name" in op && typeof op.name === "string" ? op.name : "";
  const subject = [target, name].filter(Boolean).map((s) => `"${s}"`).join(", ");
  return `${op.kind}(${subject})`;
}
