/**
 * MySQL's part of `table_lock_timeout` (the watch is ../lock_wait_watch.ts): the session's lock_wait_timeout
 * (metadata locks, which DDL waits for) and innodb_lock_wait_timeout (row locks), error 1205 when one passes,
 * and the sessions that may hold the lock. MariaDB does not say who holds a metadata lock without the
 * metadata_lock_info plugin (MySQL 8's performance_schema.metadata_locks is not read yet): while our session
 * waits, the sessions with an open transaction or a running statement are named as those that may hold it.
 */
import type { Holders } from "../lock_wait_watch.ts";

/**
 * The session settings, in whole seconds (at least 1), only ever lowering the server's (MariaDB's
 * lock_wait_timeout is a day by default, MySQL's a year; innodb_lock_wait_timeout 50 s); undefined for none.
 */
export function lockWaitAssignments(timeoutMs: number | undefined): string | undefined {
  if (timeoutMs === undefined || timeoutMs <= 0) return undefined;
  const s = Math.max(1, Math.ceil(timeoutMs / 1000));
  return `lock_wait_timeout = LEAST(@@session.lock_wait_timeout, ${s}), innodb_lock_wait_timeout = LEAST(@@session.innodb_lock_wait_timeout, ${s})`;
}

/** ER_LOCK_WAIT_TIMEOUT: what the server answers when lock_wait_timeout or innodb_lock_wait_timeout passes. */
export function isLockWaitTimeout(error: unknown): boolean {
  return (error as { errno?: unknown } | null)?.errno === 1205;
}

/** The statement with each control character a space, in SQL that holds whatever sql_mode is set. */
const ONE_LINE_INFO = "LEFT(REPLACE(REPLACE(REPLACE(p.INFO, CHAR(10), ' '), CHAR(13), ' '), CHAR(9), ' '), 100)";

/**
 * When session `us` waits for a lock (a metadata lock, or an InnoDB row lock), the sessions that may hold it:
 * an open InnoDB transaction, or a statement running for a second or more that is not itself waiting for a
 * lock; those in our database first, five at most. No row when `us` is not waiting.
 */
export function holdersQuery(us: number): string {
  const id = Math.trunc(us);
  return (
    `SELECT p.ID AS id, p.USER AS user, p.HOST AS host, p.COMMAND AS command, p.TIME AS time, ` +
    `TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) AS trx_seconds, ${ONE_LINE_INFO} AS info ` +
    "FROM information_schema.PROCESSLIST p LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID " +
    `WHERE EXISTS (SELECT 1 FROM information_schema.PROCESSLIST w LEFT JOIN information_schema.INNODB_TRX wt ON wt.trx_mysql_thread_id = w.ID ` +
    `WHERE w.ID = ${id} AND (w.STATE LIKE 'Waiting for%lock%' OR wt.trx_state = 'LOCK WAIT')) ` +
    `AND p.ID <> ${id} AND p.ID <> CONNECTION_ID() AND p.COMMAND NOT IN ('Daemon', 'Binlog Dump', 'Killed') ` +
    "AND (p.STATE IS NULL OR p.STATE NOT LIKE 'Waiting for%lock%') " +
    "AND (t.trx_started IS NOT NULL OR (p.COMMAND <> 'Sleep' AND p.TIME >= 1)) " +
    "ORDER BY (p.DB <=> DATABASE()) DESC, p.ID LIMIT 5"
  );
}

/** The rows of holdersQuery as the error names them; undefined for none. */
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
