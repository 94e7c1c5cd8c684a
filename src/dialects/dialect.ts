import type { DatabaseUrl } from "../config/url.ts";
import type { ColumnDef, ColumnType, CreateViewOp, DefaultValue, GeneratedStorage, Op, TableRef } from "../operations/ops.ts";
import type { DatabaseModel, ReflectScope, TableModel } from "../schema/model.ts";
import type { Connection, Lock } from "./connection.ts";
import type { QuoteSyntax } from "./sql/placeholders.ts";

/** What a dialect can do. Core code asks these, never the dialect's name. */
export interface Capabilities {
  /** DDL runs inside transactions and rolls back (PostgreSQL, SQLite); MySQL commits DDL implicitly. */
  readonly transactionalDdl: boolean;
  /** ALTER TABLE can change a column's type, nullability or default (SQLite cannot: batch mode). */
  readonly alterColumn: boolean;
  /** ALTER TABLE can add and drop constraints (SQLite cannot: batch mode). */
  readonly alterConstraints: boolean;
  /**
   * A column's type or collation can change while a foreign key uses it (PostgreSQL; SQLite rebuilds). MySQL
   * refuses ("used in a foreign key constraint"): autogenerate drops such keys first and adds them back after.
   */
  readonly alterKeyColumnType: boolean;
  /**
   * A column's type or collation can change while a generated column reads it (MySQL; SQLite rebuilds).
   * PostgreSQL refuses ("cannot alter type of a column used by a generated column"): autogenerate drops
   * such generated columns before the change and adds them back after (recomputed).
   */
  readonly alterGeneratedBaseType: boolean;
  /**
   * A view is bound to the columns it reads: the server refuses to change their type or collation, or to drop
   * them or their table, while it exists (PostgreSQL). Autogenerate drops such views before a type change and
   * re-creates them after, and reports a drop it cannot make.
   */
  readonly viewsBindColumns: boolean;
  /** CREATE MATERIALIZED VIEW (PostgreSQL): a schema may declare materialized views. */
  readonly materializedViews: boolean;
  /**
   * A primary key has a name of its own. Not on MySQL, where every one is PRIMARY: a drop of the primary key
   * drops it whatever name the op gives (the offline tracker follows, SchemaTracker).
   */
  readonly primaryKeyNames: boolean;
  /**
   * A foreign key needs an index whose first columns are its own, and the server refuses to drop the last
   * one ("needed in a foreign key constraint"): autogenerate drops the key around such a drop and adds it back.
   */
  readonly foreignKeyNeedsIndex: boolean;
  /**
   * A foreign key depends on the unique key, primary key or unique index of the columns it references, and
   * the server refuses to drop that while the key exists (PostgreSQL: "cannot drop constraint ... because
   * other objects depend on it"): autogenerate drops the key around such a drop. MySQL needs only an index
   * there (foreignKeyNeedsIndex); SQLite rebuilds the table.
   */
  readonly foreignKeyNeedsUniqueKey: boolean;
  /**
   * alterColumn's `using` expression converts the values when a type changes (PostgreSQL's ALTER COLUMN ...
   * TYPE ... USING); elsewhere the server converts them itself (MySQL's MODIFY) or the rebuild copies them.
   */
  readonly alterColumnUsing: boolean;
  /**
   * A unique index and a unique constraint are one object (MySQL's UNIQUE KEY, which reflection reads as a
   * constraint): offline, either form made by the history matches either form declared.
   */
  readonly uniqueIndexIsConstraint: boolean;
  /**
   * An AUTO_INCREMENT column must lead a key, and the server refuses to drop the last one ("there can be
   * only one auto column and it must be defined as a key": MySQL): autogenerate stops the column counting
   * while the primary key it leads is replaced.
   */
  readonly autoincrementNeedsKey: boolean;
  /**
   * A foreign key's RESTRICT is NO ACTION (InnoDB checks both at once, and the server reads both back as the
   * default); elsewhere RESTRICT is checked at once and NO ACTION at the end of the statement.
   */
  readonly restrictIsNoAction: boolean;
  /** Schemas (namespaces) other than the database itself. */
  readonly schemas: boolean;
  /** Named enum types (PostgreSQL). */
  readonly enumTypes: boolean;
  /** Sequences as objects of their own. */
  readonly sequences: boolean;
  /** Partial indexes (CREATE INDEX ... WHERE). */
  readonly partialIndexes: boolean;
  /** Indexes on expressions (`{ expression: "lower(email)" }`); MariaDB has none, MySQL from 8.0.13. */
  readonly expressionIndexes: boolean;
  /** Comments on tables and columns. */
  readonly comments: boolean;
  /** Generated columns computed on read (`generated: { sql, stored: false }`): MySQL, MariaDB, SQLite, PostgreSQL from 18. */
  readonly virtualGeneratedColumns: boolean;
  /**
   * A generated column can stop being computed and keep the values it holds (alterColumn `generated: null`):
   * a STORED one on PostgreSQL 13+ (DROP EXPRESSION) and MySQL / MariaDB (MODIFY), a VIRTUAL one too where
   * the table is rebuilt (SQLite) or the column made anew beside it and filled from it (MySQL / MariaDB:
   * virtual_swap.ts). Elsewhere autogenerate drops the column and adds it again, and says so.
   */
  readonly keepsGeneratedValues: Readonly<Record<GeneratedStorage, boolean>>;
  /**
   * A generated column takes a new expression in place, recomputed, its storage unchanged (alterColumn
   * `generated: { sql }`): PostgreSQL 17+ SET EXPRESSION (a VIRTUAL column from 18), MySQL / MariaDB MODIFY,
   * a SQLite rebuild. Elsewhere autogenerate drops the column and adds it again, with its indexes and keys.
   */
  readonly generatedExpressionInPlace: Readonly<Record<GeneratedStorage, boolean>>;
  /** UNIQUE ... NULLS NOT DISTINCT (PostgreSQL 15+). */
  readonly nullsNotDistinct: boolean;
  /** Covering indexes: non-key columns stored in an index (`include`, CREATE INDEX ... INCLUDE: PostgreSQL). */
  readonly coveringIndexes: boolean;
  /** NULLS FIRST / LAST on an index key (`nulls`: PostgreSQL); elsewhere NULLs sort where the server puts them. */
  readonly indexNullsOrder: boolean;
  /** An operator class on an index key (`opclass`: "text_pattern_ops", "jsonb_path_ops": PostgreSQL). */
  readonly operatorClasses: boolean;
  /**
   * A collation belongs to a character set, named before its first "_" (utf8mb4_bin is utf8mb4's), and a
   * change to another set converts the column's values (MySQL); elsewhere a collation only orders them.
   */
  readonly collationCharacterSets: boolean;
  /** Longest identifier the server keeps (PostgreSQL 63 bytes, MySQL 64 characters); 0 for no limit. */
  readonly maxIdentifierLength: number;
}

/** One SQL statement to run or print. */
export interface Statement {
  readonly sql: string;
  readonly params?: readonly unknown[];
  /** Must run outside a transaction (CREATE INDEX CONCURRENTLY, some ALTER TYPE ... ADD VALUE). */
  readonly autocommit?: boolean;
}

/** A column whose type is a named type or an array of it (see TypeUsage). */
export interface TypedColumn {
  readonly table: TableRef;
  readonly column: string;
  /** The column is an array of the type (mood[]). */
  readonly array: boolean;
  /** The column's server default, which names the type and so must be set again after it changes. */
  readonly default?: DefaultValue;
}

/** A foreign key with a column of a named type on either side (see TypeUsage). */
export interface TypedForeignKey {
  readonly table: TableRef;
  readonly name: string;
  /** The constraint as written after ADD CONSTRAINT name: "FOREIGN KEY (a) REFERENCES t(b) ...". */
  readonly definition: string;
}

/** What uses a named type, which recreating the type must carry over (see CompileContext.typeUsage). */
export interface TypeUsage {
  /** The schema the type lives in: online, the one the search_path finds for a type named without one. */
  readonly schema?: string;
  readonly columns: readonly TypedColumn[];
  /** Foreign keys between columns of the type: dropped while the columns change type, then added again. */
  readonly foreignKeys: readonly TypedForeignKey[];
  /** Other objects that depend on the type (views, domains, functions, partition keys), described: the change is refused while any exist. */
  readonly blockers: readonly string[];
}

/** What the compiler may need beyond the op itself. */
export interface CompileContext {
  /** The current definition of a table: reflected online, tracked from earlier ops offline. */
  table(ref: { readonly name: string; readonly schema?: string }): Promise<TableModel | undefined>;
  /**
   * Offline, why a table table() does not answer is not known beyond "no earlier op made it": a revision
   * before the script's range that could not be replayed (SchemaTracker.distrust). For the refusal's text.
   */
  unknownReason?(ref: { readonly name: string; readonly schema?: string }): string | undefined;
  /** Called after each op is compiled, so that an offline context can track the schema the ops build. */
  record?(op: Op): void;
  /** The whole database (op.inspect()): reflected with the server's constraint names online, tracked offline. */
  model?(): Promise<DatabaseModel>;
  /**
   * Online, what uses the named type (or an array of it) in every schema, read from the catalog
   * (recreateEnum). Absent offline: the compiler looks in model()'s tracked tables.
   */
  typeUsage?(type: { readonly name: string; readonly schema?: string }): Promise<TypeUsage>;
  /**
   * Online, the triggers on the table, read from the catalog, which a table rebuild (SQLite batch mode)
   * re-creates, as dropping the table drops them. Absent offline: a trigger made by raw SQL is not known.
   */
  triggers?(table: { readonly name: string; readonly schema?: string }): Promise<readonly TriggerSql[]>;
  /**
   * Online, what is bound to the columns (`null`: to any column of the table), read from the catalog when the
   * op runs: the views an ALTER COLUMN ... TYPE, or a recreateEnum, drops and makes again around itself
   * (PostgreSQL refuses those under them). Absent offline: views made by raw SQL are not known.
   */
  viewsOver?(columns: readonly BoundColumn[]): Promise<ViewsOver>;
  /**
   * Online, what dropping the column would take with it that the table's model cannot make again (PostgreSQL:
   * an exclusion constraint, a deferrable key, extended statistics, column privileges), described: an op that
   * drops a column and adds it back refuses to lose them. Absent offline.
   */
  lostWithColumn?(table: TableRef, column: string): Promise<readonly string[]>;
}

/** A column (`column` null: any column of the table) whose bindings are asked for (CompileContext.viewsOver). */
export interface BoundColumn {
  readonly table: TableRef;
  readonly column: string | null;
}

/**
 * What the server binds to a column of a table (and of its partitions), refusing to change its type or drop
 * it while they exist (PostgreSQL; see CompileContext.viewsOver).
 */
export interface ViewsOver {
  /** The views that read it, and the views that read those, in the order they can be made again. */
  readonly views: readonly CreateViewOp[];
  /**
   * Those that cannot be dropped and made again as they are (a materialized view, a view with an INSTEAD OF
   * trigger...), and why; `onlyMaterialized`: nothing but its being a materialized view (which a revision
   * that drops and makes it again itself, a declared one, does not mind).
   */
  readonly blockers: readonly { readonly view: string; readonly why: string; readonly at: TableRef; readonly onlyMaterialized: boolean }[];
  /** Triggers, row-level security policies and SQL-body functions that read it: not carried, reported. */
  readonly bindings: readonly ColumnBinding[];
}

/** A trigger (WHEN, UPDATE OF), policy or SQL-body function that reads a column, with the statements that drop it and make it again. */
export interface ColumnBinding {
  readonly kind: "trigger" | "policy" | "function";
  readonly name: string;
  /** The table of a trigger or policy, dropped with it; none for a function. */
  readonly owner?: TableRef;
  readonly drop: string;
  readonly create: string;
}

/** A trigger as its CREATE TRIGGER statement (see CompileContext.triggers). */
export interface TriggerSql {
  readonly name: string;
  readonly sql: string;
}

/** SQL for the version table, built by the dialect with its own quoting. */
export interface VersionTableSql {
  /** The table's name as written in SQL (quoted, schema-qualified). */
  readonly name: string;
  create(ifNotExists: boolean): string;
  drop(): string;
  select(): string;
  /** A query that returns a row when the table exists. */
  exists(): Statement;
  insert(version: string): Statement;
  delete(version: string): Statement;
  update(from: string, to: string): Statement;
}

export interface VersionTableName {
  readonly name: string;
  readonly schema: string | null;
}

export interface ConnectOptions {
  /** Milliseconds to wait for a server to accept the connection; 0 waits as long as it takes. */
  readonly timeoutMs: number;
  /** What set timeoutMs, for the error when it passes ("--connect-timeout", "connect_timeout in migrator.ini"). */
  readonly timeoutFrom?: string;
  /** Milliseconds an embedded database waits for another writer (SQLite busy_timeout); timeoutMs if unset. */
  readonly busyTimeoutMs?: number;
  /**
   * Milliseconds a statement may wait for a lock another session holds (PostgreSQL lock_timeout in each
   * transaction, MySQL lock_wait_timeout and innodb_lock_wait_timeout); 0 or unset: the server's own setting.
   */
  readonly tableLockTimeoutMs?: number;
  /** A statement waits for such a lock, and who holds it was found: ": pid 4242 (...)" (once per statement). */
  readonly onLockWait?: (who: string) => void;
  /** Only reads will follow (current, history -i): an embedded database is neither created nor written. */
  readonly readOnly?: boolean;
  /**
   * Milliseconds a statement may go without the server answering, neither on the session nor a check from a
   * second one (`network_timeout`), before the session counts as lost (liveness_watch.ts); 0 or unset: never.
   */
  readonly networkTimeoutMs?: number;
  /** What set networkTimeoutMs, for the error when it passes ("--network-timeout", "network_timeout in migrator.ini"). */
  readonly networkTimeoutFrom?: string;
  /**
   * The statement the session will run first, read-only (readHeads' check that the version table exists): a
   * dialect may send it with the statements of its own connect, in the same round trip, and answer the
   * session's first query() of that statement from it. A session whose first statement is another never
   * sees that answer. A dialect may also ignore it.
   */
  readonly firstQuery?: Statement;
}

/** Where an offline script sets its lock wait deadline (Dialect.scriptLockTimeout). */
export interface ScriptLockTimeout {
  /** At the script's start, for the whole session. */
  readonly session?: string;
  /** After each BEGIN, for that transaction (a session setting would stay on a pooled server connection). */
  readonly transaction?: string;
}

export interface LockOptions {
  /** Milliseconds to wait for another process's lock before failing with LockTimeoutError. */
  readonly timeoutMs: number;
  /** A key naming what is locked (the version table), so that two projects on one server do not block each other. */
  readonly key: string;
  /**
   * Called when the lock is held by another process and this one starts waiting. A dialect whose wait
   * blocks the event loop (SQLite's busy timeout) calls it; for the others a timer in the session does.
   */
  readonly onWait?: () => void;
  /** The run commits after each revision (transaction_per_migration): a lock that ends with a transaction cannot cover it. */
  readonly commitsPerRevision?: boolean;
}

export interface Dialect {
  readonly name: string;
  readonly capabilities: Capabilities;
  /** The words an offline script starts and commits a transaction with (online, Connection.begin/commit). */
  readonly begin: string;
  readonly commit: string;
  /**
   * Whether a statement commits the open transaction by itself (MySQL's DDL), leaving the session in
   * autocommit. Absent: no statement does (transactional DDL). The runtime's Transaction asks this, and
   * nothing else decides it.
   */
  commitsImplicitly?(sql: string): boolean;
  /** Compile one operation into the statements that carry it out. */
  compile(op: Op, ctx: CompileContext): Promise<Statement[]>;
  /**
   * The SQL type a portable column type is written as (`timestamp` → `DATETIME(6)` on MySQL); with the
   * column, as written for that column where a dialect writes some otherwise (SQLite: an autoincrementing
   * key is INTEGER, whatever its declared type).
   */
  columnType(type: ColumnType, column?: ColumnDef): string;
  /**
   * Offline, what the server does to a table by itself beside an op, kept with the tracked table `after` that
   * the op made of `before` (undefined: the op created it), or changed by the way (a renamed column's
   * references): MySQL's indexes that InnoDB makes for foreign keys and drops once another serves them
   * (mysql/tracked_indexes.ts). Absent: the ops alone tell a table.
   */
  followTrackedTable?(before: TableModel | undefined, after: TableModel, op: Op): void;
  /** Quote an identifier (table, column, index name). */
  quoteIdentifier(name: string): string;
  /** Render a value as an SQL literal, for offline scripts. */
  literal(value: unknown): string;
  /** The dialect's lexical rules (quotes, comments), for finding placeholders and splitting SQL scripts. */
  readonly quoteSyntax: QuoteSyntax;
  /** A statement as a line of an offline script, with its terminator (MySQL: DELIMITER around compound statements). */
  scriptStatement(sql: string): string;
  /**
   * The statements that give an offline script's lock waits the deadline an online run has (table_lock_timeout,
   * never raising the server's own): at the script's start, for the session, or after each BEGIN, for the
   * transaction. Absent: the dialect's scripts have none.
   */
  scriptLockTimeout?(timeoutMs: number): ScriptLockTimeout;
  /** Replace the bound parameters of a statement with literals, for offline scripts. */
  inline(statement: Statement): string;
  versionTable(table: VersionTableName): VersionTableSql;
  /** Open a session on the database the URL names. */
  connect(url: DatabaseUrl, options: ConnectOptions): Promise<Connection>;
  /**
   * This dialect as the server behind `conn` has it: capabilities (and the SQL that depends on them)
   * refined by what the connection read at connect, such as the server's version. A session uses the
   * dialect it returns; offline runs keep the static one, which assumes the oldest supported server.
   */
  forServer?(conn: Connection): Dialect;
  /**
   * This dialect for a server of the version the user names for an offline script (`server_version`):
   * "16", "8.0.36", "MariaDB 10.11". Throws a ConfigError when the text names no version of this dialect.
   */
  forVersion?(version: string): Dialect;
  /** Take the migration lock; waits up to options.timeoutMs. */
  lock(conn: Connection, url: DatabaseUrl, options: LockOptions): Promise<Lock>;
  /** Read a table's definition from the live database (batch mode, MySQL column changes). */
  reflectTable(
    conn: Connection,
    ref: { readonly name: string; readonly schema?: string },
    options?: Pick<ReflectScope, "serverNames">,
  ): Promise<TableModel | undefined>;
  /**
   * Read every table, enum and sequence in scope with one catalog query per kind of object (not per
   * table), in the model's normal form, sorted. The basis of autogenerate's "what the database has".
   */
  reflect(conn: Connection, scope: ReflectScope): Promise<DatabaseModel>;
  /** What is bound to a column (see CompileContext.viewsOver): dialects whose views bind columns (Capabilities.viewsBindColumns). */
  viewsOver?(conn: Connection, columns: readonly BoundColumn[]): Promise<ViewsOver>;
  /** What dropping a column would lose beyond the table's model (see CompileContext.lostWithColumn). */
  lostWithColumn?(conn: Connection, table: TableRef, column: string): Promise<readonly string[]>;
  /** What uses a named type, in every schema (see CompileContext.typeUsage): dialects with enum types. */
  typeUsage?(conn: Connection, type: { readonly name: string; readonly schema?: string }): Promise<TypeUsage>;
  /** The triggers on a table (see CompileContext.triggers): dialects whose table rebuild drops them. */
  tableTriggers?(conn: Connection, table: { readonly name: string; readonly schema?: string }): Promise<readonly TriggerSql[]>;
  /**
   * Open a scratch place where autogenerate creates the declared schema for the server to normalise
   * (types, defaults, CHECK text), apart from the database's own objects: PostgreSQL a transaction with
   * scratch schemas first on the search_path, MySQL a scratch database, SQLite an in-memory database.
   */
  scratch(conn: Connection, schemas: readonly string[]): Promise<Scratch>;
  /**
   * Tables from SQL text of CREATE TABLE / CREATE INDEX statements, read without a server (an offline
   * run's baseline). Only dialects that can parse their DDL offline have it (SQLite, libSQL: an
   * in-memory database reads it).
   */
  readSchemaSql?(sql: string): Promise<DatabaseModel>;
  /**
   * Schema-per-tenant fleets (`--schemas PATTERN`): the tenants one server holds and how a session
   * points at one. Only dialects with such tenants have it (PostgreSQL schemas, MySQL databases).
   */
  readonly tenants?: Tenants;
}

/** See Dialect.tenants. */
export interface Tenants {
  /** What one tenant is called in messages: "schema" (PostgreSQL), "database" (MySQL). */
  readonly noun: string;
  /** Every tenant the session can see, sorted, without the server's own (pg_catalog, mysql, ...). */
  list(conn: Connection): Promise<string[]>;
  /** The URL of the tenant `name` on the server of `url`, and the schema its version table lives in. */
  target(url: DatabaseUrl, name: string): { readonly url: string; readonly versionTableSchema: string | null };
}

/** See Dialect.scratch. */
export interface Scratch {
  /** Where to create and reflect the declared objects (the same session, or another database). */
  readonly conn: Connection;
  /**
   * The schema to create a declared object in: `undefined` (the scratch's default) for the default
   * schema, a scratch schema's name for a declared schema.
   */
  schema(declared: string | undefined): string | undefined;
  /**
   * The other way: the schema a reflected name in the scratch stands for. The scratch default's own
   * name (which a reference from a declared schema into the default one reads back as) gives the real
   * default schema's name; a name the scratch did not make comes back as it is.
   */
  declaredName(scratchName: string): string;
  /**
   * The scratch default's own name (the schema or database made for the default one), for a key from a
   * declared schema into the default one: a key without a schema means its own table's. None (SQLite):
   * no other schema.
   */
  readonly defaultSchema?: string;
  /**
   * Table options to add to the CREATE TABLE of a declared table (its name in the scratch), so that it
   * is made as the real table is: MySQL gives a table that exists with its own default collation that
   * collation (" DEFAULT COLLATE utf8mb4_general_ci"), so that a column with no collation declared
   * reads back as the real table's default, not the database's. "" or absent: none.
   */
  tableOptions?(table: TableRef): string;
  /** Undo everything made in the scratch (roll back, drop the scratch database, close it). */
  release(): Promise<void>;
}
