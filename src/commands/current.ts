import { DatabaseBehindError, RevisionError } from "../errors.ts";
import { readHeadsAlone } from "../runtime/session.ts";
import { upgradePlan } from "../script/plan.ts";
import { revisionInfo, type RevisionInfo } from "./info.ts";
import type { CommandOptions } from "./options.ts";
import { loadGraph } from "./script.ts";

export interface CurrentResult {
  /** The version table's rows. */
  readonly heads: readonly string[];
  /** Each row's revision; null for a row that names a revision this project does not have. */
  readonly revisions: readonly (RevisionInfo | null)[];
  /** Revisions `upgrade heads` would still apply: empty when the database is at every head. */
  readonly pending: readonly string[];
}

/** `migrator current`: the revisions the database is at. */
export async function current(options: CommandOptions): Promise<CurrentResult> {
  const [rows, graph] = await Promise.all([readHeadsAlone(options.config, options.onWait), loadGraph(options.config)]);
  return { heads: rows, revisions: rows.map((id) => (graph.has(id) ? revisionInfo(graph, id) : null)), pending: upgradePlan(graph, rows.filter((r) => graph.has(r)), "heads").map((s) => s.revision) };
}

/**
 * `current --check-heads` (readiness checks): throws unless the database is at every head; a
 * DatabaseBehindError (exit code 5) when revisions are still to apply, a RevisionError when the
 * database is at a revision this project does not have.
 */
export function checkHeads(result: CurrentResult): void {
  const unknown = result.heads.filter((_, i) => result.revisions[i] === null);
  if (unknown.length > 0) {
    throw new RevisionError(
      `The database is at ${unknown.map((h) => `"${h}"`).join(", ")}, which this project does not have; deploy the matching revisions or stamp the database`,
    );
  }
  if (result.pending.length > 0) throw new DatabaseBehindError(result.pending);
}
