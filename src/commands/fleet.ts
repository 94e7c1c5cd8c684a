import { redactSecrets, urlSecrets } from "../config/url.ts";
import { MigratorError, oneLine, UsageError } from "../errors.ts";
import { runBounded, type Outcome } from "../fleet/pool.ts";
import type { FleetTarget } from "../fleet/target.ts";
import { checkHeads, current, type CurrentResult } from "./current.ts";
import { upgrade, type MigrateResult } from "./migrate.ts";
import type { CommandOptions } from "./options.ts";

import { DEFAULT_CONCURRENCY } from "../fleet/pool.ts";
export { DEFAULT_CONCURRENCY };

export interface FleetOptions<T = unknown> extends Pick<CommandOptions, "x" | "signal"> {
  /** The databases, each with its own config (fleetTargets builds them from a URL list, a query or a schema pattern). */
  readonly targets: readonly FleetTarget[];
  /** How many databases run at once; DEFAULT_CONCURRENCY unless set. */
  readonly concurrency?: number;
  /** Run every database whatever fails; otherwise the first failure starts no new one (those running finish, the rest are skipped). */
  readonly continueOnError?: boolean;
  /** Called as each database ends, in the order they end (skipped ones are not reported here). */
  readonly onResult?: ((result: FleetTargetResult<T>) => void) | undefined;
}

/** How one database of a fleet ended. */
export interface FleetTargetResult<T> {
  readonly name: string;
  /** "skipped": not started, after another database failed (without continueOnError) or a stop signal. */
  readonly status: "ok" | "failed" | "skipped";
  /** The command's result, when "ok". */
  readonly result?: T;
  /** When "failed": the error's one-line message (no passwords) and the exit code it has on its own. */
  readonly error?: { readonly message: string; readonly exitCode: number };
  /** How long it ran; absent when skipped. */
  readonly durationMs?: number;
}

export interface FleetResult<T> {
  /** One per target, in the targets' order. */
  readonly targets: readonly FleetTargetResult<T>[];
  readonly durationMs: number;
  /** 0 when none failed; else the exit code every failure shares (5: all behind, 6: all unreachable), or 1. */
  readonly exitCode: number;
}

/** `migrator upgrade` over a fleet: each database upgraded to `revision` under its own lock, a few at a time. */
export function upgradeFleet(options: FleetOptions<MigrateResult> & { readonly revision: string; readonly allowChanged?: boolean }): Promise<FleetResult<MigrateResult>> {
  return runFleet(options, (t) =>
    upgrade({ config: t.config, revision: options.revision, allowChanged: options.allowChanged === true, x: options.x ?? {}, signal: options.signal }),
  );
}

/** `migrator current` over a fleet; with `checkHeads`, a database not at every head counts as failed (DatabaseBehindError, exit code 5). */
export function currentFleet(options: FleetOptions<CurrentResult> & { readonly checkHeads?: boolean }): Promise<FleetResult<CurrentResult>> {
  return runFleet(options, async (t) => {
    const result = await current({ config: t.config });
    if (options.checkHeads) checkHeads(result);
    return result;
  });
}

async function runFleet<T>(options: FleetOptions<T>, work: (target: FleetTarget) => Promise<T>): Promise<FleetResult<T>> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  // NaN (a Number() of an unset variable) would start no database and report every one skipped, exit code 0.
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError(`concurrency takes a whole number of databases at once, 1 or more; got ${String(concurrency)}`);
  }
  const started = performance.now();
  const secrets = options.targets.flatMap((t) => (t.config.url ? urlSecrets(t.config.url) : []));
  const toResult = (target: FleetTarget, outcome: Outcome<T>): FleetTargetResult<T> => {
    if (outcome.status === "skipped") return { name: target.name, status: "skipped" };
    const durationMs = Math.round(outcome.durationMs);
    if (outcome.status === "ok") return { name: target.name, status: "ok", result: outcome.value, durationMs };
    return { name: target.name, status: "failed", error: describe(outcome.error, secrets), durationMs };
  };
  const outcomes = await runBounded(options.targets, work, {
    concurrency,
    continueOnError: options.continueOnError === true,
    signal: options.signal,
    onDone: (i, outcome) => options.onResult?.(toResult(options.targets[i]!, outcome)),
  });
  const targets = outcomes.map((o, i) => toResult(options.targets[i]!, o));
  const codes = new Set(targets.flatMap((t) => (t.error ? [t.error.exitCode] : [])));
  const exitCode = codes.size === 0 ? 0 : codes.size === 1 ? [...codes][0]! : 1;
  return { targets, durationMs: Math.round(performance.now() - started), exitCode };
}

/** An error as one line without any target's secrets, and its exit code. */
function describe(error: unknown, secrets: readonly string[]): { message: string; exitCode: number } {
  const expected = error instanceof MigratorError;
  const text = error instanceof Error ? `${expected ? "" : `${error.name}: `}${error.message}` : String(error);
  return { message: redactSecrets(oneLine(text.split("\n")[0] ?? "", 500), secrets), exitCode: expected ? error.exitCode : 1 };
}
