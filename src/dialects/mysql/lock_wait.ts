/**
 * MySQL's part of `table_lock_timeout` (the watch is ../lock_wait_watch.ts): the session's lock_wait_timeout
 * (metadata locks, which DDL waits for: a year by default) and innodb_lock_wait_timeout (row locks), error
 * 1205 when one passes, and the sessions that may hold the lock. MySQL does not say who blocks a metadata
 * lock without performance_schema's instruments (off in MariaDB): the sessions with an open transaction or a
 * statement running since before the wait are named as those that may hold it.
 */
import type { Holders } from "../lock_wait_watch.ts";

/** The session settings, in whole seconds (at least 1), or undefined when no deadline is set. */
export function lockWaitSetting(timeoutMs: number | undefined): string | undefined {
  if (timeoutMs === undefined || timeoutMs <= 0) return undefined;
  const s = Math.max(1, Math.ceil(timeoutMs / 1000));
  return `SET SESSION lock_wait_timeout = ${s}, innodb_lock_wait_timeout = ${s}`;
}

/** ER_LOCK_WAIT_TIMEOUT: what the server answers when lock_wait_timeout or innodb_lock_wait_timeout passes. */
export function isLockWaitTimeout(error: unknown): boolean {
  return (error as { errno?: unknown } | null)?.errno === 1205;
}

/**
 * Sessions other than session ? (ours) and this one that may hold a lock it waits for: an open InnoDB
 * transaction, or a statement running for a second or more that is not itself waiting for a lock.
 */
export const HOLDERS_QUERY =
  "SELECT p.ID AS id, p.USER AS user, p.HOST AS host, p.COMMAND AS command, p.TIME AS time, " +
  "TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) AS trx_seconds, LEFT(REPLACE(REPLACE(p.INFO, '\\n', ' '), '\\r', ' '), 100) AS info " +
  "FROM information_schema.PROCESSLIST p LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID " +
  "WHERE p.ID <> ? AND p.ID <> CONNECTION_ID() AND p.COMMAND NOT IN ('Daemon', 'Binlog Dump', 'Killed') " +
  "AND (p.STATE IS NULL OR p.STATE NOT LIKE 'Waiting for%lock%') " +
  "AND (t.trx_started IS NOT NULL OR (p.COMMAND <> 'Sleep' AND p.TIME >= 1)) ORDER BY p.ID";

/** The rows of HOLDERS_QUERY as the error names them; undefined for none. */
export function possibleHolders(rows: readonly Record<string, unknown>[]): Holders | undefined {
  if (rows.length === 0) return undefined;
  const one = (r: Record<string, unknown>, sinceS: number) => {
    const trx = r["trx_seconds"] === null || r["trx_seconds"] === undefined ? undefined : Number(r["trx_seconds"]) + sinceS;
    const what = trx !== undefined ? `transaction open for ${trx} s` : `running for ${Number(r["time"] ?? 0) + sinceS} s`;
    const info = typeof r["info"] === "string" && r["info"] ? `, statement: ${r["info"]}` : ", idle";
    return `session ${String(r["id"])} (user ${String(r["user"] ?? "")}@${String(r["host"] ?? "")}, ${what}${info})`;
  };
  return {
    describe: (sinceS) => rows.map((r) => one(r, sinceS)).join(" or "),
    end: rows.map((r) => `KILL ${String(r["id"])}`).join("; "),
    certain: false,
  };
}
