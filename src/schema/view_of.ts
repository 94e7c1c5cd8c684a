import type { CreateViewOp } from "../operations/ops.ts";
import type { ViewModel } from "./model.ts";

/** The view a createView op makes, as the history and the offline tracker keep it (what it says beyond the model is not kept). */
export function viewOf(op: CreateViewOp): ViewModel {
  const materialized = op.materialized ? { materialized: true as const, ...(op.withData === false ? { withData: false as const } : {}) } : {};
  return { name: op.name, ...(op.schema ? { schema: op.schema } : {}), query: op.query, ...(op.checkOption ? { checkOption: op.checkOption } : {}), ...materialized };
}
