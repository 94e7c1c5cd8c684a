import { Journal } from "../bookkeeping/journal.ts";
import { incompleteRows } from "../bookkeeping/incomplete.ts";
import { revisionChecksum } from "../bookkeeping/checksum.ts";
import { recordedChecksums } from "../bookkeeping/verify.ts";
import { withLockedSession } from "../runtime/session.ts";
import { connectionTarget } from "../runtime/target.ts";
import { Transaction } from "../runtime/transaction.ts";
import type { CommandOptions } from "./options.ts";
import { loadGraph } from "./script.ts";

export interface RepairResult {
  /** Revisions an earlier run left partly applied whose records were cleared (fixed by hand). */
  readonly cleared: readonly string[];
  /** Applied revisions whose checksum was recorded anew: changed files, or none recorded before. */
  readonly recorded: readonly string[];
}

/**
 * `migrator repair`: after a human has fixed the database, accept it as it is. Clears the record of a
 * revision an earlier run left partly applied, and records the current checksum of every applied revision
 * whose file changed since (or that has none recorded). The version table is not touched: stamp sets it.
 */
export async function repair(options: CommandOptions): Promise<RepairResult> {
  const graph = await loadGraph(options.config);
  return withLockedSession(options.config, async (session, heads) => {
    const tx = new Transaction(connectionTarget(session.conn), session.dialect);
    const journal = new Journal(tx.writer, session.dialect, session.bookkeeping, (ref) => session.compileContext.table(ref));
    const rows = await journal.rows();
    const incomplete = incompleteRows(rows);
    const sums = recordedChecksums(rows);
    const applied = graph.ancestors(heads.filter((h) => graph.has(h)));
    const toRecord = applied
      .map((id) => ({ id, path: graph.get(id)!.path }))
      .filter((r) => r.path !== "")
      .map((r) => ({ ...r, sum: revisionChecksum(r.path) }))
      .filter((r) => sums.get(r.id) !== r.sum);
    if (incomplete.length === 0 && toRecord.length === 0) return { cleared: [], recorded: [] };
    await journal.ensure();
    try {
      await tx.begin();
      await tx.together(incomplete.length + toRecord.length);
      await journal.clear(incomplete);
      for (const r of toRecord) await journal.record({ revision: r.id, direction: "repair", checksum: r.sum });
      await tx.commit();
    } catch (error) {
      await tx.rollback().catch(() => {});
      throw error;
    }
    return { cleared: incomplete.map((r) => r.revision), recorded: toRecord.map((r) => r.id) };
  });
}
