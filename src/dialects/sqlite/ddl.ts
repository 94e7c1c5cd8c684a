import { UnsupportedOperationError } from "../../errors.ts";
import * as ops from "../../operations/ops.ts";
import { indexColumnExpression, indexColumnOrder } from "../../operations/index_column.ts";
import { parseType } from "../sql/types.ts";
import type { CompileContext, Statement } from "../dialect.ts";
import { SqlCompiler, wrapped } from "../sql/compiler.ts";
import { quoteName } from "../sql/quote_name.ts";
import type { QuoteSyntax } from "../sql/placeholders.ts";
import { compileSqliteBatch } from "./batch.ts";
import { splitIndexTerm } from "./index_term.ts";
import { SQLITE_QUOTES } from "./quote_syntax.ts";
import { sqliteType } from "./types.ts";

const NO_COMMENTS =
  "it keeps no comments on tables or columns; leave the comment out where op.context.capabilities.comments is false (a SQL comment in the migration documents it)";

const { describeOp } = ops;

/** The single-table ops SQLite compiles through its batch mode (see batch.ts). */
const BATCHED: ReadonlySet<ops.OpKind> = new Set<ops.OpKind>([
  "addColumn",
  "dropColumn",
  "alterColumn",
  "createPrimaryKey",
  "createForeignKey",
  "createUniqueConstraint",
  "createCheckConstraint",
  "dropConstraint",
]);

/** SQLite DDL: standard SQL, with AUTOINCREMENT and no ALTER COLUMN (batch mode rebuilds the table). */
export class SqliteCompiler extends SqlCompiler {
  readonly dialectName: string;

  constructor(
    private readonly options: {
      /** ALTER TABLE ... DROP COLUMN is available (SQLite 3.35+, libSQL); otherwise dropping a column rebuilds. */
      readonly nativeDropColumn?: boolean;
      readonly dialectName?: string;
    } = {},
  ) {
    super();
    this.dialectName = options.dialectName ?? "SQLite";
  }

  quoteIdentifier(name: string): string {
    return quoteName(name, '"');
  }

  /** SQLite's CREATE VIEW has no check option (nor comments, grants or security options, refused by the base). */
  override createView(op: ops.CreateViewOp): Statement[] {
    if (op.checkOption) throw new UnsupportedOperationError(`createView("${op.name}"): checkOption is not supported on ${this.dialectName} (its views cannot be written through)`);
    return super.createView(op);
  }

  /** An autoincrementing key must be declared INTEGER on SQLite (the rowid), whatever its portable type (bigint, serial). */
  columnType(type: ops.ColumnType, column?: ops.ColumnDef): string {
    if (column?.autoincrement) return "INTEGER";
    if (typeof type === "string" && parseType(type)?.array) {
      throw new UnsupportedOperationError(
        `Type "${type}" is not supported on ${this.dialectName}: it has no array types; use "json" (a JSON array), or a child table`,
      );
    }
    return sqliteType(type);
  }

  // ---- what SQLite does not have: refused with the way out, never dropped silently -----------

  override createSchema(op: ops.CreateSchemaOp): Statement[] {
    return this.refuse(op, "it has no schemas (an attached database is the nearest thing: op.execute('ATTACH DATABASE ...')); skip the op where op.context.capabilities.schemas is false");
  }

  override dropSchema(op: ops.DropSchemaOp): Statement[] {
    return this.refuse(op, "it has no schemas; skip the op where op.context.capabilities.schemas is false");
  }

  override setTableComment(op: ops.SetTableCommentOp): Statement[] {
    return this.refuse(op, NO_COMMENTS);
  }

  override createTable(op: ops.CreateTableOp): Statement[] {
    const commented = op.columns.find((c) => c.comment !== undefined);
    if (op.comment !== undefined || commented) this.refuse(op, NO_COMMENTS, commented ? `column "${commented.name}" has a comment` : "the table has a comment");
    return super.createTable(op);
  }

  /** A comment in a column op is refused up front, before batch mode could rebuild the table without it. */
  override compile(op: ops.Op, ctx: CompileContext): Promise<Statement[]> {
    const alterations = op.kind === "batchAlterTable" ? op.ops : [op];
    for (const alt of alterations) {
      if (alt.kind === "addColumn" && alt.column.comment !== undefined) return Promise.reject(this.refusal(alt, NO_COMMENTS, `column "${alt.column.name}" has a comment`));
      if (alt.kind === "alterColumn" && alt.comment !== undefined && alt.comment !== null) return Promise.reject(this.refusal(alt, NO_COMMENTS, "it sets a comment"));
      // A constraint goes through a rebuilt table's model, which has no place for it: refused here, not dropped on the way.
      if (alt.kind === "createUniqueConstraint" && alt.nullsNotDistinct) return Promise.reject(this.noNullsNotDistinct(alt.name));
    }
    return this.compileOp(op, ctx);
  }

  refuse(op: ops.Op, way: string, what?: string): never {
    throw this.refusal(op, way, what);
  }

  refusal(op: ops.Op, way: string, what?: string): UnsupportedOperationError {
    return new UnsupportedOperationError(`${describeOp(op)} is not supported on ${this.dialectName}${what ? ` (${what})` : ""}: ${way}`);
  }

  /**
   * AUTOINCREMENT is written on the key's column only: there a named key keeps its name
   * (`id INTEGER CONSTRAINT pk_t PRIMARY KEY AUTOINCREMENT`), as the table's key would.
   */
  override inlinePrimaryKey(op: ops.CreateTableOp): string | undefined {
    const columns = ops.primaryKeyColumns(op);
    if (columns.length !== 1) return undefined;
    return op.columns.find((c) => c.name === columns[0])?.autoincrement ? columns[0] : undefined;
  }

  override autoincrementClause(column: ops.ColumnDef, inlinePk: boolean): string {
    // SQLite only has AUTOINCREMENT on a table's single INTEGER PRIMARY KEY, declared on the column.
    if (inlinePk) return "AUTOINCREMENT";
    throw new UnsupportedOperationError(
      `Column "${column.name}": SQLite has AUTOINCREMENT only on a table's single INTEGER PRIMARY KEY column; ` +
        `make it the only primary key column, or drop autoincrement`,
    );
  }

  /** SQLite's lexical rules: no dollar quotes (`$name` is a parameter), comments do not nest, [name] quotes. */
  override get quoteSyntax(): QuoteSyntax {
    return SQLITE_QUOTES;
  }

  override literal(value: unknown): string {
    if (typeof value === "boolean") return value ? "1" : "0";
    return super.literal(value);
  }

  override defaultValue(value: ops.DefaultValue): string {
    if (typeof value === "boolean") return value ? "1" : "0";
    if (value !== null && typeof value === "object") return `(${value.sql})`;
    return super.defaultValue(value);
  }

  /** An expression column in parentheses, its COLLATE (and an ASC / DESC written in it) after them (see index_term.ts). */
  override indexColumn(c: ops.IndexColumn): string {
    const expression = indexColumnExpression(c);
    if (expression === undefined) return super.indexColumn(c);
    const term = splitIndexTerm(expression);
    return wrapped(term.base) + term.collate + (indexColumnOrder(c) === "desc" || term.order === "desc" ? " DESC" : "");
  }

  /** SQLite names the schema on the index, never on the table: CREATE INDEX "aux"."ix" ON "t" (...). */
  override createIndex(op: ops.CreateIndexOp): Statement[] {
    this.nullsNotDistinct(op);
    this.includeClause(op);
    const unique = op.unique ? "UNIQUE " : "";
    const ine = op.ifNotExists ? "IF NOT EXISTS " : "";
    const where = op.where ? ` WHERE ${op.where}` : "";
    const name = this.qualify(op.table.schema ? { name: op.name, schema: op.table.schema } : { name: op.name });
    return [{ sql: `CREATE ${unique}INDEX ${ine}${name} ON ${this.quoteIdentifier(op.table.name)} (${this.indexColumns(op.columns, op.name)})${where}` }];
  }

  /**
   * Changes SQLite's ALTER TABLE cannot make go through the batch: a column change other than a rename,
   * constraints added or dropped, and ADD / DROP COLUMN that SQLite refuses (UNIQUE column, indexed column)
   * rebuild the table; the rest stay plain ALTER TABLE statements.
   */
  compileOp(op: ops.Op, ctx: CompileContext): Promise<Statement[]> {
    if (BATCHED.has(op.kind) && "table" in op && op.table) {
      return this.batchAlterTable({ kind: "batchAlterTable", table: op.table, ops: [op as ops.TableAlteration] }, ctx);
    }
    return super.compile(op, ctx);
  }

  override batchAlterTable(op: ops.BatchAlterTableOp, ctx: CompileContext): Promise<Statement[]> {
    return compileSqliteBatch(this, op, ctx, this.options.nativeDropColumn ?? true);
  }
}
