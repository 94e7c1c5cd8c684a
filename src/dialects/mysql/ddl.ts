import { indexesBesideForeignKey, indexesBesidePrimaryKey, indexesForForeignKeys } from "./fk_index.ts";
import { foreignKeyIndexOf } from "./foreign_key_indexes.ts";
import { columnCheckOf } from "./column_checks.ts";
import { UnsupportedOperationError } from "../../errors.ts";
import type * as ops from "../../operations/ops.ts";
import { indexColumnExpression, indexColumnOrder } from "../../operations/index_column.ts";
import type { FoundConstraint } from "../../schema/find_constraint.ts";
import { constraintType } from "../../operations/constraint_type.ts";
import type { TableModel } from "../../schema/model.ts";
import type { CompileContext, Statement } from "../dialect.ts";
import { type NamedDropConstraint, parseReference, SqlCompiler } from "../sql/compiler.ts";
import { quoteName } from "../sql/quote_name.ts";
import type { QuoteSyntax } from "../sql/placeholders.ts";
import { alterMysqlColumn } from "./alter_column.ts";
import { ON_UPDATE_DEFAULT } from "./defaults.ts";
import { chunkRows } from "./bulk_insert.ts";
import { dropUnnamedInCatalog } from "./drop_unnamed.ts";
import { generatedConstraintType } from "./generated_names.ts";
import { isSerial, mysqlString, mysqlType } from "./types.ts";

/** What MODIFY COLUMN and CREATE TABLE need to say about one column. */
export interface ColumnSpec {
  readonly type: ops.ColumnType;
  readonly nullable: boolean;
  readonly default?: ops.DefaultValue;
  readonly autoincrement?: boolean;
  readonly comment?: string | null;
  /** A generated column's expression: written right after the type, and no default. */
  readonly generated?: ops.GeneratedColumn;
  /** COLLATE, right after the type; left out, the column takes the table's default collation. */
  readonly collation?: string;
}

/** Types that take a default only as an expression: ('x') rather than 'x' (MySQL ≥ 8.0.13, MariaDB ≥ 10.2). */
const EXPRESSION_DEFAULT_TYPES = /^(tiny|medium|long)?(text|blob)\b|^json\b|^geometry\b|^point\b/i;
/** The current time, with any precision: MySQL requires a default's to be its column's, so the column's is written. */
const NOW = String.raw`(?:current_timestamp|now|localtimestamp)\s*(?:\(\s*\d*\s*\))?`;
/** SQL literals: numbers, strings ('' doubled or backslash-escaped), bit and hex values, NULL, TRUE, FALSE. */
const LITERAL_DEFAULT = /^(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?|'(?:[^'\\]|''|\\.)*'|[bx]'[0-9a-f]*'|0x[0-9a-f]+|0b[01]+|null|true|false)$/i;
/** NOW alone, or followed by MySQL's ON UPDATE of NOW (the column sets itself on every UPDATE). */
const NOW_DEFAULT = new RegExp(String.raw`^\s*${NOW}\s*(\bon\s+update\s+${NOW})?\s*$`, "i");

/** MySQL's lexical rules: # comments, backslash escapes in strings, no dollar quotes. */
export const MYSQL_QUOTES: QuoteSyntax = { hashComments: true, dollarQuotes: false, backslashEscapes: true, nestedComments: false };

/** An index key part on a column prefix: `col`(10). */
const PREFIX_PART = /^`(?:[^`]|``)+`\s*\(\d+\)$/;

/** Statements with a BEGIN ... END body (the mysql client needs DELIMITER around them in a script). */
const COMPOUND = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:TRIGGER|PROCEDURE|FUNCTION|EVENT)\b/i;

/**
 * MySQL and MariaDB DDL. Differences from standard SQL: backtick quoting, AUTO_INCREMENT, inline
 * COMMENT, foreign keys always at table level (MySQL ignores REFERENCES on a column), MODIFY COLUMN
 * restating the whole column, and one DROP form per constraint kind.
 */
export class MysqlCompiler extends SqlCompiler {
  readonly dialectName = "MySQL";

  /**
   * `server`: the connected server's name ("MariaDB 10.11.19"), whether it takes expression key parts, and
   * whether it takes NOT NULL on a generated column (MySQL 8; not MariaDB); undefined offline, where the
   * version is not known.
   */
  constructor(private readonly server?: { readonly name: string; readonly expressionIndexes: boolean; readonly generatedNotNull?: boolean }) {
    super();
  }

  quoteIdentifier(name: string): string {
    return quoteName(name, "`");
  }

  columnType(type: ops.ColumnType): string {
    return mysqlType(type);
  }

  /**
   * The mysql client splits scripts on ";": a trigger, procedure or function whose body holds ";" needs
   * another delimiter around it.
   */
  override scriptStatement(sql: string): string {
    if (COMPOUND.test(sql) && sql.includes(";")) return `DELIMITER //\n${sql}\n//\nDELIMITER ;`;
    return super.scriptStatement(sql);
  }

  /** MySQL's lexical rules when looking for `?`: # comments, backslash escapes, no dollar quotes. */
  override get quoteSyntax(): QuoteSyntax {
    return MYSQL_QUOTES;
  }

  // ---- literals ------------------------------------------------------------------------------

  override stringLiteral(value: string): string {
    return mysqlString(value);
  }

  override literal(value: unknown): string {
    if (typeof value === "boolean") return value ? "1" : "0";
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new UnsupportedOperationError(`Cannot write ${value} as a MySQL literal: MySQL has no NaN or infinity`);
    }
    if (value instanceof Date) return this.stringLiteral(value.toISOString().replace("T", " ").replace("Z", ""));
    return super.literal(value);
  }

  override defaultValue(value: ops.DefaultValue): string {
    if (typeof value === "boolean") return value ? "1" : "0";
    return super.defaultValue(value);
  }

  /** A default as the column's type accepts it: ('x') on TEXT/JSON, CURRENT_TIMESTAMP(6) on DATETIME(6). */
  defaultFor(sqlType: string, value: ops.DefaultValue): string {
    if (value !== null && typeof value === "object") {
      const precision = /^(datetime|timestamp)\s*\((\d+)\)/i.exec(sqlType)?.[2];
      const now = NOW_DEFAULT.exec(value.sql);
      // A type not known here (a default-only change without existingType) leaves a written precision as it is.
      if (now) {
        if (!/^(datetime|timestamp)\b/i.test(sqlType) && /\(\s*\d/.test(value.sql)) return value.sql;
        const current = precision && precision !== "0" ? `CURRENT_TIMESTAMP(${precision})` : "CURRENT_TIMESTAMP";
        return now[1] === undefined ? current : `${current} ON UPDATE ${current}`;
      }
      // MySQL 8 takes an expression only in parentheses (DEFAULT (uuid())), and on TEXT or JSON a literal too;
      // MariaDB takes both, and both read it back the same. Otherwise a literal, and a default with its ON
      // UPDATE clause, are written as they are.
      const sql = value.sql.trim();
      const literal = LITERAL_DEFAULT.test(sql) && (!EXPRESSION_DEFAULT_TYPES.test(sqlType) || /^null$/i.test(sql));
      return literal || ON_UPDATE_DEFAULT.test(sql) || /^\(.*\)$/s.test(sql) ? value.sql : `(${sql})`;
    }
    const literal = this.defaultValue(value);
    return value !== null && EXPRESSION_DEFAULT_TYPES.test(sqlType) ? `(${literal})` : literal;
  }

  // ---- columns -------------------------------------------------------------------------------

  /** `type [COLLATE ...] [NOT NULL|NULL] [DEFAULT ...] [AUTO_INCREMENT]`, then `extras`, then COMMENT. */
  columnSpec(spec: ColumnSpec, explicitNull: boolean, extras: readonly string[] = []): string {
    const sqlType = this.columnType(spec.type);
    const parts = [sqlType];
    if (spec.collation !== undefined) parts.push(this.collateClause(spec.collation));
    if (spec.generated) parts.push(`GENERATED ALWAYS AS (${spec.generated.sql}) ${spec.generated.stored === false ? "VIRTUAL" : "STORED"}`);
    if (!spec.nullable) parts.push("NOT NULL");
    // MariaDB takes no NULL after a generated column's expression (a syntax error).
    else if (explicitNull && !spec.generated) parts.push("NULL");
    if (spec.default !== undefined) parts.push(`DEFAULT ${this.defaultFor(sqlType, spec.default)}`);
    if (spec.autoincrement || isSerial(spec.type)) parts.push("AUTO_INCREMENT");
    parts.push(...extras);
    if (spec.comment) parts.push(`COMMENT ${this.stringLiteral(spec.comment)}`);
    return parts.join(" ");
  }

  override columnDefinition(column: ops.ColumnDef, inlinePk: boolean): string {
    const extras: string[] = [];
    if (column.unique) extras.push("UNIQUE");
    if (inlinePk) extras.push("PRIMARY KEY");
    const spec: ColumnSpec = {
      type: column.type,
      nullable: (column.nullable ?? !column.primaryKey) && !isSerial(column.type),
      ...(column.default !== undefined ? { default: column.default } : {}),
      ...(column.autoincrement ? { autoincrement: true } : {}),
      ...(column.comment ? { comment: column.comment } : {}),
      ...(column.generated ? { generated: column.generated } : {}),
      ...(column.collation !== undefined ? { collation: column.collation } : {}),
    };
    if (spec.generated && !spec.nullable && this.server?.generatedNotNull === false) {
      // MariaDB's grammar has no NOT NULL after a generated column's expression: its syntax error names neither.
      throw new UnsupportedOperationError(
        `Column "${column.name}": ${this.server.name} takes no NOT NULL on a generated column (MySQL 8 does); leave nullable out, or add a CHECK (${this.quoteIdentifier(column.name)} IS NOT NULL)`,
      );
    }
    const check = column.check ? ` CHECK (${column.check})` : "";
    return `${this.quoteIdentifier(column.name)} ${this.columnSpec(spec, false, extras)}${check}`;
  }

  /** MySQL parses REFERENCES on a column and ignores it: every foreign key is declared at table level. */
  columnForeignKey(column: ops.ColumnDef, table: ops.TableRef): string | undefined {
    if (!column.references) return undefined;
    const r = typeof column.references === "string" ? parseReference(column.references) : column.references;
    return this.foreignKey({
      columns: [column.name],
      refTable: r.table,
      refColumns: [r.column],
      ...(r.schema ? { refSchema: r.schema } : {}),
      ...(r.onDelete ? { onDelete: r.onDelete } : {}),
      ...(r.onUpdate ? { onUpdate: r.onUpdate } : {}),
    }, table);
  }

  override foreignKey(fk: ops.ForeignKeyDef, from?: ops.TableRef): string {
    if (fk.deferrable || fk.initiallyDeferred) {
      throw new UnsupportedOperationError(
        `Foreign key ${fk.name ? `"${fk.name}" ` : ""}is deferrable, which MySQL does not support; leave deferrable and initiallyDeferred out`,
      );
    }
    const { deferrable: _d, initiallyDeferred: _i, ...rest } = fk;
    return super.foreignKey(rest, from);
  }

  // ---- tables --------------------------------------------------------------------------------

  /** The primary key is always a table element: MySQL needs no inline form for AUTO_INCREMENT. */
  override inlinePrimaryKey(_op: ops.CreateTableOp): string | undefined {
    return undefined;
  }

  override tableElements(op: ops.CreateTableOp): string[] {
    const fks = op.columns.map((c) => this.columnForeignKey(c, op.table)).filter((fk): fk is string => fk !== undefined);
    return [...super.tableElements(op), ...fks];
  }

  override tableOptions(op: ops.CreateTableOp): string {
    return op.comment ? ` COMMENT=${this.stringLiteral(op.comment)}` : "";
  }

  override renameTable(op: ops.RenameTableOp): Statement[] {
    const to = this.qualify(op.table.schema ? { name: op.newName, schema: op.table.schema } : { name: op.newName });
    return [{ sql: `RENAME TABLE ${this.qualify(op.table)} TO ${to}` }];
  }

  override setTableComment(op: ops.SetTableCommentOp): Statement[] {
    return [{ sql: `ALTER TABLE ${this.qualify(op.table)} COMMENT=${this.stringLiteral(op.comment ?? "")}` }];
  }

  override addColumn(op: ops.AddColumnOp): Statement[] {
    const fk = this.columnForeignKey(op.column, op.table);
    const column = this.columnDefinition(op.column, op.column.primaryKey === true);
    return [{ sql: `ALTER TABLE ${this.qualify(op.table)} ADD COLUMN ${column}${fk ? `, ADD ${fk}` : ""}` }];
  }

  override alterColumn(op: ops.AlterColumnOp, ctx: CompileContext): Promise<Statement[]> {
    return alterMysqlColumn(this, op, ctx);
  }

  // ---- indexes and constraints ---------------------------------------------------------------

  /** A column prefix (`name`(10), as reflection reads it) stays bare: wrapped, it would be an expression. */
  override indexColumn(c: ops.IndexColumn): string {
    const expression = indexColumnExpression(c)?.trim();
    if (expression === undefined || !PREFIX_PART.test(expression)) return super.indexColumn(c);
    return indexColumnOrder(c) === "desc" ? `${expression} DESC` : expression;
  }

  override createIndex(op: ops.CreateIndexOp): Statement[] {
    this.nullsNotDistinct(op);
    this.includeClause(op);
    if (op.where) {
      throw new UnsupportedOperationError(`Index "${op.name}" has a where clause: MySQL has no partial indexes`);
    }
    const method = op.method?.toLowerCase();
    let kind = op.unique ? "UNIQUE " : "";
    let using = "";
    if (method === "fulltext" || method === "spatial") kind = `${method.toUpperCase()} `;
    else if (method === "btree" || method === "hash") using = ` USING ${method.toUpperCase()}`;
    else if (method !== undefined) {
      throw new UnsupportedOperationError(
        `Index "${op.name}" uses method "${op.method}", which MySQL does not have; use btree, hash, fulltext or spatial`,
      );
    }
    this.checkExpressionParts(op);
    // IF NOT EXISTS: MariaDB only. Expression columns render as ((expr)): MySQL ≥ 8.0.13 only.
    const ine = op.ifNotExists ? "IF NOT EXISTS " : "";
    const cols = this.indexColumns(op.columns, op.name);
    return [{ sql: `CREATE ${kind}INDEX ${ine}${this.quoteIdentifier(op.name)} ON ${this.qualify(op.table)} (${cols})${using}` }];
  }

  /** An expression key part needs MySQL 8.0.13+: refused on MariaDB, older MySQL, and offline (version unknown). */
  private checkExpressionParts(op: ops.CreateIndexOp): void {
    const part = op.columns.map(indexColumnExpression).find((e) => e !== undefined && !PREFIX_PART.test(e.trim()));
    if (part === undefined || this.server?.expressionIndexes === true) return;
    const fix = "index a generated column instead (op.addColumn with generated: { sql: ... }, then op.createIndex on that column)";
    throw new UnsupportedOperationError(
      this.server
        ? `Index "${op.name}" has an expression key part (${part}): ${this.server.name} has no expression indexes (MySQL has them from 8.0.13, MariaDB not at all); ${fix}`
        : `Index "${op.name}" has an expression key part (${part}), which MySQL has from 8.0.13 and MariaDB not at all; offline the server's version is not known, so this cannot be checked: name it (server_version = 8.0.36 in the config, or --server-version), run it online against the server, or ${fix}`,
    );
  }

  override async beforeDropIndex(table: ops.TableRef, name: string, ctx: CompileContext): Promise<Statement[]> {
    return indexesForForeignKeys(await ctx.table(table), name, (n) => this.quoteIdentifier(n), this.qualify(table)).map((sql) => ({ sql }));
  }

  override dropIndex(op: ops.DropIndexOp): Statement[] {
    const table = op.table ?? op.existing?.table;
    if (!table) {
      throw new UnsupportedOperationError(
        `dropIndex("${op.name}") needs the table on MySQL (DROP INDEX ... ON table): write op.dropIndex("${op.name}", "table_name")`,
      );
    }
    // IF EXISTS: MariaDB only.
    return [{ sql: `DROP INDEX ${op.ifExists ? "IF EXISTS " : ""}${this.quoteIdentifier(op.name)} ON ${this.qualify(table)}` }];
  }

  /** The constraint's kind comes from the op, its `existing` definition, or the table (MySQL drops each kind its own way). */
  override async dropConstraint(op: NamedDropConstraint, ctx: CompileContext): Promise<Statement[]> {
    // An op built by hand may carry any spelling: the same check as op.dropConstraint's.
    const type = constraintType(op.type, `dropConstraint("${op.name}")`) ?? constraintTypeOf(op.existing) ?? constraintTypeIn(await ctx.table(op.table), op.name);
    if (!type) {
      throw new UnsupportedOperationError(
        `dropConstraint("${op.name}") needs the constraint's type on MySQL, which drops each kind with its own statement: ` +
          `pass { type: "primary" | "foreign" | "unique" | "check" }`,
      );
    }
    const table = this.qualify(op.table);
    // IF EXISTS (MariaDB only) when the table is not known offline; otherwise the lookup already decided.
    const name = `${op.ifExists ? "IF EXISTS " : ""}${this.quoteIdentifier(op.name)}`;
    const clause = {
      primary: "DROP PRIMARY KEY",
      foreign: `DROP FOREIGN KEY ${name}`,
      unique: `DROP INDEX ${name}`,
      // DROP CONSTRAINT: MariaDB ≥ 10.2 and MySQL ≥ 8.0.19 (DROP CHECK is MySQL only).
      check: `DROP CONSTRAINT ${name}`,
    }[type];
    if (type === "check") {
      // MariaDB's column-level CHECK belongs to its column (named after it): MODIFY the column without it.
      const model = await ctx.table(op.table);
      const column = model?.columns.find((c) => c.name === op.name);
      if (model && column && columnCheckOf(model, column.name) !== undefined) return [{ sql: `ALTER TABLE ${table} ${this.modifyPlain(column)}` }];
    }
    if (type === "foreign") {
      const model = await ctx.table(op.table);
      const own = foreignKeyIndexOf(model, op.name);
      if (!own) return [{ sql: `ALTER TABLE ${table} ${clause}` }];
      const others = indexesBesideForeignKey(model, op.name, (n) => this.quoteIdentifier(n));
      const dropOwn = `DROP INDEX ${this.quoteIdentifier(own)}`;
      if (others.length > 0) return [{ sql: `ALTER TABLE ${table} ${[clause, dropOwn, ...others].join(", ")}` }];
      return [{ sql: `ALTER TABLE ${table} ${clause}` }, { sql: `${dropOwn} ON ${table}` }];
    }
    if (type === "primary") {
      const keep = indexesBesidePrimaryKey(await ctx.table(op.table), (n) => this.quoteIdentifier(n));
      return [{ sql: `ALTER TABLE ${table} ${[clause, ...keep].join(", ")}` }];
    }
    const keep = type === "unique" ? await this.beforeDropIndex(op.table, op.name, ctx) : [];
    return [...keep, { sql: `ALTER TABLE ${table} ${clause}` }];
  }

  /** See drop_unnamed.ts. */
  override dropFoundInCatalog(table: ops.TableRef, c: FoundConstraint, model: TableModel): Statement[] | undefined {
    return dropUnnamedInCatalog(this, table, c, model);
  }

  /** MODIFY COLUMN restating a column as the model has it, without a column-level CHECK. */
  modifyPlain(column: ops.ColumnDef): string {
    const spec: ColumnSpec = {
      type: column.type,
      nullable: column.nullable ?? !column.primaryKey,
      ...(column.default !== undefined && column.default !== null ? { default: column.default } : {}),
      ...(column.autoincrement ? { autoincrement: true } : {}),
      ...(column.comment ? { comment: column.comment } : {}),
      ...(column.generated ? { generated: column.generated } : {}),
      ...(column.collation !== undefined ? { collation: column.collation } : {}),
    };
    return `MODIFY COLUMN ${this.quoteIdentifier(column.name)} ${this.columnSpec(spec, true)}`;
  }

  // ---- schemas, enums, sequences, data -------------------------------------------------------

  /** A schema is a database on MySQL. */
  override createSchema(op: ops.CreateSchemaOp): Statement[] {
    return [{ sql: `CREATE DATABASE ${op.ifNotExists ? "IF NOT EXISTS " : ""}${this.quoteIdentifier(op.name)}` }];
  }

  override dropSchema(op: ops.DropSchemaOp): Statement[] {
    if (!op.cascade) {
      throw new UnsupportedOperationError(
        `dropSchema("${op.name}") is DROP DATABASE on MySQL, which drops every table in it: pass { cascade: true } to confirm`,
      );
    }
    return [{ sql: `DROP DATABASE ${op.ifExists ? "IF EXISTS " : ""}${this.quoteIdentifier(op.name)}` }];
  }

  override unsupportedHint(op: ops.Op): string {
    if (op.kind === "createEnum" || op.kind === "dropEnum" || op.kind === "addEnumValue" || op.kind === "recreateEnum") {
      return `, which has no named enum types: give the column an inline type such as "enum('a','b')" and change it with alterColumn`;
    }
    if (op.kind === "createSequence" || op.kind === "alterSequence" || op.kind === "dropSequence") {
      return `, which has no sequences: use an AUTO_INCREMENT column (autoincrement: true)`;
    }
    return "";
  }

  /** Rows go inline (mysql2 sends text), so statements are cut by size as well as by row count: see max_allowed_packet. */
  override chunkRows<R>(rows: readonly R[], columns: readonly string[]): R[][] {
    return chunkRows(rows as readonly Readonly<Record<string, unknown>>[], columns) as R[][];
  }
}

export function constraintTypeOf(existing: ops.DropConstraintOp["existing"]): ops.ConstraintType | undefined {
  switch (existing?.kind) {
    case "createPrimaryKey":
      return "primary";
    case "createForeignKey":
      return "foreign";
    case "createUniqueConstraint":
      return "unique";
    case "createCheckConstraint":
      return "check";
    default:
      return undefined;
  }
}

/**
 * Find a constraint by name in the table's current definition; a name the server made up (users_ibfk_1,
 * CONSTRAINT_1), which reflection reads back unnamed, by its form.
 */
export function constraintTypeIn(model: TableModel | undefined, name: string): ops.ConstraintType | undefined {
  if (!model) return undefined;
  if (model.foreignKeys.some((fk) => fk.name === name)) return "foreign";
  if (model.uniques.some((u) => u.name === name) || model.indexes.some((ix) => ix.unique && ix.name === name)) return "unique";
  if (model.checks.some((c) => c.name === name)) return "check";
  if (name.toUpperCase() === "PRIMARY" || model.primaryKey?.name === name) return "primary";
  return generatedConstraintType(model, name);
}
