/**
 * The baseline of offline runs: the tables that existed before the first revision (a project adopting
 * migrator, whose first revisions alter them). `baseline_schema = baseline.ts` in the config section
 * names a schema module (defineSchema, as for autogenerate); offline, its tables are known before the
 * revisions run, so SQLite rebuilds, MySQL MODIFY and drops found by structure need no live database.
 * SQLite and libSQL also read `baseline_schema = baseline.sql`, a file of CREATE TABLE statements.
 */
import { resolve } from "node:path";
import { loadSchema } from "../autogenerate/load_schema.ts";
import { conventionName } from "../schema/naming.ts";
import { DEFAULT_NAMING } from "../autogenerate/declare.ts";
import { existsSync, readFileSync } from "node:fs";
import { createTableOp } from "../autogenerate/declared.ts";
import type { Config } from "../config/types.ts";
import type { Dialect } from "../dialects/dialect.ts";
import { ConfigError } from "../errors.ts";
import type { CreateIndexOp, CreateTableOp, Op } from "../operations/ops.ts";
import { indexColumnExpression, indexColumnName } from "../operations/index_column.ts";

/** The config key naming the baseline schema module, relative to the config file. */
export const BASELINE_KEY = "baseline_schema";

/**
 * The ops that build the baseline: one createTable per declared table, its constraints as declared
 * (unnamed ones stay unnamed: the server named them), and its indexes (unnamed ones named by the
 * schema's `ix` convention). None when no baseline is configured.
 */
export async function baselineOps(config: Config, dialect: Dialect): Promise<Op[]> {
  const configured = config.options[BASELINE_KEY];
  if (!configured) return [];
  const path = resolve(config.here, configured);
  if (/\.sql$/i.test(path)) return sqlBaselineOps(path, dialect);
  const maxNameLength = dialect.capabilities.maxIdentifierLength;
  const { schema } = await loadSchema(path);
  const ix = schema.naming?.ix ?? DEFAULT_NAMING.ix;
  const ops: Op[] = [];
  for (const t of schema.tables) {
    const { indexes = [], renamedFrom: _r, ...options } = t.options;
    const columns = t.columns.map(({ renamedFrom: _c, ...column }) => column);
    const create: CreateTableOp = { kind: "createTable", table: t.table, columns, ...options };
    ops.push(create);
    for (const index of indexes) {
      const columnNames = index.columns.map((c) => indexColumnName(c) ?? indexColumnExpression(c) ?? "");
      const name = index.name ?? conventionName(ix, { table: t.table.name, columns: columnNames }, maxNameLength);
      const op: CreateIndexOp = {
        kind: "createIndex",
        name,
        table: t.table,
        columns: index.columns,
        ...(index.unique ? { unique: true } : {}),
        ...(index.where !== undefined ? { where: index.where } : {}),
        ...(index.method !== undefined ? { method: index.method } : {}),
        ...(index.nullsNotDistinct ? { nullsNotDistinct: true } : {}),
        ...(index.include !== undefined && index.include.length > 0 ? { include: index.include } : {}),
      };
      ops.push(op);
    }
  }
  return ops;
}

/** A baseline of CREATE TABLE statements, read by the dialect (SQLite, libSQL); others are told to use a module. */
async function sqlBaselineOps(path: string, dialect: Dialect): Promise<Op[]> {
  if (!dialect.readSchemaSql) {
    throw new ConfigError(
      `${BASELINE_KEY} = ${path}: ${dialect.name} cannot read SQL without a server; declare the baseline tables in a schema module ` +
        `(baseline.ts with defineSchema({ tables: [...] })) instead`,
    );
  }
  if (!existsSync(path)) throw new ConfigError(`The baseline file ${path} does not exist`);
  let model;
  try {
    model = await dialect.readSchemaSql(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError(`Cannot read the baseline ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return model.tables.flatMap((t): Op[] => [createTableOp(t), ...t.indexes]);
}
