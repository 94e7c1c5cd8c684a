import { revisionInfo, type RevisionInfo } from "./info.ts";
import type { CommandOptions } from "./options.ts";
import { loadGraph } from "./script.ts";

/** `migrator branches`: every branch point, with the revisions it branches into. */
export async function branches(options: CommandOptions): Promise<RevisionInfo[]> {
  const graph = await loadGraph(options.config);
  return graph.revisions.filter((r) => graph.children(r.revision).length > 1).map((r) => revisionInfo(graph, r.revision));
}
