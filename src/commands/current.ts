import { readHeads, withSession } from "../runtime/session.ts";
import { revisionInfo, type RevisionInfo } from "./info.ts";
import type { CommandOptions } from "./options.ts";
import { loadGraph } from "./script.ts";

export interface CurrentResult {
  /** The version table's rows. */
  readonly heads: readonly string[];
  /** Each row's revision; null for a row that names a revision this project does not have. */
  readonly revisions: readonly (RevisionInfo | null)[];
}

/** `migrator current`: the revisions the database is at. */
export async function current(options: CommandOptions): Promise<CurrentResult> {
  const [rows, graph] = await Promise.all([withSession(options.config, readHeads), loadGraph(options.config)]);
  return { heads: rows, revisions: rows.map((id) => (graph.has(id) ? revisionInfo(graph, id) : null)) };
}
