import { revisionInfo, type RevisionInfo } from "./info.ts";
import type { CommandOptions } from "./options.ts";
import { loadGraph } from "./script.ts";

/** A branch point and the revisions it branches into. */
export interface BranchPoint extends RevisionInfo {
  readonly children: readonly RevisionInfo[];
}

/** `migrator branches`: every branch point, with the revisions it branches into. */
export async function branches(options: CommandOptions): Promise<BranchPoint[]> {
  const graph = await loadGraph(options.config);
  return graph.revisions
    .filter((r) => graph.children(r.revision).length > 1)
    .map((r) => ({ ...revisionInfo(graph, r.revision), children: graph.children(r.revision).map((c) => revisionInfo(graph, c)) }));
}
