/**
 * PostgreSQL's part of `table_lock_timeout` (the watch is ../lock_wait_watch.ts): `SET LOCAL lock_timeout`
 * with each BEGIN, SQLSTATE 55P03 when it passes, and the sessions blocking ours from pg_blocking_pids().
 */
import type { Holders } from "../lock_wait_watch.ts";

/** A session blocking ours, as pg_stat_activity shows it. */
export interface Blocker {
  readonly pid: number;
  readonly user: string;
  readonly application: string;
  readonly state: string;
  /** Seconds since its transaction (or else its statement) started. */
  readonly seconds: number;
  readonly query: string;
}

/** The sessions blocking backend $1, with what pg_stat_activity says of them. */
export const BLOCKERS_QUERY =
  "SELECT pid, coalesce(usename, '') AS user, coalesce(application_name, '') AS application, coalesce(state, '') AS state, " +
  "coalesce(floor(extract(epoch FROM now() - coalesce(xact_start, query_start)))::int, 0) AS seconds, " +
  "coalesce(left(regexp_replace(query, '\\s+', ' ', 'g'), 100), '') AS query " +
  "FROM pg_stat_activity WHERE pid = ANY (pg_blocking_pids($1)) ORDER BY pid";

/** SQLSTATE 55P03 lock_not_available: what lock_timeout cancels a statement with. */
export function isLockTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "55P03";
}

/** PostgreSQL's largest lock_timeout (an int of milliseconds). */
const MAX_LOCK_TIMEOUT_MS = 2_147_483_647;

/**
 * The statement that sets lock_timeout for the session, or (`local`) for the transaction as SET LOCAL does,
 * only when that lowers it: a lower lock_timeout of the server, the database or the role stays. Undefined
 * for none.
 */
export function lockTimeoutSetting(timeoutMs: number | undefined, local: boolean): string | undefined {
  if (timeoutMs === undefined || timeoutMs <= 0) return undefined;
  const ms = Math.min(MAX_LOCK_TIMEOUT_MS, Math.max(1, Math.round(timeoutMs)));
  const current = "current_setting('lock_timeout')::interval";
  return `SELECT set_config('lock_timeout', '${ms}ms', ${local}) WHERE ${current} = interval '0' OR ${current} > interval '${ms} milliseconds'`;
}

/**
 * table_lock_timeout in an offline script, set for each transaction after its BEGIN (a session setting would
 * stay on a pooled server connection), only where that lowers it; a DO block so that psql prints no row.
 */
export function scriptLockTimeout(timeoutMs: number): { transaction?: string } {
  const ms = Math.min(MAX_LOCK_TIMEOUT_MS, Math.max(1, Math.round(timeoutMs)));
  const current = "current_setting('lock_timeout')::interval";
  return {
    transaction:
      `DO $$ BEGIN IF ${current} = interval '0' OR ${current} > interval '${ms} milliseconds' ` +
      `THEN PERFORM set_config('lock_timeout', '${ms}ms', true); END IF; END $$`,
  };
}

/** The rows of BLOCKERS_QUERY as Blockers. */
export function readBlockers(rows: readonly Record<string, unknown>[]): Blocker[] {
  return rows.map((r) => ({
    pid: Number(r["pid"]),
    user: String(r["user"] ?? ""),
    application: String(r["application"] ?? ""),
    state: String(r["state"] ?? ""),
    seconds: Number(r["seconds"] ?? 0),
    query: String(r["query"] ?? ""),
  }));
}

/** The blockers as the error names them, their ages `sinceS` seconds older than looked up; undefined for none. */
export function blockerHolders(blockers: readonly Blocker[]): Holders | undefined {
  if (blockers.length === 0) return undefined;
  const one = (b: Blocker, sinceS: number) => {
    const who = [b.user ? `user ${b.user}` : "", b.application ? `application "${b.application}"` : ""].filter(Boolean);
    const what = `${b.state ? `${b.state}, ` : ""}transaction open for ${b.seconds + sinceS} s`;
    const query = b.query ? `, last statement: ${b.query}` : "";
    return `pid ${b.pid} (${[...who, what].join(", ")}${query})`;
  };
  return {
    describe: (sinceS) => blockers.map((b) => one(b, sinceS)).join("; "),
    end: blockers.map((b) => `SELECT pg_terminate_backend(${b.pid})`).join("; "),
    certain: true,
  };
}
