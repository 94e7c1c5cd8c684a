import { IncompleteRevisionError } from "../errors.ts";
import { isIncomplete, type HistoryRow } from "./row.ts";

/** The rows earlier runs left incomplete, oldest first. */
export function incompleteRows(rows: readonly HistoryRow[]): HistoryRow[] {
  return rows.filter(isIncomplete);
}

/**
 * The error for a revision an earlier run left partly applied: which one, when and by whom, how many of its
 * statements completed, and the three ways out (re-run if re-runnable, stamp past it, repair after fixing).
 */
export function incompleteRevisionError(row: HistoryRow, versionHeads: readonly string[]): IncompleteRevisionError {
  const how = row.state === "started" ? "was interrupted (the process ended without finishing it: killed, out of memory, a lost connection)" : `failed (${row.error ?? "no error recorded"})`;
  const by = [row.runBy && row.host ? `${row.runBy}@${row.host}` : row.runBy ?? row.host, row.toolVersion ? `migrator ${row.toolVersion}` : null].filter(Boolean).join(", ");
  const at = versionHeads.length === 0 ? "base" : versionHeads.map((h) => `"${h}"`).join(", ");
  const next = row.statements + 1;
  const stamp = row.direction === "upgrade" ? `migrator stamp ${row.revision}` : `migrator stamp <the revision below ${row.revision}>`;
  return new IncompleteRevisionError(
    row.revision,
    row.direction,
    row.statements,
    `The ${row.direction} of revision "${row.revision}" ${how} in an earlier run started ${row.startedAt}${by ? ` by ${by}` : ""}: ` +
      `${row.statements} of its statements had completed and stay applied${row.state === "started" ? ` (statement ${next} may have run too if the run died right after it)` : ""}, ` +
      `and the version table is still at ${at}. Ways out: mark the revision re-runnable (export const rerunnable = true, or "-- rerunnable: true" in a .sql revision) ` +
      `and run the command again to resume at statement ${next}; or, if the revision's changes are all in place, "${stamp}"; ` +
      `or undo or finish its changes by hand, then "migrator repair" to clear this record`,
  );
}
