/** Text output of the bookkeeping commands: repair, check-history, history --applied. */
import type { HistoryRow } from "../bookkeeping/row.ts";
import type { CheckHistoryResult } from "../commands/check_history.ts";
import type { RepairResult } from "../commands/repair.ts";

const quoted = (ids: readonly string[]) => ids.map((i) => `"${i}"`).join(", ");

/** After "Stamped the database at ...": the partly applied revisions whose records the stamp cleared. */
export function clearedNote(cleared: readonly string[]): string {
  return cleared.length > 0 ? `; cleared the record of ${quoted(cleared)}, left partly applied by an earlier run` : "";
}

export function repaired(result: RepairResult): string {
  const lines = [
    ...(result.cleared.length > 0 ? [`Cleared the record of ${quoted(result.cleared)}, left partly applied by an earlier run`] : []),
    ...(result.recorded.length > 0 ? [`Recorded the current checksum of ${quoted(result.recorded)}`] : []),
  ];
  return (lines.length > 0 ? lines : ["Nothing to repair: no partly applied revision, every applied revision's checksum is recorded and matches"]).join("\n") + "\n";
}

export function checkHistoryText(r: CheckHistoryResult): string {
  const lines: string[] = [];
  for (const c of r.changed) lines.push(`changed: ${c.revision} (${c.path}): applied with checksum ${c.recorded.slice(0, 12)}, now ${c.current.slice(0, 12)}`);
  for (const id of r.missing) lines.push(`missing: ${id} is applied but this project has no file for it`);
  for (const id of r.unknown) lines.push(`unknown: the version table names ${id}, which this project does not have`);
  for (const id of r.incomplete) lines.push(`incomplete: ${id} was left partly applied by an earlier run (see "migrator upgrade" for the ways out)`);
  if (r.unrecorded.length > 0) lines.push(`not checked: ${r.unrecorded.length} applied revision(s) have no checksum recorded (applied before migrator kept them, offline or by stamp; "migrator repair" records them)`);
  if (r.ok) lines.push("The applied revisions match their files");
  return lines.join("\n") + "\n";
}

export function appliedText(rows: readonly HistoryRow[]): string {
  if (rows.length === 0) return "No runs recorded (the history table is empty or does not exist yet)\n";
  return rows
    .map((r) => {
      const took = r.durationMs !== null ? ` in ${r.durationMs} ms` : "";
      const by = [r.runBy && r.host ? `${r.runBy}@${r.host}` : (r.runBy ?? r.host), r.toolVersion ? `migrator ${r.toolVersion}` : null].filter(Boolean).join(", ");
      const error = r.error ? `: ${r.error}` : "";
      return `${r.startedAt} ${r.direction} ${r.revision} ${r.state} (${r.statements} statement(s)${took}${by ? `; ${by}` : ""})${error}`;
    })
    .join("\n") + "\n";
}
