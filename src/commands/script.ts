import { readdirSync } from "node:fs";
import type { Config } from "../config/types.ts";
import { ScriptError } from "../errors.ts";
import { RevisionGraph } from "../script/graph.ts";
import { scanRevisions } from "../script/directory.ts";

/**
 * Read every revision header of the project and build the graph. Imports no migration module.
 * `keepSources`: keep the files' texts for the import that follows (script/sources.ts).
 */
export async function loadGraph(config: Config, options: { readonly keepSources?: boolean } = {}): Promise<RevisionGraph> {
  return RevisionGraph.build(await scanRevisions(config.versionLocations, { recursive: config.recursiveVersionLocations, keepSources: options.keepSources ?? false }));
}

/**
 * The graph for a command that writes the version table (upgrade, downgrade, stamp): a project with no
 * revision at all is a mistake (a wrong folder, Alembic's `.py` files not ported yet), reported with what
 * the folders hold, rather than a success that creates an empty version table.
 */
export async function loadRunnableGraph(config: Config, options: { readonly keepSources?: boolean } = {}): Promise<RevisionGraph> {
  const graph = await loadGraph(config, options);
  if (graph.ids.length > 0) return graph;
  const files = config.versionLocations.flatMap((dir) => readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith(".")).map((e) => e.name));
  const python = files.filter((f) => f.endsWith(".py")).length;
  const where = config.versionLocations.join(", ");
  if (python > 0) {
    throw new ScriptError(
      `No revisions in ${where}: it holds ${python} Alembic .py file(s)${files.length > python ? ` and ${files.length - python} other file(s)` : ""}, ` +
        `which migrator does not run; write each as a .ts or .sql revision with the same revision id (the version table keeps working), or point version_locations at the folder of those`,
    );
  }
  throw new ScriptError(
    `No revisions in ${where} (${files.length === 0 ? "the folder is empty" : `${files.length} file(s), none a .ts, .js or .sql revision`}): ` +
      `create one with "migrator revision -m MESSAGE", or point script_location / version_locations at the right folder`,
  );
}
