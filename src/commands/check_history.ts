import { Journal } from "../bookkeeping/journal.ts";
import { incompleteRows } from "../bookkeeping/incomplete.ts";
import { revisionChecksum } from "../bookkeeping/checksum.ts";
import { checkHistory, historyMatches, type HistoryCheck } from "../bookkeeping/verify.ts";
import { readHeads, withSession } from "../runtime/session.ts";
import { connectionTarget } from "../runtime/target.ts";
import type { CommandOptions } from "./options.ts";
import { loadGraph } from "./script.ts";

export interface CheckHistoryResult extends HistoryCheck {
  /** Revisions an earlier run left partly applied (see `migrator repair`). */
  readonly incomplete: readonly string[];
  /** True when nothing is changed, missing, unknown or incomplete (exit 0; else HISTORY_MISMATCH_EXIT_CODE). */
  readonly ok: boolean;
}

/** `migrator check-history`: the applied revisions against their recorded checksums, read only. */
export async function checkHistoryCommand(options: CommandOptions): Promise<CheckHistoryResult> {
  const graph = await loadGraph(options.config);
  return withSession(options.config, async (session) => {
    const heads = await readHeads(session);
    const rows = await new Journal(connectionTarget(session.conn), session.dialect, session.bookkeeping).rows();
    const check = checkHistory(graph, heads, rows, revisionChecksum);
    const incomplete = incompleteRows(rows).map((r) => r.revision);
    return { ...check, incomplete, ok: historyMatches(check) && incomplete.length === 0 };
  });
}
