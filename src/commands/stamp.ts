import { UsageError } from "../errors.ts";
import { stampPlan } from "../script/heads.ts";
import { splitRange } from "../script/plan.ts";
import { writeVersionUpdates } from "../runtime/runner.ts";
import { resolveTarget, withLockedSession } from "../runtime/session.ts";
import { connectionTarget, ScriptTarget, type StatementTarget } from "../runtime/target.ts";
import { Transaction } from "../runtime/transaction.ts";
import type { Dialect, VersionTableSql } from "../dialects/dialect.ts";
import type { VersionUpdate } from "../script/revision.ts";
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
  readonly script?: string;
}

/** `migrator stamp REV...`: set the version table without running migrations. */
export async function stamp(options: StampOptions): Promise<StampResult> {
  const graph = await loadRunnableGraph(options.config);
  if (options.sql && options.purge) {
    throw new UsageError("--purge cannot be used with --sql: an offline script cannot know which rows to delete; stamp online, or edit the script");
  }
  if (options.sql) {
    let start: string[] = [];
    const targets = [...options.revisions];
    if (targets[0]?.includes(":")) ({ heads: start, target: targets[0] } = splitRange(graph, targets[0]));
    const { dialect, versionTable } = await resolveTarget(options.config, true);
    const script = new ScriptTarget(dialect);
    const plan = stampPlan(graph, start, targets, options.purge ?? false);
    await write(script, dialect, versionTable, plan.updates, start.length === 0);
    return { ...plan, script: script.text() };
  }
  return withLockedSession(options.config, async (session, heads) => {
    const plan = stampPlan(graph, options.purge ? [] : heads, options.revisions, options.purge ?? false);
    const purge: VersionUpdate[] = options.purge ? heads.map((h) => ({ kind: "delete", from: h })) : [];
    const updates = [...purge, ...plan.updates];
    await write(connectionTarget(session.conn), session.dialect, session.versionTable, updates);
    return { heads: plan.heads, updates };
  }, options.onWait);
}

async function write(target: StatementTarget, dialect: Dialect, table: VersionTableSql, updates: readonly VersionUpdate[], create = false): Promise<void> {
  const tx = new Transaction(target, dialect);
  await tx.begin();
  try {
    if (create) await target.statement({ sql: table.create(false) });
    await writeVersionUpdates(target, table, updates);
    await tx.commit();
  } catch (error) {
    if (!target.offline) await tx.rollback().catch(() => {});
    throw error;
  }
}
