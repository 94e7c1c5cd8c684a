import { MigratorError, OperationArgumentError } from "../errors.ts";
import type { Capabilities } from "../dialects/dialect.ts";
import type { QuoteSyntax } from "../dialects/sql/placeholders.ts";
import { batchBuilder, type BatchOperations } from "./batch.ts";
import {
  type AddEnumValueOp,
  type BatchNamingConvention,
  type AlterColumnOp,
  type CheckDef,
  type ColumnDef,
  type CreateIndexOp,
  type AlterSequenceOp,
  type CreateSequenceOp,
  type CreateViewOp,
  type DropViewOp,
  type ForeignKeyDef,
  type IndexColumn,
  type Op,
  type PrimaryKeyDef,
  type TableRef,
  type UniqueDef,
  tableRef,
} from "./ops.ts";
import { constraintType, type ConstraintTypeName } from "./constraint_type.ts";
import { isSqlFragment, type SqlFragment } from "./sql_tag.ts";
import { snapshot } from "./snapshot.ts";
import { validateOp } from "./validate.ts";
import type { DatabaseModel } from "../schema/model.ts";

/** Where ops go: executed on a live database, or printed as an offline script. */
export interface OpSink {
  run(op: Op): Promise<void>;
  query(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Run `fn` outside the migration's transaction (commit before, begin again after). */
  autocommit(fn: () => Promise<void>): Promise<void>;
  literal(value: unknown): string;
  /** An identifier quoted the dialect's way. */
  quote(name: string): string;
  /** The database as it stands: reflected (with the server's constraint names) online, tracked offline. */
  inspect(): Promise<DatabaseModel>;
}

export interface TableOptions {
  primaryKey?: PrimaryKeyDef;
  foreignKeys?: readonly ForeignKeyDef[];
  uniques?: readonly UniqueDef[];
  checks?: readonly CheckDef[];
  comment?: string;
  ifNotExists?: boolean;
}

export interface IndexOptions {
  unique?: boolean;
  where?: string;
  method?: string;
  concurrently?: boolean;
  ifNotExists?: boolean;
  /** With unique: NULLs count as equal, so one NULL at most (PostgreSQL 15+). */
  nullsNotDistinct?: boolean;
  /** Non-key columns stored in the index (INCLUDE: PostgreSQL). */
  include?: readonly string[];
}

/** The object form of op.dropConstraint: the constraint found by structure. */
export interface ConstraintQueryArgument {
  table: string | TableRef;
  name?: string;
  type?: ConstraintTypeName;
  columns?: readonly string[];
  check?: string;
  ifExists?: boolean;
}

type AlterColumnChanges = Omit<AlterColumnOp, "kind" | "table" | "column">;

/**
 * The `op` object a migration's upgrade() and downgrade() receive. Each method builds an op (plain data)
 * and hands it to the sink. Calls run in the order they are made, whether or not the migration awaits them.
 */
export class Operations {
  #chain: Promise<void> = Promise.resolve();
  #failure: { error: unknown } | undefined;

  constructor(
    private readonly sink: OpSink,
    /** Facts about the run a migration may read. */
    readonly context: {
      /** Dialect name, for the rare migration that must branch on it. */
      readonly dialect: string;
      readonly capabilities: Capabilities;
      /** The dialect's lexical rules, for splitting SQL scripts. */
      readonly quoteSyntax: QuoteSyntax;
      /** True when printing an offline script (`--sql`): `query` is not available. */
      readonly offline: boolean;
      /** `-x key=value` arguments. */
      readonly x: Readonly<Record<string, string>>;
      /** The config section's keys. */
      readonly config: Readonly<Record<string, string>>;
    },
  ) {}

  #nameLimit() {
    return { maxBytes: this.context.capabilities.maxIdentifierLength, dialect: this.context.dialect };
  }

  /** Wait for every op issued so far; rejects with the first failure. The runtime calls it after upgrade()/downgrade(). */
  async flush(): Promise<void> {
    await this.#chain;
    if (this.#failure) throw this.#failure.error;
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(() => {
      if (this.#failure) throw this.#failure.error;
      return task();
    });
    // The chain's rejection handler is also `next`'s: a migration may not await its ops, and a failure is
    // then not an unhandled rejection; flush() reports it.
    this.#chain = next.then(ignore, this.#failed);
    return next;
  }

  /** The first failure of an op: every later op fails with it too (see #enqueue), and flush() throws it. */
  readonly #failed = (error: unknown): void => {
    this.#failure ??= { error };
  };

  /** Run an op built by hand (or by autogenerate). Its arguments are checked first (validate.ts). */
  run(op: Op): Promise<void> {
    return this.#issue(op, (data) => data);
  }

  /**
   * Take an op's arguments as they are now (it runs after the ops queued before it, and the migration may
   * change its arrays meanwhile), then build, check and run the op in its turn.
   */
  #issue<T>(args: T, build: (args: T) => Op): Promise<void> {
    let data: T;
    try {
      data = snapshot(args);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      const refused = new OperationArgumentError("An op's arguments contain themselves (a cycle) or are nested too deeply; pass plain data", { cause: error });
      return this.#enqueue(() => Promise.reject(refused));
    }
    return this.#enqueue(() => {
      const op = build(data);
      validateOp(op, this.#nameLimit());
      return this.sink.run(op);
    });
  }

  // ---- tables --------------------------------------------------------------------------------

  createTable(table: string | TableRef, columns: readonly ColumnDef[], options: TableOptions = {}): Promise<void> {
    return this.run({ kind: "createTable", table: tableRef(table), columns, ...options });
  }

  dropTable(table: string | TableRef, options: { ifExists?: boolean } = {}): Promise<void> {
    return this.run({ kind: "dropTable", table: tableRef(table), ...options });
  }

  renameTable(table: string | TableRef, newName: string): Promise<void> {
    return this.run({ kind: "renameTable", table: tableRef(table), newName });
  }

  setTableComment(table: string | TableRef, comment: string | null, options: { existingComment?: string | null } = {}): Promise<void> {
    return this.run({ kind: "setTableComment", table: tableRef(table), comment, ...options });
  }

  // ---- columns -------------------------------------------------------------------------------

  addColumn(table: string | TableRef, column: ColumnDef): Promise<void> {
    return this.run({ kind: "addColumn", table: tableRef(table), column });
  }

  /** `ifExists`: nothing happens when the column is not there (looked up online, tracked offline). */
  dropColumn(table: string | TableRef, column: string, options: { existing?: ColumnDef; ifExists?: boolean } = {}): Promise<void> {
    return this.run({ kind: "dropColumn", table: tableRef(table), column, ...options });
  }

  alterColumn(table: string | TableRef, column: string, changes: AlterColumnChanges): Promise<void> {
    return this.run({ kind: "alterColumn", table: tableRef(table), column, ...changes });
  }

  // ---- indexes and constraints ---------------------------------------------------------------

  createIndex(name: string, table: string | TableRef, columns: readonly IndexColumn[], options: IndexOptions = {}): Promise<void> {
    const op: CreateIndexOp = { kind: "createIndex", name, table: tableRef(table), columns, ...options };
    return this.run(op);
  }

  dropIndex(name: string, table?: string | TableRef, options: { ifExists?: boolean; concurrently?: boolean } = {}): Promise<void> {
    return this.run({ kind: "dropIndex", name, ...(table !== undefined ? { table: tableRef(table) } : {}), ...options });
  }

  createPrimaryKey(name: string, table: string | TableRef, columns: readonly string[]): Promise<void> {
    return this.run({ kind: "createPrimaryKey", name, table: tableRef(table), columns });
  }

  createForeignKey(
    name: string,
    table: string | TableRef,
    refTable: string,
    columns: readonly string[],
    refColumns: readonly string[],
    options: Omit<ForeignKeyDef, "name" | "columns" | "refTable" | "refColumns"> = {},
  ): Promise<void> {
    return this.run({ kind: "createForeignKey", name, table: tableRef(table), foreignKey: { columns, refTable, refColumns, ...options } });
  }

  createUniqueConstraint(name: string, table: string | TableRef, columns: readonly string[], options: { nullsNotDistinct?: boolean } = {}): Promise<void> {
    return this.run({ kind: "createUniqueConstraint", name, table: tableRef(table), columns, ...options });
  }

  /** `name` null: an unnamed CHECK, as ORMs make them (the server may name it; op.inspect() finds that name). */
  createCheckConstraint(name: string | null, table: string | TableRef, condition: string): Promise<void> {
    const op = { kind: "createCheckConstraint", table: tableRef(table), condition } as const;
    return this.run(name === null ? op : { ...op, name });
  }

  /**
   * Drop a constraint by name (`type`: needed on MySQL when the table is not known: "primary", "foreign"
   * or Alembic's "foreignkey", "unique", "check"), or one found by its structure:
   * `{ table, type: "foreign", columns: [...] }`, `{ table, type: "check", columns: [...] }` (the CHECK
   * that mentions them), `{ table, check: "flag IN (0, 1)" }`, `{ table, type: "primary" }`.
   * `ifExists`: nothing happens when there is no such constraint.
   */
  dropConstraint(name: string, table: string | TableRef, options?: { type?: ConstraintTypeName; ifExists?: boolean }): Promise<void>;
  dropConstraint(query: ConstraintQueryArgument): Promise<void>;
  dropConstraint(
    name: string | ConstraintQueryArgument,
    table?: string | TableRef,
    options: { type?: ConstraintTypeName; ifExists?: boolean } = {},
  ): Promise<void> {
    // Built inside the chain: a wrong type fails this revision like any failing op.
    return this.#issue({ name, table, options }, ({ name, table, options }): Op => {
      if (typeof name === "object" && name !== null) {
        const { table: t, type, ...query } = name;
        const kind = constraintType(type, "dropConstraint({ ... })");
        return { kind: "dropConstraint", table: tableRef(t), ...query, ...(kind ? { type: kind } : {}) };
      }
      const { type, ...rest } = options;
      const kind = constraintType(type, `dropConstraint("${name}")`);
      return { kind: "dropConstraint", name, table: tableRef(table as string | TableRef), ...rest, ...(kind ? { type: kind } : {}) };
    });
  }

  // ---- schemas, enums, sequences -------------------------------------------------------------

  createSchema(name: string, options: { ifNotExists?: boolean } = {}): Promise<void> {
    return this.run({ kind: "createSchema", name, ...options });
  }

  dropSchema(name: string, options: { ifExists?: boolean; cascade?: boolean } = {}): Promise<void> {
    return this.run({ kind: "dropSchema", name, ...options });
  }

  createEnum(name: string, values: readonly string[], options: { schema?: string } = {}): Promise<void> {
    return this.run({ kind: "createEnum", name, values, ...options });
  }

  dropEnum(name: string, options: { schema?: string; ifExists?: boolean } = {}): Promise<void> {
    return this.run({ kind: "dropEnum", name, ...options });
  }

  addEnumValue(name: string, value: string, options: Omit<AddEnumValueOp, "kind" | "name" | "value"> = {}): Promise<void> {
    return this.run({ kind: "addEnumValue", name, value, ...options });
  }

  /**
   * Give an enum type new values, some removed or moved (PostgreSQL): the type is recreated and every
   * column using it converted, in the migration's transaction; a row holding a removed value fails the
   * revision. `previous` (the values as they were) lets autogenerate write the reverse.
   */
  recreateEnum(name: string, options: { values: readonly string[]; previous?: readonly string[]; schema?: string }): Promise<void> {
    return this.run({ kind: "recreateEnum", name, ...options });
  }

  createSequence(name: string, options: Omit<CreateSequenceOp, "kind" | "name"> = {}): Promise<void> {
    return this.run({ kind: "createSequence", name, ...options });
  }

  /**
   * `ALTER SEQUENCE` (PostgreSQL): the options given take these values, `minValue: null` / `maxValue: null`
   * put a bound back to its default (NO MINVALUE / NO MAXVALUE); the others keep theirs, even when
   * `increment` changes sign. The sequence's current value is not changed: `start` is the value a later
   * `ALTER SEQUENCE ... RESTART` goes back to. `existing` (its options before) makes the op reversible.
   */
  alterSequence(name: string, options: Omit<AlterSequenceOp, "kind" | "name">): Promise<void> {
    return this.run({ kind: "alterSequence", name, ...options });
  }

  dropSequence(name: string, options: { schema?: string; ifExists?: boolean } = {}): Promise<void> {
    return this.run({ kind: "dropSequence", name, ...options });
  }

  // ---- views ------------------------------------------------------------------------------------

  /**
   * `CREATE VIEW name AS query`, with its check option, security options, comment and grants; with
   * `materialized: true`, `CREATE MATERIALIZED VIEW` (PostgreSQL), filled unless `withData: false`.
   */
  createView(name: string, query: string, options: Omit<CreateViewOp, "kind" | "name" | "query"> = {}): Promise<void> {
    return this.run({ kind: "createView", name, query, ...options });
  }

  /** `DROP VIEW name` (`materialized: true`: DROP MATERIALIZED VIEW); `existing` (the view as it was) makes it reversible. */
  dropView(name: string, options: Omit<DropViewOp, "kind" | "name"> = {}): Promise<void> {
    return this.run({ kind: "dropView", name, ...options });
  }

  // ---- data ----------------------------------------------------------------------------------

  /** Run SQL. Bind values with `?` placeholders and `params`, or write it with the `sql` tag. */
  execute(statement: string | SqlFragment, params: readonly unknown[] = []): Promise<void> {
    const { sql, values } = isSqlFragment(statement) ? statement : { sql: statement, values: params };
    return this.run(values.length > 0 ? { kind: "execute", sql, params: values } : { kind: "execute", sql });
  }

  bulkInsert(table: string | TableRef, rows: readonly Readonly<Record<string, unknown>>[]): Promise<void> {
    return this.run({ kind: "bulkInsert", table: tableRef(table), rows });
  }

  /** Read rows (data migrations). Not available offline: an offline script cannot see the data. */
  query<T extends Record<string, unknown> = Record<string, unknown>>(statement: string | SqlFragment, params: readonly unknown[] = []): Promise<T[]> {
    if (this.context.offline) {
      return Promise.reject(
        new MigratorError("op.query() needs a live database: an offline (--sql) script cannot read rows; run this revision online"),
      );
    }
    const { sql, values } = isSqlFragment(statement) ? statement : { sql: statement, values: params };
    return this.#enqueue(() => this.sink.query(sql, values)) as Promise<T[]>;
  }

  /** A value as an SQL literal of this dialect, for SQL written by hand into offline scripts. */
  inlineLiteral(value: unknown): string {
    return this.sink.literal(value);
  }

  /** An identifier quoted the dialect's way, for SQL written by hand: `key` on MySQL, "key" elsewhere. */
  quote(name: string): string {
    if (typeof name !== "string" || name === "") throw new OperationArgumentError(`op.quote() takes a non-empty name; got ${JSON.stringify(name) ?? String(name)}`);
    return this.sink.quote(name);
  }

  /**
   * The database as the ops issued so far left it: online, reflected (tables, columns, constraints and
   * indexes, with the names the server gave unnamed constraints); offline, the tables the earlier ops
   * built (and the baseline schema). The version table is left out. Waits for the ops issued before it.
   */
  inspect(): Promise<DatabaseModel> {
    return this.#enqueue(() => this.sink.inspect());
  }

  /** Run statements that cannot run inside a transaction (e.g. CREATE INDEX CONCURRENTLY). */
  autocommit(fn: () => Promise<void> | void): Promise<void> {
    return this.#enqueue(() =>
      this.sink.autocommit(async () => {
        // Ops issued inside fn chain on their own, or they would wait for this very task.
        const outer = this.#chain;
        this.#chain = Promise.resolve();
        try {
          await fn();
          await this.#chain;
          if (this.#failure) throw this.#failure.error;
        } finally {
          this.#chain = outer;
        }
      }),
    );
  }

  /**
   * Change a table with several alterations at once. On SQLite, changes ALTER TABLE cannot make are done
   * by rebuilding the table (create new, copy rows, drop, rename), keeping data, indexes and constraints.
   */
  batchAlterTable(
    table: string | TableRef,
    fn: (batch: BatchOperations) => void,
    options: { recreate?: "auto" | "always" | "never"; namingConvention?: BatchNamingConvention } = {},
  ): Promise<void> {
    const { batch, ops } = batchBuilder(tableRef(table));
    fn(batch);
    return this.run({ kind: "batchAlterTable", table: tableRef(table), ops, ...options });
  }
}

function ignore(): void {}
