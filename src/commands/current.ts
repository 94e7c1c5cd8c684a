import { readHeads, withSession } from "../runtime/session.ts";
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
  const [rows, graph] = await Promise.all([withSession(options.config, readHeads), loadGraph(options.config)]);
  return { heads: rows, revisions: rows.map((id) => (graph.has(id) ? revisionInfo(graph, id) : null)), pending: upgradePlan(graph, rows.filter((r) => graph.has(r)), "heads").map((s) => s.revision) };
}
