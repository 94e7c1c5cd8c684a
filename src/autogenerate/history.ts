/**
 * What the database has, without a database: every revision's ops from base to the heads, replayed into
 * a model (the offline tracker's tables, plus enums, sequences, views made by op.createView, and schemas). Raw SQL cannot be read, so
 * a revision that runs `op.execute` is named in a warning: what it made is unknown here.
 */
import type { Dialect } from "../dialects/dialect.ts";
import { applyOp, type SchemaState } from "../schema/apply.ts";
import { applyEnumOp, type EnumState } from "../schema/apply_enum.ts";
import { normalizeModel } from "../schema/normalize.ts";
import { viewOf } from "../schema/view_of.ts";
import { alteredSequence } from "../schema/sequence.ts";
import { keepWrittenCountingTypes } from "../schema/written_type.ts";
import type { DatabaseModel, SequenceModel, ViewModel } from "../schema/model.ts";
import type { RevisionGraph } from "../script/graph.ts";
import { upgradePlan } from "../script/plan.ts";
import { replayRevisions, type ReplayContext } from "../runtime/replay.ts";
import { tableKey } from "./keys_of.ts";

/**
 * `existingSchemas`: schemas there before any revision runs (the version table's, which the first upgrade
 * needs made by hand), so that a schema module declaring one does not want it created.
 */
export async function historyModel(
  graph: RevisionGraph,
  dialect: Dialect,
  context: ReplayContext,
  existingSchemas: readonly string[] = [],
): Promise<{ model: DatabaseModel; warnings: string[] }> {
  const tables: SchemaState = new Map();
  const enums: EnumState = new Map();
  const sequences = new Map<string, SequenceModel>();
  const schemas = new Set<string>(existingSchemas);
  const views = new Map<string, ViewModel>();
  const warnings: string[] = [];
  const model = () => normalizeModel({ schemas: [...schemas], tables: [...tables.values()], enums: [...enums.values()], sequences: [...sequences.values()], views: [...views.values()] });
  await replayRevisions(graph, upgradePlan(graph, [], "heads"), dialect, context, {
    record(op, revision) {
      switch (op.kind) {
        case "createSchema": schemas.add(op.name); return;
        case "dropSchema": schemas.delete(op.name); return;
        case "createEnum": case "dropEnum": case "addEnumValue": case "recreateEnum": applyEnumOp(enums, op); return;
        case "createSequence": { const { kind: _, ifNotExists: _i, ...s } = op; sequences.set(tableKey(op), s); return; }
        case "alterSequence": {
          const was = sequences.get(tableKey(op));
          if (was) sequences.set(tableKey(op), alteredSequence(was, op));
          return;
        }
        case "dropSequence": sequences.delete(tableKey(op)); return;
        case "createView": views.set(tableKey(op), viewOf(op)); return;
        case "dropView": views.delete(tableKey(op)); return;
        case "execute": warnings.push(`Revision "${revision}" runs raw SQL (op.execute), which --offline cannot read: check what it creates by hand`); return;
        default:
          applyOp(tables, op);
          keepWrittenCountingTypes(tables, op, (type, column) => dialect.columnType(type, column));
      }
    },
    inspect: async () => model(),
    failed: (revision, why) => warnings.push(`Revision "${revision}" cannot be replayed offline (${why}): what it changes is unknown here`),
  });
  return {
    model: model(),
    warnings: [...new Set(warnings)],
  };
}

