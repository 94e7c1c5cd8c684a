import { UnsupportedOperationError } from "../../errors.ts";
import type * as ops from "../../operations/ops.ts";
import { SchemaObjectNotFoundError } from "../../schema/errors.ts";
import { describeQuery, findConstraints, listConstraints } from "../../schema/find_constraint.ts";
import type { CompileContext, Statement } from "../dialect.ts";
import type { SqlCompiler } from "./compiler.ts";

/** A dropConstraint op whose constraint is known by name. */
export type NamedDropConstraint = ops.DropConstraintOp & { readonly name: string };

/**
 * The constraint a dropConstraint op means, by name: a drop by structure (`columns`, `check`) or with
 * `ifExists` looks the table up (reflected with the server's names online, tracked offline). Null: the
 * op has ifExists and the table has no such constraint, so nothing is to be done. Statements: the
 * dialect finds the server's name itself when the script runs (dropFoundInCatalog).
 */
export async function resolveDropConstraint(compiler: SqlCompiler, op: ops.DropConstraintOp, ctx: CompileContext): Promise<NamedDropConstraint | Statement[] | null> {
  if (op.name !== undefined && !op.ifExists && op.columns === undefined && op.check === undefined) return op as NamedDropConstraint;
  const model = await ctx.table(op.table);
  if (!model) {
    // The table is not known (offline: made by raw SQL or before the tracked range): the server decides.
    if (op.name !== undefined && op.columns === undefined && op.check === undefined) return op as NamedDropConstraint;
    // The table's primary key, without its name (autogenerate's form): the dialect's own name for it
    // (MySQL: PRIMARY), or the name the catalog has when the statement runs (PostgreSQL).
    if (op.type === "primary" && op.columns === undefined && op.check === undefined) {
      const { columns: _c, check: _k, ifExists: _i, ...rest } = op;
      const name = compiler.primaryKeyName(op.table);
      if (name !== undefined) return { ...rest, name, type: "primary" };
      const lookup = compiler.dropFoundInCatalog(op.table, { type: "primary", def: { columns: [] } }, undefined);
      if (lookup) return lookup;
    }
    throw new UnsupportedOperationError(
      `dropConstraint on "${op.table.name}" finds the ${describeQuery(op)} in the table's definition, but the table is not known: ` +
        `offline (--sql), no earlier op of this run created it; give the constraint's name, or pass a baseline schema (baseline_schema) for offline runs`,
    );
  }
  const found = findConstraints(model, op);
  if (found.length === 0) {
    if (op.ifExists) return null;
    throw new SchemaObjectNotFoundError(`Table "${op.table.name}" has no ${describeQuery(op)}; its constraints: ${listConstraints(model)}`);
  }
  if (found.length > 1) {
    throw new UnsupportedOperationError(
      `dropConstraint on "${op.table.name}": ${found.length} constraints match the ${describeQuery(op)}; say which with its name or its type and columns`,
    );
  }
  const c = found[0]!;
  const name = c.name ?? (c.type === "primary" ? compiler.primaryKeyName(op.table) : compiler.serverConstraintName(model, c));
  const lookup = name === undefined ? compiler.dropFoundInCatalog(op.table, c, model) : undefined;
  if (lookup) return lookup;
  if (name === undefined) {
    throw new UnsupportedOperationError(
      `dropConstraint on "${op.table.name}": the ${describeQuery(op)} has no name of its own, and the name the ${compiler.dialectName} server gave it ` +
        `is not known offline (--sql); run this revision online, or give the constraint a name when it is created`,
    );
  }
  const { columns: _c, check: _k, ifExists: _i, ...rest } = op;
  return { ...rest, name, type: c.type };
}
