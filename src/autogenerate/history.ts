/**
 * What the database has, without a database: every revision's ops from base to the heads, replayed into
 * a model (the offline tracker's tables, plus enums, sequences and schemas). Raw SQL cannot be read, so
 * a revision that runs `op.execute` is named in a warning: what it made is unknown here.
 */
import type { Dialect } from "../dialects/dialect.ts";
import { MigratorError } from "../errors.ts";
import { Operations, type OpSink } from "../operations/operations.ts";
import type { Op } from "../operations/ops.ts";
import { applyOp, type SchemaState } from "../schema/apply.ts";
import { applyEnumOp, type EnumState } from "../schema/apply_enum.ts";
import { normalizeModel } from "../schema/normalize.ts";
import { keepWrittenCountingTypes } from "../schema/written_type.ts";
import type { DatabaseModel, SequenceModel } from "../schema/model.ts";
import type { RevisionGraph } from "../script/graph.ts";
import { loadMigrations } from "../script/load.ts";
import { upgradePlan } from "../script/plan.ts";
import { tableKey } from "./keys_of.ts";

/**
 * `existingSchemas`: schemas there before any revision runs (the version table's, which the first upgrade
 * needs made by hand), so that a schema module declaring one does not want it created.
 */
export async function historyModel(
  graph: RevisionGraph,
  dialect: Dialect,
  context: { x: Readonly<Record<string, string>>; config: Readonly<Record<string, string>> },
  existingSchemas: readonly string[] = [],
): Promise<{ model: DatabaseModel; warnings: string[] }> {
  const steps = upgradePlan(graph, [], "heads");
  const modules = await loadMigrations(steps.map((s) => graph.get(s.revision)!));
  const tables: SchemaState = new Map();
  const enums: EnumState = new Map();
  const sequences = new Map<string, SequenceModel>();
  const schemas = new Set<string>(existingSchemas);
  const warnings: string[] = [];
  let revision = "";
  const record = (op: Op): void => {
    switch (op.kind) {
      case "createSchema": schemas.add(op.name); return;
      case "dropSchema": schemas.delete(op.name); return;
      case "createEnum": case "dropEnum": case "addEnumValue": case "recreateEnum": applyEnumOp(enums, op); return;
      case "createSequence": { const { kind: _, ifNotExists: _i, ...s } = op; sequences.set(tableKey(op), s); return; }
      case "dropSequence": sequences.delete(tableKey(op)); return;
      case "execute": warnings.push(`Revision "${revision}" runs raw SQL (op.execute), which --offline cannot read: check what it creates by hand`); return;
      default:
        applyOp(tables, op);
        keepWrittenCountingTypes(tables, op, (type, column) => dialect.columnType(type, column));
    }
  };
  const sink: OpSink = {
    run: async (op) => record(op),
    query: () => Promise.reject(new MigratorError("op.query() needs a live database")),
    autocommit: (fn) => fn(),
    literal: (value) => dialect.literal(value),
    quote: (name) => dialect.quoteIdentifier(name),
    inspect: async () => normalizeModel({ schemas: [...schemas], tables: [...tables.values()], enums: [...enums.values()], sequences: [...sequences.values()] }),
  };
  for (const [i, module] of modules.entries()) {
    revision = steps[i]!.revision;
    const op = new Operations(sink, { dialect: dialect.name, capabilities: dialect.capabilities, quoteSyntax: dialect.quoteSyntax, offline: true, ...context });
    try {
      await module.upgrade(op);
      await op.flush();
    } catch (error) {
      warnings.push(`Revision "${revision}" cannot be replayed offline (${error instanceof Error ? error.message : String(error)}): what it changes is unknown here`);
    }
  }
  return {
    model: normalizeModel({ schemas: [...schemas], tables: [...tables.values()], enums: [...enums.values()], sequences: [...sequences.values()] }),
    warnings: [...new Set(warnings)],
  };
}

