import { UnsupportedOperationError } from "../../errors.ts";
import type * as ops from "../../operations/ops.ts";
import { applyAlterations } from "../../schema/apply.ts";
import { splitDependents } from "../../schema/dependents.ts";
import { unusedColumnName } from "../../schema/naming.ts";
import type { CompileContext, Statement } from "../dialect.ts";
import type { SqlCompiler } from "../sql/compiler.ts";

/**
 * A column made generated, or given another expression, on PostgreSQL (alterColumn `generated: { sql }`).
 * No ALTER makes a plain column generated, so the column is dropped and added again with the op's changes,
 * its values recomputed; DROP COLUMN drops the indexes and constraints on it, so those the table has (reflected
 * online, tracked offline) are made again after, and its comment with the column. It comes last in the
 * table's columns. Online, what the model cannot make again (an exclusion constraint, extended statistics,
 * column privileges: CompileContext.lostWithColumn) refuses the op instead of going with the column. This is the downgrade of a generated column made plain (DROP EXPRESSION).
 *
 * A VIRTUAL column made plain (PostgreSQL 18, which has no DROP EXPRESSION for one: `copiedColumn`) is made
 * anew the same way, keeping its values: a STORED column added beside it with its expression (computed by
 * the table's rewrite, not by an UPDATE, so no trigger fires and no row security hides a row), made plain
 * with DROP EXPRESSION, the old one dropped, the new one renamed to its name (and made NOT NULL where it is
 * to be), then what DROP COLUMN took made again. It too comes last in the table's columns.
 */
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function recomputedColumn(c: SqlCompiler, op: ops.AlterColumnOp, ctx: CompileContext): Promise<Statement[]> {
  return rebuiltColumn(c, op, ctx, false);
}

export function copiedColumn(c: SqlCompiler, op: ops.AlterColumnOp, ctx: CompileContext): Promise<Statement[]> {
  return rebuiltColumn(c, op, ctx, true);
}

async function rebuiltColumn(c: SqlCompiler, op: ops.AlterColumnOp, ctx: CompileContext, copy: boolean): Promise<Statement[]> {
  const where = `${op.table.schema ? `${op.table.schema}.` : ""}${op.table.name}.${op.column}`;
  const how = copy ? "a plain column on PostgreSQL: a VIRTUAL column is made anew, computed beside it" : "a generated column on PostgreSQL: it is dropped and added again";
  const refuse = (why: string) => new UnsupportedOperationError(`Cannot make "${where}" ${how}, ${why}`);
  const before = await ctx.table(op.table);
  if (!before?.columns.some((col) => sameName(col.name, op.column))) {
    throw refuse("with the indexes and constraints on it, and the table or the column is not in the database (or not tracked offline); drop it and add it with op.dropColumn and op.addColumn");
  }
  const was = before.columns.find((col) => sameName(col.name, op.column))!;
  if (copy && !was.generated) throw refuse("and it is not a generated column in the database (or as tracked offline)");
  // The new column's values come from the expression, not through a cast of the old values.
  if (copy && op.using !== undefined) throw refuse("and `using` has no values to work on (they come from its expression): change the type in an op of its own");
  const after = applyAlterations(before, [op]);
  const name = op.newName ?? op.column;
  const column = after.columns.find((col) => sameName(col.name, name))!;
  const inKey = column.primaryKey || (after.primaryKey?.columns.some((k) => sameName(k, name)) ?? false);
  if (inKey) throw refuse("and it is in the primary key; drop the key first, or drop the column and add it with op.dropColumn and op.addColumn");
  // Online, what the catalog holds beyond the model (an exclusion constraint...) would go without a word.
  const lost = ctx.lostWithColumn ? await ctx.lostWithColumn(op.table, op.column) : [];
  if (lost.length > 0) {
    throw refuse(
      `which would lose what migrator cannot make again: ${lost.join(", ")}; drop those before this op and make them again after it (op.execute), ` +
        `or drop the column and add it yourself`,
    );
  }
  const { dependents } = splitDependents(after, new Set([name.toLowerCase()]));
  const unnamed = [...dependents.uniques, ...dependents.foreignKeys].find((k) => k.name === undefined);
  if (unnamed) throw refuse(`and a key on it has no known name to make it again with (${unnamed.columns.join(", ")}); name it`);
  const table = op.table;
  const rebuilt: ops.Op[] = [
    ...(copy ? copyOps(op, column, was.generated!.sql, before.columns.map((col) => col.name)) : [{ kind: "dropColumn", table, column: op.column } as const, { kind: "addColumn", table, column } as const]),
    ...dependents.indexes.map((ix): ops.Op => ({ ...ix, table })),
    ...dependents.uniques.map((u): ops.Op => ({ kind: "createUniqueConstraint", name: u.name!, table, columns: u.columns, ...(u.nullsNotDistinct ? { nullsNotDistinct: true } : {}) })),
    ...dependents.checks.map((k): ops.Op => ({ kind: "createCheckConstraint", table, condition: k.condition, ...(k.name !== undefined ? { name: k.name } : {}) })),
    ...dependents.foreignKeys.map((fk): ops.Op => ({ kind: "createForeignKey", name: fk.name!, table, foreignKey: fk })),
  ];
  const out: Statement[] = [];
  for (const step of rebuilt) out.push(...(await c.compile(step, ctx)));
  return out;
}

/**
 * The column made anew beside the old one, computed from `expression` (the old one's), made plain, put in
 * its place (`column`: as it is to be).
 */
function copyOps(op: ops.AlterColumnOp, column: ops.ColumnDef, expression: string, taken: readonly string[]): ops.Op[] {
  const temp = unusedColumnName("_migrator_copy", taken);
  // A default (given with generated: null) comes once the column is plain.
  const { nullable: _, default: given, ...rest } = column;
  const table = op.table;
  const stored = { sql: expression, stored: true };
  return [
    { kind: "addColumn", table, column: { ...rest, name: temp, generated: stored } },
    { kind: "alterColumn", table, column: temp, generated: null, existingGenerated: stored },
    { kind: "dropColumn", table, column: op.column },
    { kind: "alterColumn", table, column: temp, newName: column.name, ...(column.nullable === false ? { nullable: false } : {}), ...(given !== undefined ? { default: given } : {}) },
  ];
}
