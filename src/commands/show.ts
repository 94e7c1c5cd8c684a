import { resolve } from "../script/resolve.ts";
import { revisionInfo, type RevisionInfo } from "./info.ts";
import type { CommandOptions } from "./options.ts";
import { loadGraph } from "./script.ts";

/** `migrator show REV`: one revision (or several for "heads"). */
export async function show(options: CommandOptions & { readonly revision: string }): Promise<RevisionInfo[]> {
  const graph = await loadGraph(options.config);
  return resolve(graph, options.revision, []).map((id) => revisionInfo(graph, id));
}
