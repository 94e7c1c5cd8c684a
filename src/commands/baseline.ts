/**
 * The baseline of offline runs: the tables that existed before the first revision (a project adopting
 * migrator, whose first revisions alter them). `baseline_schema = baseline.ts` in the config section
 * names a schema module (defineSchema, as for autogenerate); offline, its tables are known before the
 * revisions run, so SQLite rebuilds, MySQL MODIFY and drops found by structure need no live database.
 */
import { resolve } from "node:path";
import { loadSchema } from "../autogenerate/load_schema.ts";
import { conventionName } from "../schema/naming.ts";
import { DEFAULT_NAMING } from "../autogenerate/declare.ts";
import type { Config } from "../config/types.ts";
import type { CreateIndexOp, CreateTableOp, Op } from "../operations/ops.ts";

/** The config key naming the baseline schema module, relative to the config file. */
export const BASELINE_KEY = "baseline_schema";

/**
 * The ops that build the baseline: one createTable per declared table, its constraints as declared
 * (unnamed ones stay unnamed: the server named them), and its indexes (unnamed ones named by the
 * schema's `ix` convention). None when no baseline is configured.
 */
export async function baselineOps(config: Config, maxNameLength: number): Promise<Op[]> {
  const configured = config.options[BASELINE_KEY];
  if (!configured) return [];
  const { schema } = await loadSchema(resolve(config.here, configured));
  const ix = schema.naming?.ix ?? DEFAULT_NAMING.ix;
  const ops: Op[] = [];
  for (const t of schema.tables) {
    const { indexes = [], renamedFrom: _r, ...options } = t.options;
    const columns = t.columns.map(({ renamedFrom: _c, ...column }) => column);
    const create: CreateTableOp = { kind: "createTable", table: t.table, columns, ...options };
    ops.push(create);
    for (const index of indexes) {
      const columnNames = index.columns.map((c) => (typeof c === "string" ? c : c.expression));
      const name = index.name ?? conventionName(ix, { table: t.table.name, columns: columnNames }, maxNameLength);
      const op: CreateIndexOp = {
        kind: "createIndex",
        name,
        table: t.table,
        columns: index.columns,
        ...(index.unique ? { unique: true } : {}),
        ...(index.where !== undefined ? { where: index.where } : {}),
        ...(index.method !== undefined ? { method: index.method } : {}),
      };
      ops.push(op);
    }
  }
  return ops;
}
