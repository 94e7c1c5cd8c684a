/**
 * The integrity check: the applied revisions' files against the checksums recorded when they were applied
 * (Flyway's validate, Atlas's sum file). Pure: the rows and the graph in, the findings out.
 */
import { ChangedHistoryError, EXIT_CODES } from "../errors.ts";
import type { RevisionGraph } from "../script/graph.ts";
import type { HistoryRow } from "./row.ts";

export interface ChangedRevision {
  readonly revision: string;
  readonly path: string;
  readonly recorded: string;
  readonly current: string;
}

export interface HistoryCheck {
  /** Applied revisions whose file differs from the one applied. */
  readonly changed: readonly ChangedRevision[];
  /** Revisions the history records as applied (and not reverted since) that the project no longer has. */
  readonly missing: readonly string[];
  /** Version-table rows that name revisions the project does not have. */
  readonly unknown: readonly string[];
  /** Applied revisions with no checksum recorded (applied by an earlier migrator, an offline script, or stamped): not checked. */
  readonly unrecorded: readonly string[];
}

/** Exit code of `check-history` (and of `upgrade` refusing to run) when the history does not match. */
export const HISTORY_MISMATCH_EXIT_CODE = EXIT_CODES.historyCheck;

/** The checksum recorded for each revision: its last completed upgrade or repair that carries one. */
export function recordedChecksums(rows: readonly HistoryRow[]): Map<string, string> {
  const sums = new Map<string, string>();
  for (const row of rows) {
    if (row.state === "completed" && row.checksum && (row.direction === "upgrade" || row.direction === "repair")) sums.set(row.revision, row.checksum);
  }
  return sums;
}

/**
 * Compare. `checksum` reads a revision's file (it is not called for revisions without a file).
 * `heads` are the version table's rows.
 */
export function checkHistory(graph: RevisionGraph, heads: readonly string[], rows: readonly HistoryRow[], checksum: (path: string) => string): HistoryCheck {
  const known = heads.filter((h) => graph.has(h));
  const applied = graph.ancestors(known);
  const sums = recordedChecksums(rows);
  const changed: ChangedRevision[] = [];
  const unrecorded: string[] = [];
  for (const id of applied) {
    const path = graph.get(id)?.path ?? "";
    const recorded = sums.get(id);
    if (!recorded || !path) {
      unrecorded.push(id);
      continue;
    }
    const current = checksum(path);
    if (current !== recorded) changed.push({ revision: id, path, recorded, current });
  }
  // Applied per the history: the last completed upgrade or downgrade of the revision was an upgrade.
  const last = new Map<string, string>();
  for (const row of rows) if (row.state === "completed" && (row.direction === "upgrade" || row.direction === "downgrade")) last.set(row.revision, row.direction);
  const unknown = heads.filter((h) => !graph.has(h));
  const missing = [...last].filter(([id, dir]) => dir === "upgrade" && !graph.has(id) && !unknown.includes(id)).map(([id]) => id);
  return { changed, missing, unknown, unrecorded };
}

export function historyMatches(check: HistoryCheck): boolean {
  return check.changed.length === 0 && check.missing.length === 0 && check.unknown.length === 0;
}

/** `upgrade`/`downgrade` refuse to run on changed files (unless --allow-changed): what changed and what to do. */
export function changedHistoryError(check: HistoryCheck): ChangedHistoryError {
  const list = check.changed.map((c) => `"${c.revision}" (${c.path})`).join(", ");
  return new ChangedHistoryError(
    check.changed.map((c) => c.revision),
    `${check.changed.length} applied revision(s) changed since they were applied: ${list}. ` +
      `Restore the files as they were applied; or, if the change is intended (a comment, a fix that the database already has), ` +
      `run "migrator repair" to record the new checksums, or pass --allow-changed to run anyway`,
  );
}
