import { MigratorError } from "../errors.ts";
import type { Capabilities } from "../dialects/dialect.ts";
import type { QuoteSyntax } from "../dialects/sql/placeholders.ts";
import { batchBuilder, type BatchOperations } from "./batch.ts";
import {
  type AddEnumValueOp,
  type AlterColumnOp,
  type CheckDef,
  type ColumnDef,
  type CreateIndexOp,
  type CreateSequenceOp,
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

/** Where ops go: executed on a live database, or printed as an offline script. */
export interface OpSink {
  run(op: Op): Promise<void>;
  query(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Run `fn` outside the migration's transaction (commit before, begin again after). */
  autocommit(fn: () => Promise<void>): Promise<void>;
  literal(value: unknown): string;
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
    this.#chain = next.then(
      () => {},
      (error: unknown) => void (this.#failure ??= { error }),
    );
    next.catch(() => {}); // a migration may not await its ops; flush() reports the failure
    return next;
  }

  /** Run an op built by hand (or by autogenerate). */
  run(op: Op): Promise<void> {
    return this.#enqueue(() => this.sink.run(op));
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

  dropColumn(table: string | TableRef, column: string, options: { existing?: ColumnDef } = {}): Promise<void> {
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

  createUniqueConstraint(name: string, table: string | TableRef, columns: readonly string[]): Promise<void> {
    return this.run({ kind: "createUniqueConstraint", name, table: tableRef(table), columns });
  }

  createCheckConstraint(name: string, table: string | TableRef, condition: string): Promise<void> {
    return this.run({ kind: "createCheckConstraint", name, table: tableRef(table), condition });
  }

  /** `type` (needed on MySQL): "primary", "foreign" (or Alembic's "foreignkey"), "unique", "check". */
  dropConstraint(name: string, table: string | TableRef, options: { type?: ConstraintTypeName } = {}): Promise<void> {
    return this.#enqueue(async () => {
      const type = constraintType(options.type, `dropConstraint("${name}")`);
      await this.sink.run({ kind: "dropConstraint", name, table: tableRef(table), ...(type ? { type } : {}) });
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

  createSequence(name: string, options: Omit<CreateSequenceOp, "kind" | "name"> = {}): Promise<void> {
    return this.run({ kind: "createSequence", name, ...options });
  }

  dropSequence(name: string, options: { schema?: string; ifExists?: boolean } = {}): Promise<void> {
    return this.run({ kind: "dropSequence", name, ...options });
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
    options: { recreate?: "auto" | "always" | "never" } = {},
  ): Promise<void> {
    const { batch, ops } = batchBuilder(tableRef(table));
    fn(batch);
    return this.run({ kind: "batchAlterTable", table: tableRef(table), ops, ...options });
  }
}
