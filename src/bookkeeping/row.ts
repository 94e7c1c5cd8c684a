/** One row of the history table, as written and read. */

/** What a row records: a revision run either way, or a stamp or repair that set the bookkeeping by hand. */
export type HistoryDirection = "upgrade" | "downgrade" | "stamp" | "repair";

/**
 * - `started`: written before the revision's first statement; a row still `started` under the lock was left
 *   by a run that died (kill -9, OOM, a lost connection) inside the revision.
 * - `completed`: the revision ran and the version table was updated in the same transaction.
 * - `failed`: the revision failed; `statements` counts those that stay applied (committed for good).
 * - `cleared`: a `started` or partly applied `failed` row that a re-run, `repair` or `stamp` has dealt with.
 */
export type HistoryState = "started" | "completed" | "failed" | "cleared";

export interface HistoryRow {
  readonly id: number;
  readonly revision: string;
  readonly direction: HistoryDirection;
  readonly state: HistoryState;
  /**
   * Statements of the revision that completed: all of them once completed; for a started or failed row,
   * those committed for good (recorded after each one where a statement commits on its own).
   */
  readonly statements: number;
  /** SHA-256 of the revision's file (upgrade, repair); null otherwise. */
  readonly checksum: string | null;
  /** ISO 8601, UTC. */
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
  /** The operating-system user that ran migrator. */
  readonly runBy: string | null;
  readonly host: string | null;
  readonly toolVersion: string | null;
  readonly error: string | null;
}

/** A row a run left partly applied: still `started`, or `failed` with statements that stay applied. */
export function isIncomplete(row: HistoryRow): boolean {
  return row.state === "started" || (row.state === "failed" && row.statements > 0);
}

/** A row read from the database (drivers return numbers as strings or bigints on some dialects). */
export function rowFromDatabase(r: Record<string, unknown>): HistoryRow {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: Number(r["id"]),
    revision: String(r["revision"]),
    direction: String(r["direction"]) as HistoryDirection,
    state: String(r["state"]) as HistoryState,
    statements: Number(r["statements"] ?? 0),
    checksum: text(r["checksum"]),
    startedAt: String(r["started_at"]),
    finishedAt: text(r["finished_at"]),
    durationMs: num(r["duration_ms"]),
    runBy: text(r["run_by"]),
    host: text(r["host"]),
    toolVersion: text(r["tool_version"]),
    error: text(r["error"]),
  };
}
