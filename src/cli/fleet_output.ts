/** What a fleet run prints: a line per database as it ends, a summary, or one JSON document. */
import type { CurrentResult } from "../commands/current.ts";
import type { FleetResult, FleetTargetResult } from "../commands/fleet.ts";
import type { MigrateResult } from "../commands/migrate.ts";
import { seconds } from "./progress.ts";

/** How a database of a fleet came out, for lines, counts and JSON. */
export type UpgradeStatus = "upgraded" | "at-head" | "failed" | "skipped";
export type CurrentStatus = "at-head" | "behind" | "failed" | "skipped";

function ms(n: number | undefined): string {
  return n === undefined ? "" : n < 1000 ? `${n} ms` : seconds(n);
}

export function upgradeStatus(t: FleetTargetResult<MigrateResult>): UpgradeStatus {
  if (t.status !== "ok") return t.status;
  return t.result!.steps.length > 0 ? "upgraded" : "at-head";
}

export function currentStatus(t: FleetTargetResult<CurrentResult>): CurrentStatus {
  if (t.status !== "ok") return t.status;
  return t.result!.pending.length > 0 ? "behind" : "at-head";
}

function heads(list: readonly string[]): string {
  return list.length === 0 ? "base" : list.join(", ");
}

function failedLine(t: FleetTargetResult<unknown>): string {
  return `${t.name}: failed: ${t.error!.message}\n`;
}

/** "tenant_a: applied 3 revisions in 120 ms" / "tenant_b: already at r3" / "tenant_c: failed: ..." */
export function upgradeLine(t: FleetTargetResult<MigrateResult>): string {
  if (t.status === "failed") return failedLine(t);
  if (t.status === "skipped") return `${t.name}: skipped (not started)\n`;
  const n = t.result!.steps.length;
  if (n === 0) return `${t.name}: already at ${heads(t.result!.heads)}\n`;
  return `${t.name}: applied ${n} revision${n === 1 ? "" : "s"} in ${ms(t.durationMs)} (now at ${heads(t.result!.heads)})\n`;
}

/** "tenant_a: r3 (head)" / "tenant_b: r1, 2 revisions to apply" / "tenant_c: failed: ..." */
export function currentLine(t: FleetTargetResult<CurrentResult>): string {
  if (t.status === "failed") return failedLine(t);
  if (t.status === "skipped") return `${t.name}: skipped (not started)\n`;
  const r = t.result!;
  const n = r.pending.length;
  return `${t.name}: ${heads(r.heads)}${n === 0 ? " (head)" : `, ${n} revision${n === 1 ? "" : "s"} to apply`}\n`;
}

const UPGRADE_WORDS: Record<UpgradeStatus, string> = { upgraded: "upgraded", "at-head": "already at head", failed: "failed", skipped: "skipped" };
const CURRENT_WORDS: Record<CurrentStatus, string> = { "at-head": "at head", behind: "behind", failed: "failed", skipped: "skipped" };

/** "50 databases: 48 upgraded, 1 already at head, 1 failed in 2.1 s" */
export function summaryLine<S extends string>(result: FleetResult<unknown>, statuses: readonly S[], words: Record<S, string>): string {
  const n = result.targets.length;
  const counts = tally(statuses, Object.keys(words) as S[]);
  const parts = (Object.keys(words) as S[]).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${words[s]}`);
  return `${n} database${n === 1 ? "" : "s"}: ${parts.length > 0 ? parts.join(", ") : "none"} in ${seconds(result.durationMs)}\n`;
}

export function upgradeSummary(result: FleetResult<MigrateResult>): string {
  return summaryLine(result, result.targets.map(upgradeStatus), UPGRADE_WORDS);
}

export function currentSummary(result: FleetResult<CurrentResult>): string {
  return summaryLine(result, result.targets.map(currentStatus), CURRENT_WORDS);
}

/** How many of each status, every key present. */
function tally<S extends string>(statuses: readonly S[], keys: readonly S[]): Record<S, number> {
  const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<S, number>;
  for (const s of statuses) counts[s] += 1;
  return counts;
}

/** The JSON document of an upgrade over a fleet (README: JSON output). */
export function upgradeJson(result: FleetResult<MigrateResult>, concurrency: number) {
  return fleetJson(result, concurrency, upgradeStatus, ["upgraded", "at-head", "failed", "skipped"], (r) => ({ applied: r.steps.map((s) => s.revision), heads: r.heads }));
}

/** The JSON document of `current` over a fleet. */
export function currentJson(result: FleetResult<CurrentResult>, concurrency: number) {
  return fleetJson(result, concurrency, currentStatus, ["at-head", "behind", "failed", "skipped"], (r) => ({ heads: r.heads, pending: r.pending }));
}

/** A fleet's JSON: the counts of each status, and per database its status, the command's own fields, its error. */
function fleetJson<T, S extends string, F extends object>(
  result: FleetResult<T>,
  concurrency: number,
  statusOf: (target: FleetResult<T>["targets"][number]) => S,
  keys: readonly S[],
  fields: (result: T) => F,
) {
  const statuses = result.targets.map(statusOf);
  return {
    ok: result.exitCode === 0,
    exitCode: result.exitCode,
    concurrency,
    durationMs: result.durationMs,
    counts: tally(statuses, keys),
    databases: result.targets.map((t, i) => ({
      name: t.name,
      status: statuses[i],
      ...(t.result ? fields(t.result) : {}),
      ...(t.error ? { error: t.error.message, exitCode: t.error.exitCode } : {}),
      ...(t.durationMs !== undefined ? { durationMs: t.durationMs } : {}),
    })),
  };
}
