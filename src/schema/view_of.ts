import type { CreateViewOp } from "../operations/ops.ts";
import type { ViewModel } from "./model.ts";

/**
 * The view a createView op makes, as the history and the offline tracker keep it: what the op says beyond
 * the model (comments, grants, owner, a materialized view's indexes) is `kept`, never compared, so that a
 * view an offline revision makes again keeps it, as one made again online keeps what the database has.
 */
export function viewOf(op: CreateViewOp): ViewModel {
  const { kind: _k, name, schema, query, checkOption, materialized, withData, ...kept } = op;
  return {
    name,
    ...(schema ? { schema } : {}),
    query,
    ...(checkOption ? { checkOption } : {}),
    ...(materialized ? { materialized: true as const, ...(withData === false ? { withData: false as const } : {}) } : {}),
    ...(Object.keys(kept).length > 0 ? { kept } : {}),
  };
}
