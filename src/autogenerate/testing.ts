/** Test helper: the model a list of ops builds, as the offline history replay makes it. */
import type { Op } from "../operations/ops.ts";
import { applyOp, type SchemaState } from "../schema/apply.ts";
import type { DatabaseModel, EnumModel } from "../schema/model.ts";

export function historyOf(ops: readonly Op[]): DatabaseModel {
  const tables: SchemaState = new Map();
  const enums: EnumModel[] = [];
  for (const op of ops) {
    if (op.kind === "createEnum") enums.push({ name: op.name, ...(op.schema ? { schema: op.schema } : {}), values: [...op.values] });
    else applyOp(tables, op);
  }
  return { schemas: [], tables: [...tables.values()], enums, sequences: [] };
}
