import { UnsupportedOperationError } from "../../errors.ts";
import type * as ops from "../../operations/ops.ts";
import { primaryKeyColumns } from "../../operations/ops.ts";
import type { FoundConstraint } from "../../schema/find_constraint.ts";
import type { TableModel } from "../../schema/model.ts";
import type { CompileContext, Statement } from "../dialect.ts";
import { resolveDropConstraint, type NamedDropConstraint } from "./drop_constraint.ts";
import { mapPlaceholders, type QuoteSyntax } from "./placeholders.ts";
import { quoteName } from "./quote_name.ts";
import { defaultNulls, indexColumnExpression, indexColumnName, indexColumnNulls, indexColumnOpclass, indexColumnOrder, keyOptionRefusal, type KeyOptionSupport } from "../../operations/index_column.ts";

const NO_KEY_OPTIONS: KeyOptionSupport = { indexNullsOrder: false, operatorClasses: false };

export type { NamedDropConstraint };

type Visitors = { [K in ops.OpKind]: (op: Extract<ops.Op, { kind: K }>, ctx: CompileContext) => Statement[] | Promise<Statement[]> };

/**
 * The DDL compiler shared by every dialect: standard SQL for each op kind. A dialect subclasses it and
 * overrides the small hooks (quoting, types, autoincrement) or the whole method for an op it does its own way.
 * The visitor table is typed over every op kind, so an op kind left unhandled is a type error.
 */
export abstract class SqlCompiler {
  abstract quoteIdentifier(name: string): string;
  /** The SQL type for a portable or raw column type. */
  abstract columnType(type: ops.ColumnType, column?: ops.ColumnDef): string;

  /**
   * A hook refusing an op rejects the promise instead of throwing synchronously. Not an async function:
   * most ops compile synchronously, and a script compiles thousands of them.
   */
  compile(op: ops.Op, ctx: CompileContext): Promise<Statement[]> {
    try {
      const visit = this.visitors[op.kind] as (op: ops.Op, ctx: CompileContext) => Statement[] | Promise<Statement[]>;
      return Promise.resolve(visit.call(this, op, ctx));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  protected readonly visitors: Visitors = {
    createTable: (op) => this.createTable(op),
    dropTable: (op) => this.dropTable(op),
    renameTable: (op) => this.renameTable(op),
    setTableComment: (op) => this.setTableComment(op),
    addColumn: (op) => this.addColumn(op),
    dropColumn: async (op, ctx) => {
      if (!op.ifExists) return this.dropColumn(op);
      // A known table decides (online: reflected; offline: tracked); else the server's IF EXISTS does.
      const model = await ctx.table(op.table);
      if (!model) return this.dropColumn(op);
      if (!model.columns.some((c) => c.name.toLowerCase() === op.column.toLowerCase())) return [];
      const { ifExists: _, ...plain } = op;
      return this.dropColumn(plain);
    },
    alterColumn: (op, ctx) => this.alterColumn(op, ctx),
    createIndex: (op) => this.createIndex(op),
    dropIndex: async (op, ctx) => {
      const table = op.table ?? op.existing?.table;
      return [...(table ? await this.beforeDropIndex(table, op.name, ctx) : []), ...this.dropIndex(op)];
    },
    createPrimaryKey: (op) => this.addConstraint(op.table, `CONSTRAINT ${this.quoteIdentifier(op.name)} PRIMARY KEY (${this.columnList(op.columns)})`),
    createForeignKey: (op) => this.addConstraint(op.table, this.foreignKey({ ...op.foreignKey, name: op.name }, op.table)),
    createUniqueConstraint: (op) =>
      this.addConstraint(op.table, `CONSTRAINT ${this.quoteIdentifier(op.name)} UNIQUE${this.nullsNotDistinct(op)} (${this.columnList(op.columns)})`),
    createCheckConstraint: (op) => this.addConstraint(op.table, `${op.name !== undefined ? `CONSTRAINT ${this.quoteIdentifier(op.name)} ` : ""}CHECK (${op.condition})`),
    dropConstraint: async (op, ctx) => {
      const resolved = await this.resolveDropConstraint(op, ctx);
      if (resolved === null) return [];
      return Array.isArray(resolved) ? resolved : this.dropConstraint(resolved as NamedDropConstraint, ctx);
    },
    createSchema: (op) => this.createSchema(op),
    dropSchema: (op) => this.dropSchema(op),
    createEnum: (op) => this.createEnum(op),
    dropEnum: (op) => this.dropEnum(op),
    addEnumValue: (op) => this.addEnumValue(op),
    recreateEnum: (op, ctx) => this.recreateEnum(op, ctx),
    createSequence: (op) => this.createSequence(op),
    alterSequence: (op) => this.alterSequence(op),
    dropSequence: (op) => this.dropSequence(op),
    createView: (op) => this.createView(op),
    dropView: (op) => this.dropView(op),
    execute: (op) => [op.params && op.params.length > 0 ? { sql: op.sql, params: op.params } : { sql: op.sql }],
    bulkInsert: (op, ctx) => this.bulkInsert(op, ctx),
    batchAlterTable: (op, ctx) => this.batchAlterTable(op, ctx),
  };

  // ---- hooks ---------------------------------------------------------------------------------

  qualify(table: ops.TableRef): string {
    return table.schema ? `${this.quoteIdentifier(table.schema)}.${this.quoteIdentifier(table.name)}` : this.quoteIdentifier(table.name);
  }

  columnList(columns: readonly string[]): string {
    let list = "";
    for (let i = 0; i < columns.length; i++) list += (i === 0 ? "" : ", ") + this.quoteIdentifier(columns[i]!);
    return list;
  }

  stringLiteral(value: string): string {
    return quoteName(value, "'");
  }

  defaultValue(value: ops.DefaultValue): string {
    if (value === null) return "NULL";
    if (typeof value === "object") return value.sql;
    if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
    if (typeof value === "number") return String(value);
    return this.stringLiteral(value);
  }

  /**
   * The column clause used in CREATE TABLE and ADD COLUMN. `inlinePk`: the PK is declared on the column
   * (named `pkName`, when it has a name of its own); `table`: the column's table, whose schema a reference
   * without one means.
   */
  columnDefinition(column: ops.ColumnDef, inlinePk: boolean, table?: ops.TableRef, pkName?: string): string {
    const parts = [this.quoteIdentifier(column.name), this.columnType(column.type, column)];
    if (column.collation !== undefined) parts.push(this.collateClause(column.collation));
    if (column.generated) parts.push(this.generatedClause(column));
    if (inlinePk) parts.push(pkName !== undefined ? `CONSTRAINT ${this.quoteIdentifier(pkName)} PRIMARY KEY` : "PRIMARY KEY");
    const nullable = column.nullable ?? !column.primaryKey;
    if (!nullable && !inlinePk) parts.push("NOT NULL");
    if (column.autoincrement) {
      const auto = this.autoincrementClause(column, inlinePk);
      if (auto) parts.push(auto);
    }
    if (column.default !== undefined) parts.push(`DEFAULT ${this.defaultValue(column.default)}`);
    if (column.unique) parts.push("UNIQUE");
    if (column.check) parts.push(`CHECK (${column.check})`);
    if (column.references) parts.push(this.referencesClause(column.references, table));
    return parts.join(" ");
  }

  /**
   * `COLLATE name`, right after the type (where every dialect takes it): a plain name bare, any other
   * quoted as an identifier. PostgreSQL quotes every name (its collation names keep their case).
   */
  collateClause(collation: string): string {
    return `COLLATE ${/^[A-Za-z_][A-Za-z0-9_]*$/.test(collation) ? collation : this.quoteIdentifier(collation)}`;
  }

  /** A generated column's clause; STORED unless `stored: false`. */
  generatedClause(column: ops.ColumnDef): string {
    const g = column.generated!;
    return `GENERATED ALWAYS AS (${g.sql}) ${g.stored === false ? "VIRTUAL" : "STORED"}`;
  }

  /** Extra clause for an autoincrementing column ("" when the type itself carries it, e.g. SERIAL). */
  autoincrementClause(_column: ops.ColumnDef, _inlinePk: boolean): string {
    return "GENERATED BY DEFAULT AS IDENTITY";
  }

  referencesClause(ref: string | ops.ColumnReference, from?: ops.TableRef): string {
    const r = typeof ref === "string" ? parseReference(ref) : ref;
    return `REFERENCES ${this.referencedTable(r.table, r.schema, from)} (${this.quoteIdentifier(r.column)})${this.actions(r)}`;
  }

  /**
   * The table a foreign key of `from` references, qualified: a reference without a schema means the
   * schema of its own table (as reflection and the offline model read it), not the search path's.
   */
  referencedTable(name: string, schema: string | undefined, from?: ops.TableRef): string {
    const at = schema ?? from?.schema;
    return this.qualify(at !== undefined ? { name, schema: at } : { name });
  }

  actions(fk: { readonly onDelete?: ops.ReferentialAction; readonly onUpdate?: ops.ReferentialAction }): string {
    let s = "";
    if (fk.onDelete) s += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
    if (fk.onUpdate) s += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
    return s;
  }

  /** A foreign key clause; `from`: its table, whose schema a key without refSchema references. */
  foreignKey(fk: ops.ForeignKeyDef, from?: ops.TableRef): string {
    const name = fk.name ? `CONSTRAINT ${this.quoteIdentifier(fk.name)} ` : "";
    const ref = this.referencedTable(fk.refTable, fk.refSchema, from);
    let s = `${name}FOREIGN KEY (${this.columnList(fk.columns)}) REFERENCES ${ref} (${this.columnList(fk.refColumns)})${this.actions(fk)}`;
    if (fk.deferrable !== undefined) s += fk.deferrable ? " DEFERRABLE" : " NOT DEFERRABLE";
    if (fk.initiallyDeferred) s += " INITIALLY DEFERRED";
    return s;
  }

  /**
   * Whether a table's single-column primary key is declared on the column itself: where the column numbers
   * rows and its key has no name of its own (a named one is a table element, where every server takes it).
   */
  inlinePrimaryKey(op: ops.CreateTableOp): string | undefined {
    if (op.primaryKey && (op.primaryKey.name || op.primaryKey.columns.length !== 1)) return undefined;
    const names = primaryKeyColumns(op);
    if (names.length !== 1) return undefined;
    for (const c of op.columns) if (c.name === names[0]) return c.autoincrement ? c.name : undefined;
    return undefined;
  }

  tableElements(op: ops.CreateTableOp): string[] {
    const inlinePk = this.inlinePrimaryKey(op);
    const elements: string[] = [];
    for (const c of op.columns) elements.push(this.columnDefinition(c, c.name === inlinePk, op.table, c.name === inlinePk ? op.primaryKey?.name || undefined : undefined));
    const pkColumns = primaryKeyColumns(op);
    if (pkColumns.length > 0 && inlinePk === undefined) {
      const name = op.primaryKey?.name ? `CONSTRAINT ${this.quoteIdentifier(op.primaryKey.name)} ` : "";
      elements.push(`${name}PRIMARY KEY (${this.columnList(pkColumns)})`);
    }
    for (const u of op.uniques ?? []) {
      const nnd = this.nullsNotDistinct({ name: u.name ?? `${op.table.name} (${u.columns.join(", ")})`, ...(u.nullsNotDistinct ? { nullsNotDistinct: true } : {}) });
      elements.push(`${u.name ? `CONSTRAINT ${this.quoteIdentifier(u.name)} ` : ""}UNIQUE${nnd} (${this.columnList(u.columns)})`);
    }
    for (const c of op.checks ?? []) {
      elements.push(`${c.name ? `CONSTRAINT ${this.quoteIdentifier(c.name)} ` : ""}CHECK (${c.condition})`);
    }
    for (const fk of op.foreignKeys ?? []) elements.push(this.foreignKey(fk, op.table));
    return elements;
  }

  // ---- op kinds ------------------------------------------------------------------------------

  createTable(op: ops.CreateTableOp): Statement[] {
    const head = `CREATE TABLE ${op.ifNotExists ? "IF NOT EXISTS " : ""}${this.qualify(op.table)}`;
    const out: Statement[] = [{ sql: `${head} (\n    ${this.tableElements(op).join(",\n    ")}\n)${this.tableOptions(op)}` }];
    for (const comment of this.commentStatements(op)) out.push(comment);
    return out;
  }

  /** Trailing table options (MySQL: COMMENT=...). */
  tableOptions(_op: ops.CreateTableOp): string {
    return "";
  }

  /** Comments on a new table and its columns (PostgreSQL: COMMENT ON). */
  commentStatements(_op: ops.CreateTableOp): Statement[] {
    return [];
  }

  dropTable(op: ops.DropTableOp): Statement[] {
    return [{ sql: `DROP TABLE ${op.ifExists ? "IF EXISTS " : ""}${this.qualify(op.table)}` }];
  }

  renameTable(op: ops.RenameTableOp): Statement[] {
    return [{ sql: `ALTER TABLE ${this.qualify(op.table)} RENAME TO ${this.quoteIdentifier(op.newName)}` }];
  }

  setTableComment(op: ops.SetTableCommentOp): Statement[] {
    return this.unsupported(op);
  }

  addColumn(op: ops.AddColumnOp): Statement[] {
    return [{ sql: `ALTER TABLE ${this.qualify(op.table)} ADD COLUMN ${this.columnDefinition(op.column, op.column.primaryKey === true, op.table)}` }];
  }

  dropColumn(op: ops.DropColumnOp): Statement[] {
    return [{ sql: `ALTER TABLE ${this.qualify(op.table)} DROP COLUMN ${op.ifExists ? "IF EXISTS " : ""}${this.quoteIdentifier(op.column)}` }];
  }

  alterColumn(op: ops.AlterColumnOp, _ctx: CompileContext): Statement[] | Promise<Statement[]> {
    return this.unsupported(op);
  }

  /**
   * The keys of index `index`, each through indexColumn. A key with an option the dialect cannot write
   * (keyOptions: its capabilities) is refused first, so the op makes no SQL.
   */
  indexColumns(columns: readonly ops.IndexColumn[], index: string): string {
    for (const c of columns) {
      const refusal = keyOptionRefusal(c, this.keyOptions, this.dialectName);
      if (refusal !== undefined) throw new UnsupportedOperationError(`Index "${index}" ${refusal}`);
    }
    return columns.map((c) => this.indexColumn(c)).join(", ");
  }

  /** The key options this compiler writes: none here; a dialect that has them says so (its capabilities). */
  get keyOptions(): KeyOptionSupport {
    return NO_KEY_OPTIONS;
  }

  /**
   * One key in the standard order (PostgreSQL's `key [opclass] [ASC | DESC] [NULLS FIRST | LAST]`): the
   * quoted name or the expression in parentheses, its operator class, DESC when descending (ASC is the
   * default, left out), NULLS FIRST / LAST when not the default for the order.
   */
  indexColumn(c: ops.IndexColumn): string {
    const name = indexColumnName(c);
    const key = name !== undefined ? this.quoteIdentifier(name) : wrapped(indexColumnExpression(c) ?? "");
    const opclass = indexColumnOpclass(c);
    const order = indexColumnOrder(c);
    const nulls = indexColumnNulls(c);
    return `${key}${opclass !== undefined ? ` ${this.operatorClass(opclass)}` : ""}${order === "desc" ? " DESC" : ""}${nulls !== defaultNulls(order) ? ` NULLS ${nulls.toUpperCase()}` : ""}`;
  }

  /** An operator class, "name" or "schema.name": each part bare when lower-case and plain, else quoted (its case kept). */
  operatorClass(opclass: string): string {
    return opclass.split(".").map((part) => (/^[a-z_][a-z0-9_]*$/.test(part) ? part : this.quoteIdentifier(part))).join(".");
  }

  /**
   * " NULLS NOT DISTINCT" for a unique index or constraint that asks for it, "" otherwise. Only PostgreSQL
   * (15+) has it: elsewhere it is refused, since the plain UNIQUE would take several NULLs.
   */
  nullsNotDistinct(op: { readonly name: string; readonly nullsNotDistinct?: boolean }): string {
    if (op.nullsNotDistinct !== true) return "";
    throw this.noNullsNotDistinct(op.name);
  }

  /** The refusal of NULLS NOT DISTINCT where the dialect has none. */
  noNullsNotDistinct(name: string): UnsupportedOperationError {
    return new UnsupportedOperationError(`"${name}" asks for NULLS NOT DISTINCT, which ${this.dialectName} does not have (PostgreSQL 15+ does); a unique key over a NOT NULL column (or a generated one that maps NULL to a value) has the same effect`);
  }

  /** " INCLUDE (...)" for a covering index, "" otherwise. Only PostgreSQL has it: elsewhere it is refused. */
  includeClause(op: ops.CreateIndexOp): string {
    if (op.include === undefined || op.include.length === 0) return "";
    throw new UnsupportedOperationError(`Index "${op.name}" has include columns (${op.include.join(", ")}), which ${this.dialectName} does not have (PostgreSQL does): add them to the index's columns, or leave them out`);
  }

  createIndex(op: ops.CreateIndexOp): Statement[] {
    this.nullsNotDistinct(op);
    this.includeClause(op);
    const unique = op.unique ? "UNIQUE " : "";
    const ine = op.ifNotExists ? "IF NOT EXISTS " : "";
    const where = op.where ? ` WHERE ${op.where}` : "";
    const name = op.table.schema ? this.qualify({ name: op.name, schema: op.table.schema }) : this.quoteIdentifier(op.name);
    return [{ sql: `CREATE ${unique}INDEX ${ine}${name} ON ${this.qualify(op.table)} (${this.indexColumns(op.columns, op.name)})${where}` }];
  }

  /** Statements an index's drop needs first (MySQL: an index of its own for a foreign key that relied on it). */
  async beforeDropIndex(_table: ops.TableRef, _name: string, _ctx: CompileContext): Promise<Statement[]> {
    return [];
  }

  dropIndex(op: ops.DropIndexOp): Statement[] {
    const name = op.table?.schema ? this.qualify({ name: op.name, schema: op.table.schema }) : this.quoteIdentifier(op.name);
    return [{ sql: `DROP INDEX ${op.ifExists ? "IF EXISTS " : ""}${name}` }];
  }

  /** Named enum types, sequences: only dialects with the capability override these. */
  createEnum(op: ops.CreateEnumOp): Statement[] {
    return this.unsupported(op);
  }

  dropEnum(op: ops.DropEnumOp): Statement[] {
    return this.unsupported(op);
  }

  addEnumValue(op: ops.AddEnumValueOp): Statement[] {
    return this.unsupported(op);
  }

  /** `ctx`: the columns that use the type are found in the live catalog online, in the tracked tables offline. */
  recreateEnum(op: ops.RecreateEnumOp, _ctx: CompileContext): Statement[] | Promise<Statement[]> {
    return this.unsupported(op);
  }

  createSequence(op: ops.CreateSequenceOp): Statement[] {
    return this.unsupported(op);
  }

  alterSequence(op: ops.AlterSequenceOp): Statement[] {
    return this.unsupported(op);
  }

  dropSequence(op: ops.DropSequenceOp): Statement[] {
    return this.unsupported(op);
  }

  /**
   * `CREATE VIEW name AS query` with its check option: standard SQL. Security options, comments and grants
   * are the dialect's to write (PostgreSQL); here they are refused rather than left out.
   */
  createView(op: ops.CreateViewOp): Statement[] {
    const extra = [
      op.securityBarrier !== undefined && "securityBarrier",
      op.securityInvoker !== undefined && "securityInvoker",
      op.comment !== undefined && "comment",
      op.columnComments !== undefined && Object.keys(op.columnComments).length > 0 && "columnComments",
      op.grants !== undefined && op.grants.length > 0 && "grants",
      op.owner !== undefined && "owner",
      op.materialized && "materialized views",
    ].filter(Boolean);
    if (extra.length > 0) throw new UnsupportedOperationError(`createView("${op.name}"): ${extra.join(", ")} are not supported on ${this.dialectName}`);
    return [{ sql: this.createViewSql(op) }];
  }

  /** The CREATE VIEW statement itself: `options` (PostgreSQL's WITH (...)) after the name. */
  createViewSql(op: ops.CreateViewOp, options = ""): string {
    // On a line of its own: a query ending in a -- comment would otherwise swallow it.
    // A materialized view's WITH [NO] DATA likewise.
    const check = op.checkOption ? `\nWITH ${op.checkOption.toUpperCase()} CHECK OPTION` : op.materialized ? `\nWITH ${op.withData === false ? "NO " : ""}DATA` : "";
    const query = op.query.trim().replace(/;+$/, "");
    return `CREATE ${op.materialized ? "MATERIALIZED " : ""}VIEW ${this.qualify(op.schema ? { name: op.name, schema: op.schema } : { name: op.name })}${options} AS\n${query}${check}`;
  }

  dropView(op: ops.DropViewOp): Statement[] {
    if (op.materialized) throw new UnsupportedOperationError(`dropView("${op.name}"): materialized views are not supported on ${this.dialectName}`);
    return [{ sql: `DROP VIEW ${op.ifExists ? "IF EXISTS " : ""}${this.qualify(op.schema ? { name: op.name, schema: op.schema } : { name: op.name })}` }];
  }

  addConstraint(table: ops.TableRef, clause: string): Statement[] {
    return [{ sql: `ALTER TABLE ${this.qualify(table)} ADD ${clause}` }];
  }

  /** See drop_constraint.ts. */
  resolveDropConstraint(op: ops.DropConstraintOp, ctx: CompileContext): Promise<NamedDropConstraint | Statement[] | null> {
    return resolveDropConstraint(this, op, ctx);
  }

  /** The primary key's name when it has none of its own (PostgreSQL: "t_pkey"); undefined where the drop needs none. */
  primaryKeyName(_table: ops.TableRef): string | undefined {
    return "PRIMARY";
  }

  /** The name the server gave an unnamed constraint, when it can be told from the table (offline). */
  serverConstraintName(_model: TableModel, _constraint: FoundConstraint): string | undefined {
    return undefined;
  }

  /**
   * Statements that drop an unnamed constraint whose server-made name is not known (offline), finding
   * the name in the catalog when they run (MySQL: a prepared statement); undefined where not possible.
   */
  dropFoundInCatalog(_table: ops.TableRef, _constraint: FoundConstraint, _model: TableModel | undefined): Statement[] | undefined {
    return undefined;
  }

  /** `ctx`: MySQL looks the constraint up in the table when the op does not say its type. */
  dropConstraint(op: NamedDropConstraint, _ctx: CompileContext): Statement[] | Promise<Statement[]> {
    return [{ sql: `ALTER TABLE ${this.qualify(op.table)} DROP CONSTRAINT ${op.ifExists ? "IF EXISTS " : ""}${this.quoteIdentifier(op.name)}` }];
  }

  createSchema(op: ops.CreateSchemaOp): Statement[] {
    return [{ sql: `CREATE SCHEMA ${op.ifNotExists ? "IF NOT EXISTS " : ""}${this.quoteIdentifier(op.name)}` }];
  }

  dropSchema(op: ops.DropSchemaOp): Statement[] {
    return [{ sql: `DROP SCHEMA ${op.ifExists ? "IF EXISTS " : ""}${this.quoteIdentifier(op.name)}${op.cascade ? " CASCADE" : ""}` }];
  }

  /**
   * One INSERT per run of rows with the same columns (so that a key left out gets the column's default,
   * not NULL), cut into statements of moderate size by `chunkRows`.
   */
  bulkInsert(op: ops.BulkInsertOp, _ctx?: CompileContext): Statement[] | Promise<Statement[]> {
    const out: Statement[] = [];
    for (const { columns, rows: group } of groupByColumns(op.rows)) {
      const head = `INSERT INTO ${this.qualify(op.table)} (${this.columnList(columns)}) VALUES `;
      const tuple = `(${columns.map(() => "?").join(", ")})`;
      for (const rows of this.chunkRows(group, columns)) {
        out.push({ sql: head + rows.map(() => tuple).join(", "), params: rows.flatMap((r) => columns.map((c) => r[c] ?? null)) });
      }
    }
    return out;
  }

  /** Rows per INSERT statement: by default as many as fit in 30,000 bound parameters. */
  chunkRows<R>(rows: readonly R[], columns: readonly string[]): R[][] {
    const per = Math.max(1, Math.floor(30_000 / Math.max(1, columns.length)));
    const out: R[][] = [];
    for (let i = 0; i < rows.length; i += per) out.push(rows.slice(i, i + per));
    return out;
  }

  /** By default a batch is its ops in order, each compiled as plain ALTERs. SQLite overrides (table rebuild). */
  async batchAlterTable(op: ops.BatchAlterTableOp, ctx: CompileContext): Promise<Statement[]> {
    const out: Statement[] = [];
    for (const inner of op.ops) out.push(...(await this.compile(inner, ctx)));
    return out;
  }

  unsupported(op: ops.Op): never {
    throw new UnsupportedOperationError(`${op.kind} is not supported on ${this.dialectName}${this.unsupportedHint(op)}`);
  }

  unsupportedHint(_op: ops.Op): string {
    return "";
  }

  abstract readonly dialectName: string;

  // ---- literals ------------------------------------------------------------------------------

  literal(value: unknown): string {
    if (value === null || value === undefined) return "NULL";
    if (typeof value === "number" || typeof value === "bigint") return String(value);
    if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
    if (value instanceof Date) return this.stringLiteral(value.toISOString());
    if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString("hex")}'`;
    if (typeof value === "object") return this.stringLiteral(JSON.stringify(value));
    return this.stringLiteral(String(value));
  }

  /** A statement in an offline script: ";" after it, on a line of its own if the last line may end in a comment. */
  scriptStatement(sql: string): string {
    // "--" or "#" on the last line, looked for in place (every statement of a script passes here).
    const lastLine = sql.lastIndexOf("\n") + 1;
    return sql.includes("--", lastLine) || sql.includes("#", lastLine) ? `${sql}\n;` : `${sql};`;
  }

  /** What counts as quoted text when looking for `?` placeholders (MySQL: # comments, backslashes, no dollar quotes). */
  get quoteSyntax(): QuoteSyntax {
    return {};
  }

  inline(statement: Statement): string {
    const params = statement.params;
    return !params || params.length === 0 ? statement.sql : this.inlineParams(statement, params);
  }

  /** inline() with parameters, apart: its closure would make every call of inline() allocate a scope. */
  private inlineParams(statement: Statement, params: readonly unknown[]): string {
    let count = 0;
    const sql = mapPlaceholders(statement.sql, (i) => (count++, this.literal(params[i])), this.quoteSyntax);
    if (count !== params.length) {
      throw new UnsupportedOperationError(
        `The statement has ${count} "?" placeholder(s) but ${params.length} parameter(s) were given: ${statement.sql.slice(0, 200)}`,
      );
    }
    return sql;
  }
}

/** An expression in parentheses, added only when it is not already wrapped as a whole (reflected ones are). */
export function wrapped(expression: string): string {
  const e = expression.trim();
  if (e.startsWith("(") && e.endsWith(")")) {
    let depth = 0;
    for (let i = 0; i < e.length; i++) {
      if (e[i] === "(") depth++;
      else if (e[i] === ")" && --depth === 0) return i === e.length - 1 ? e : `(${e})`;
    }
  }
  return `(${e})`;
}

/** Consecutive rows that have the same keys, in order. */
export function groupByColumns<R extends Readonly<Record<string, unknown>>>(rows: readonly R[]): { columns: string[]; rows: R[] }[] {
  const out: { columns: string[]; rows: R[]; key: string }[] = [];
  for (const row of rows) {
    const columns = Object.keys(row).filter((k) => row[k] !== undefined);
    const key = columns.join("\u0000");
    const last = out.at(-1);
    if (last && last.key === key) last.rows.push(row);
    else out.push({ columns, rows: [row], key });
  }
  return out.map(({ columns, rows: group }) => ({ columns, rows: group }));
}

/** "users.id" or "schema.users.id" → reference. */
export function parseReference(ref: string): ops.ColumnReference {
  const parts = ref.split(".");
  if (parts.length === 2) return { table: parts[0]!, column: parts[1]! };
  if (parts.length === 3) return { schema: parts[0]!, table: parts[1]!, column: parts[2]! };
  throw new UnsupportedOperationError(`Cannot read reference "${ref}": write it as "table.column" or "schema.table.column"`);
}
