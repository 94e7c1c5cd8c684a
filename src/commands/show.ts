import { resolve } from "../script/resolve.ts";
import { readHeadsAlone } from "../runtime/session.ts";
import { revisionInfo, type RevisionInfo } from "./info.ts";
import type { CommandOptions } from "./options.ts";
import { loadGraph } from "./script.ts";

/**
 * `migrator show REV`: one revision (or several for "heads"). "current" (as in Alembic) reads the
 * database's revisions: none when it is at base.
 */
export async function show(options: CommandOptions & { readonly revision: string }): Promise<RevisionInfo[]> {
  const graph = await loadGraph(options.config);
  const current = /\bcurrent\b/.test(options.revision) ? await readHeadsAlone(options.config, options.onWait) : [];
  return resolve(graph, options.revision, current).map((id) => revisionInfo(graph, id));
}
