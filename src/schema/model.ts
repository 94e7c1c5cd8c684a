import type { CheckDef, ColumnDef, CreateIndexOp, CreateSequenceOp, CreateViewOp, ForeignKeyDef, PrimaryKeyDef, TableRef, UniqueDef } from "../operations/ops.ts";

/**
 * A table as it stands in a database: reflected online, tracked from the ops of earlier revisions
 * offline, or declared in a schema module. Normal form (every producer gives it): a single unnamed
 * primary key column is flagged on its column, other keys are `primaryKey`; column-level UNIQUE, CHECK
 * and REFERENCES are in the table's lists; names the server made up are left out.
 */
export interface TableModel {
  readonly table: TableRef;
  readonly columns: readonly ColumnDef[];
  readonly primaryKey?: PrimaryKeyDef;
  readonly foreignKeys: readonly ForeignKeyDef[];
  readonly uniques: readonly UniqueDef[];
  readonly checks: readonly CheckDef[];
  readonly indexes: readonly CreateIndexOp[];
  readonly comment?: string;
  /**
   * The table's default collation, reflected where tables have one (MySQL's TABLE_COLLATION): what a
   * column without a collation of its own has. Not compared; it tells what a collation change converts.
   */
  readonly defaultCollation?: string;
  /**
   * Options written after the table's definition that the schema language has no words for (SQLite's
   * `WITHOUT ROWID` and `STRICT`, made by raw SQL), as written: reflected so that a table rebuild keeps
   * them. Not compared.
   */
  readonly tableOptions?: readonly string[];
}

/** A named enum type (PostgreSQL). Values in their declared order. */
export interface EnumModel {
  readonly name: string;
  readonly schema?: string;
  readonly values: readonly string[];
}

/**
 * A view: its SELECT as the database prints it (reflected: PostgreSQL's pg_get_viewdef, MySQL's
 * VIEW_DEFINITION with the view's own database left out of its names, SQLite's text as written), or as the
 * schema declares it (`view()`), or as the revisions made it (the offline history).
 */
export interface ViewModel {
  readonly name: string;
  readonly schema?: string;
  readonly query: string;
  /** `WITH LOCAL | CASCADED CHECK OPTION` (PostgreSQL, MySQL). */
  readonly checkOption?: "local" | "cascaded";
  /** A materialized view (PostgreSQL): compared, as a plain view and a materialized one are not the same object. */
  readonly materialized?: true;
  /** A materialized view made (or found) empty, `WITH NO DATA`: how it is made, never compared (REFRESH fills it). */
  readonly withData?: false;
  /**
   * What the database holds on the view that the schema language does not say (PostgreSQL: its comments,
   * privileges, owner, security options, a materialized view's indexes), as reflected: never compared; a
   * view made again keeps it.
   */
  readonly kept?: Omit<CreateViewOp, "kind" | "name" | "schema" | "query" | "checkOption" | "materialized" | "withData">;
}

/** A sequence that no column owns (serial and identity columns' own sequences are part of the column). */
export type SequenceModel = Omit<CreateSequenceOp, "kind" | "ifNotExists">;

/**
 * A whole database, as far as migrator manages it. Objects in the connection's default schema carry no
 * `schema`; objects elsewhere carry their schema's name. Every list is sorted (schema, then name), so two
 * reflections of one database are equal.
 */
export interface DatabaseModel {
  /** Schemas other than the default one that are in scope and exist. */
  readonly schemas: readonly string[];
  readonly tables: readonly TableModel[];
  readonly enums: readonly EnumModel[];
  readonly sequences: readonly SequenceModel[];
  /** The plain views in scope (not materialized ones); left out when there are none. */
  readonly views?: readonly ViewModel[];
  /**
   * Objects in scope that the schema language cannot express (triggers, functions, materialized views, and
   * views when the schema declares none), as "view active_users": reflected only to be listed, never
   * compared and never dropped.
   */
  readonly unmanaged?: readonly string[];
}

/** What to reflect. */
export interface ReflectScope {
  /** Schemas besides the default one (PostgreSQL; MySQL databases). Default: none. */
  readonly schemas?: readonly string[];
  /** Tables to leave out, e.g. the version table; checked before anything else about a table is read. */
  readonly skipTable?: (ref: TableRef) => boolean;
  /**
   * Keep the names the server made up for unnamed constraints (users_pkey, t_ibfk_1, CONSTRAINT_1)
   * instead of leaving them out: what a migration needs to drop one (op.inspect(), compile contexts).
   * Autogenerate leaves it off, so that a declared unnamed constraint matches.
   */
  readonly serverNames?: boolean;
}
