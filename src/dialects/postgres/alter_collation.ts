import type { AlterColumnOp, ColumnType } from "../../operations/ops.ts";
import type { CompileContext } from "../dialect.ts";

/**
 * What ALTER COLUMN ... TYPE must restate about a column the op does not change: its type (for a change
 * of collation) and its collation (for a change of type, which would otherwise reset it to the type's
 * default). Read from the table as it is: reflected online, tracked offline; undefined when unknown.
 */
export async function restated(op: AlterColumnOp, ctx: CompileContext): Promise<{ type?: ColumnType; collation?: string }> {
  const model = await ctx.table(op.table);
  const column = model?.columns.find((c) => c.name === op.column) ?? model?.columns.find((c) => c.name.toLowerCase() === op.column.toLowerCase());
  if (!column) return {};
  return { type: column.type, ...(column.collation !== undefined ? { collation: column.collation } : {}) };
}
