import type { Config } from "../config/types.ts";
import { RevisionGraph } from "../script/graph.ts";
import { scanRevisions } from "../script/directory.ts";

/** Read every revision header of the project and build the graph. Imports no migration module. */
export async function loadGraph(config: Config): Promise<RevisionGraph> {
  return RevisionGraph.build(await scanRevisions(config.versionLocations, { recursive: config.recursiveVersionLocations }));
}
