import { readHeadsAlone } from "../runtime/session.ts";
import { historyRevisions } from "../script/walk.ts";
import { revisionInfo, type RevisionInfo } from "./info.ts";
import type { CommandOptions } from "./options.ts";
import { loadGraph } from "./script.ts";

export interface HistoryOptions extends CommandOptions {
  /** "a:b", "base:head", "-3:", "current:" ... */
  readonly range?: string;
  /** Read the database's current revisions to mark them (and to resolve "current" in the range). */
  readonly indicateCurrent?: boolean;
}

export interface HistoryResult {
  /** Newest first. */
  readonly revisions: readonly RevisionInfo[];
  /** The database's current revisions, when asked for (or needed by the range). */
  readonly current: readonly string[];
}

/** `migrator history`: revisions newest first. Connects only for -i or a range that mentions "current". */
export async function history(options: HistoryOptions): Promise<HistoryResult> {
  const graph = await loadGraph(options.config);
  const range = options.range ?? null;
  const needsDb = options.indicateCurrent === true || (range !== null && /current|[+-]\d/.test(range));
  const current = needsDb ? await readHeadsAlone(options.config, options.onWait) : [];
  return { revisions: historyRevisions(graph, range, current).map((id) => revisionInfo(graph, id)), current };
}
