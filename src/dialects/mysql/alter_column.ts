import { UnsupportedOperationError } from "../../errors.ts";
import { keepsCollation } from "../../operations/collatable.ts";
import type { AlterColumnOp, ColumnDef, DefaultValue } from "../../operations/ops.ts";
import { mentionsIdentifier } from "../../schema/identifiers.ts";
import type { TableModel } from "../../schema/model.ts";
import type { CompileContext, Statement } from "../dialect.ts";
import { columnCheckOf } from "./column_checks.ts";
import type { ColumnSpec, MysqlCompiler } from "./ddl.ts";
import { ON_UPDATE_DEFAULT } from "./defaults.ts";
import { swappedColumn, swapsVirtual } from "./virtual_swap.ts";

/**
 * ALTER of one column on MySQL. A change of type, nullability, comment, collation, AUTO_INCREMENT or generation
 * expression needs MODIFY COLUMN (CHANGE COLUMN when also renamed), which restates the whole column: what the op does
 * not change comes from the `existing*` hints, else from the table's current definition (reflected
 * online, tracked offline). Without either, every part of the column must be given: Alembic would drop
 * a default, comment or AUTO_INCREMENT nobody mentioned; migrator asks for it instead. MariaDB's column-level
 * CHECK is part of the column too: a reflected table's is restated (column_checks.ts). So is the
 * collation: MODIFY without COLLATE gives the column the table's default one, so the current collation
 * is restated from the same sources (when none knows it, the column gets the table's default, as before).
 * A default-only change uses ALTER COLUMN ... SET/DROP DEFAULT (MODIFY when the new or current default has
 * an ON UPDATE clause, which SET DEFAULT can neither write nor drop), a rename-only RENAME COLUMN
 * (MySQL 8.0, MariaDB 10.5). `using` (PostgreSQL) is ignored: MODIFY converts the values itself.
 */
export async function alterMysqlColumn(c: MysqlCompiler, op: AlterColumnOp, ctx: CompileContext): Promise<Statement[]> {
  const table = `ALTER TABLE ${c.qualify(op.table)}`;
  const column = c.quoteIdentifier(op.column);
  const renamed = op.newName !== undefined && op.newName !== op.column ? c.quoteIdentifier(op.newName) : undefined;
  let model: Promise<TableModel | undefined> | undefined;
  const current = () => (model ??= ctx.table(op.table));
  const redefine =
    op.type !== undefined || op.nullable !== undefined || op.comment !== undefined || op.autoincrement !== undefined || op.collation !== undefined || op.generated !== undefined ||
    (op.default !== undefined && (await setsOnUpdate(op, current)));

  if (!redefine) {
    const out: Statement[] = [];
    if (op.default === null) out.push({ sql: `${table} ALTER COLUMN ${column} DROP DEFAULT` });
    else if (op.default !== undefined) {
      // The type decides the form of some defaults: ('x') on TEXT, CURRENT_TIMESTAMP(6) on DATETIME(6).
      const type = op.existingType ?? (await ctx.table(op.table))?.columns.find((col) => col.name === op.column)?.type;
      const value = c.defaultFor(type === undefined ? "" : c.columnType(type), op.default);
      out.push({ sql: `${table} ALTER COLUMN ${column} SET DEFAULT ${value}` });
    }
    if (renamed) out.push({ sql: `${table} RENAME COLUMN ${column} TO ${renamed}` });
    return out;
  }

  const spec = await columnSpec(op, current);
  const head = renamed ? `CHANGE COLUMN ${column} ${renamed}` : `MODIFY COLUMN ${column}`;
  const condition = columnCheckOf(await current(), op.column);
  // The condition names the column as MariaDB prints it (`name`): renamed, it names the new one.
  const check = condition === undefined ? "" : ` CHECK (${renamed ? condition.replaceAll(column, renamed) : condition})`;
  const known = await current();
  const was = known?.columns.find((col) => col.name.toLowerCase() === op.column.toLowerCase());
  // To or from VIRTUAL: made anew beside it (virtual_swap.ts), its values kept when it becomes plain.
  if (known && swapsVirtual(was, spec)) return await swappedColumn(c, op, known, spec, condition, ctx);
  return [{ sql: `${table} ${head} ${c.columnSpec(spec, true)}${check}${await afterWhatItReads(c, op, current)}` }];
}

/**
 * A column made generated, or given another expression, is computed from the columns defined before it
 * ("Expression for field ... is referring to uninitialized field"): when its expression reads one defined
 * after it (the table as it is: reflected online, tracked offline), it moves after the last of those.
 */
async function afterWhatItReads(c: MysqlCompiler, op: AlterColumnOp, table: () => Promise<TableModel | undefined>): Promise<string> {
  if (!op.generated) return "";
  const columns = (await table())?.columns ?? [];
  const here = columns.findIndex((col) => col.name.toLowerCase() === op.column.toLowerCase());
  if (here < 0) return "";
  const last = columns.reduce((at, col, i) => (i > here && mentionsIdentifier(op.generated!.sql, col.name) ? i : at), -1);
  return last < 0 ? "" : ` AFTER ${c.quoteIdentifier(columns[last]!.name)}`;
}

/**
 * Whether the new default or the column's current one has an ON UPDATE clause: then only MODIFY changes it
 * (SET DEFAULT can neither write it, a syntax error, nor drop it).
 */
async function setsOnUpdate(op: AlterColumnOp, table: () => Promise<TableModel | undefined>): Promise<boolean> {
  const has = (d: DefaultValue | undefined) => d !== undefined && d !== null && typeof d === "object" && ON_UPDATE_DEFAULT.test(d.sql);
  if (has(op.default)) return true;
  const existing = op.existingDefault !== undefined ? op.existingDefault : (await table())?.columns.find((col) => col.name === op.column)?.default;
  return has(existing);
}

/** The column as it will be: the op's changes over the hints over the current definition. */
async function columnSpec(op: AlterColumnOp, table: () => Promise<TableModel | undefined>): Promise<ColumnSpec> {
  const lookup = async (): Promise<ColumnDef | undefined> => (await table())?.columns.find((col) => col.name === op.column);
  const pick = async <T>(value: T | undefined, hint: T | undefined, read: (col: ColumnDef) => T | undefined): Promise<T | undefined> => {
    if (value !== undefined) return value;
    if (hint !== undefined) return hint;
    const col = await lookup();
    return col ? read(col) : undefined;
  };

  const type = await pick(op.type, op.existingType, (col) => col.type);
  if (type === undefined) throw missingHint(op, "type", "existingType", `existingType: "varchar(255)"`);
  const nullable = await pick(op.nullable, op.existingNullable, (col) => col.nullable ?? !col.primaryKey);
  if (nullable === undefined) throw missingHint(op, "nullability", "existingNullable", "existingNullable: false");
  const dflt: DefaultValue | undefined = await pick(op.default, op.existingDefault, (col) => col.default ?? null);
  const comment = await pick(op.comment, op.existingComment, (col) => col.comment ?? null);
  const autoincrement = await pick(op.autoincrement, op.existingAutoincrement, (col) => col.autoincrement ?? false);
  // With no definition to read (offline, a table made by raw SQL), MODIFY would silently drop a default,
  // a comment or AUTO_INCREMENT nobody mentioned: ask for them instead (null / false when there is none).
  if (dflt === undefined) throw missingHint(op, "default", "existingDefault", "existingDefault: null when it has none");
  if (comment === undefined) throw missingHint(op, "comment", "existingComment", "existingComment: null when it has none");
  if (autoincrement === undefined) throw missingHint(op, "AUTO_INCREMENT", "existingAutoincrement", "existingAutoincrement: false");
  // `collation: null`: back to the table's default, which is what MODIFY without COLLATE gives.
  const collation = await pick(op.collation, op.existingCollation, (col) => col.collation ?? null);
  // A generated column stays generated unless the op says otherwise (MODIFY without the clause makes it a
  // plain column, keeping its values; MariaDB only from STORED: "This is not yet supported for generated columns").
  const generated = op.generated !== undefined ? op.generated : op.existingGenerated !== undefined ? op.existingGenerated : (await lookup())?.generated;

  return {
    type,
    nullable,
    // A computed column has no default (the server refuses one).
    ...(dflt !== null && !generated ? { default: dflt } : {}),
    ...(autoincrement ? { autoincrement: true } : {}),
    ...(comment ? { comment } : {}),
    ...(generated ? { generated } : {}),
    // A collation the column keeps goes only to a type that takes one (MySQL may refuse it on INT).
    ...(collation !== undefined && collation !== null && (op.collation !== undefined || keepsCollation(type)) ? { collation } : {}),
  };
}

function missingHint(op: AlterColumnOp, what: string, field: string, example: string): UnsupportedOperationError {
  const name = `${op.table.schema ? `${op.table.schema}.` : ""}${op.table.name}.${op.column}`;
  return new UnsupportedOperationError(
    `Cannot alter column "${name}" on MySQL: MODIFY COLUMN restates the whole column and its current ${what} is unknown ` +
      `(the table is not in the database or not tracked offline); pass ${field} (e.g. ${example})`,
  );
}
