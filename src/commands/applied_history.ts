import { Journal } from "../bookkeeping/journal.ts";
import type { HistoryRow } from "../bookkeeping/row.ts";
import { withSession } from "../runtime/session.ts";
import { connectionTarget } from "../runtime/target.ts";
import type { CommandOptions } from "./options.ts";

/** `migrator history --applied`: the audit trail of runs on this database, newest first (none before bookkeeping existed). */
export async function appliedHistory(options: CommandOptions): Promise<HistoryRow[]> {
  return withSession(options.config, async (session) =>
    (await new Journal(connectionTarget(session.conn), session.dialect, session.bookkeeping).rows()).reverse());
}
