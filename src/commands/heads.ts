import { revisionInfo, type RevisionInfo } from "./info.ts";
import type { CommandOptions } from "./options.ts";
import { loadGraph } from "./script.ts";

/** `migrator heads`: the revisions nothing builds on yet. Reads headers only. */
export async function heads(options: CommandOptions): Promise<RevisionInfo[]> {
  const graph = await loadGraph(options.config);
  return graph.heads.map((id) => revisionInfo(graph, id));
}
