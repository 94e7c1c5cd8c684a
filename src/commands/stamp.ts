import { UsageError } from "../errors.ts";
import { stampPlan } from "../script/heads.ts";
import { splitRange } from "../script/plan.ts";
import { resolveTarget, withLockedSession } from "../runtime/session.ts";
import { connectionTarget, ScriptTarget } from "../runtime/target.ts";
import { Transaction } from "../runtime/transaction.ts";
import type { VersionUpdate } from "../script/revision.ts";
import { Journal } from "../bookkeeping/journal.ts";
import { incompleteRows } from "../bookkeeping/incomplete.ts";
import type { HistoryRow } from "../bookkeeping/row.ts";
import type { CommandOptions } from "./options.ts";
import { loadRunnableGraph } from "./script.ts";

export interface StampOptions extends CommandOptions {
  /** Target revisions; offline, the first may be a range "from:to". */
  readonly revisions: readonly string[];
  /** Delete every row of the version table first, even rows the project does not know. */
  readonly purge?: boolean;
  readonly sql?: boolean;
}

export interface StampResult {
  readonly heads: readonly string[];
  readonly updates: readonly VersionUpdate[];
  /** Revisions an earlier run had left partly applied, whose records the stamp cleared (online). */
  readonly cleared: readonly string[];
  readonly script?: string;
}

/**
 * `migrator stamp REV...`: set the version table without running migrations. Online, it also records the
 * stamp in the history and clears the record of a revision an earlier run left partly applied (stamping
 * says the database is where the stamp puts it). Offline scripts set the version table only.
 */
export async function stamp(options: StampOptions): Promise<StampResult> {
  const graph = await loadRunnableGraph(options.config);
  if (options.sql && options.purge) {
    throw new UsageError("--purge cannot be used with --sql: an offline script cannot know which rows to delete; stamp online, or edit the script");
  }
  if (options.sql) {
    let start: string[] = [];
    const targets = [...options.revisions];
    if (targets[0]?.includes(":")) ({ heads: start, target: targets[0] } = splitRange(graph, targets[0]));
    const { dialect, bookkeeping } = await resolveTarget(options.config, true);
    const plan = stampPlan(graph, start, targets, options.purge ?? false);
    const script = new ScriptTarget(dialect, options.config.tableLockTimeoutMs);
    const tx = new Transaction(script, dialect);
    await write(tx, new Journal(tx.writer, dialect, bookkeeping), plan.updates, { create: start.length === 0 });
    return { ...plan, cleared: [], script: script.text() };
  }
  return withLockedSession(options.config, async (session, heads) => {
    const plan = stampPlan(graph, options.purge ? [] : heads, options.revisions, options.purge ?? false);
    const purge: VersionUpdate[] = options.purge ? heads.map((h) => ({ kind: "delete", from: h })) : [];
    const updates = [...purge, ...plan.updates];
    const tx = new Transaction(connectionTarget(session.conn), session.dialect);
    const journal = new Journal(tx.writer, session.dialect, session.bookkeeping, (ref) => session.compileContext.table(ref));
    const incomplete = incompleteRows(await journal.rows());
    await write(tx, journal, updates, { create: true, incomplete, heads: plan.heads });
    return { heads: plan.heads, updates, cleared: incomplete.map((r) => r.revision) };
  }, options.onWait);
}

interface Bookkeeping {
  /** Create the bookkeeping tables first (online: those missing; offline from base: the version table). */
  readonly create?: boolean;
  /** Online: the records of partly applied revisions the stamp clears, and the heads it records. */
  readonly incomplete?: readonly HistoryRow[];
  readonly heads?: readonly string[];
}

/** The version-table updates, and online the history's, landing together. `journal` writes through `tx`. */
async function write(tx: Transaction, journal: Journal, updates: readonly VersionUpdate[], book: Bookkeeping): Promise<void> {
  const { offline } = journal.target;
  try {
    await tx.begin();
    if (book.create) await journal.ensure();
    const history = offline ? 0 : (book.incomplete ?? []).length + (book.heads ?? []).length;
    await tx.together(updates.length + history);
    await journal.writeVersionUpdates(updates);
    if (!offline) {
      await journal.clear(book.incomplete ?? []);
      for (const head of book.heads ?? []) await journal.record({ revision: head, direction: "stamp", checksum: null });
    }
    await tx.commit();
  } catch (error) {
    if (!offline) await tx.rollback().catch(() => {});
    throw error;
  }
}
