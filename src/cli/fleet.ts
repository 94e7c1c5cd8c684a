/** `upgrade` and `current` over a fleet of databases: parse the fleet flags, run, print (commands/fleet.ts does the work). */
import type { Env } from "../config/env_expand.ts";
import type { Config } from "../config/types.ts";
import { urlSecrets } from "../config/url.ts";
import { currentFleet, DEFAULT_CONCURRENCY, upgradeFleet, type FleetOptions } from "../commands/fleet.ts";
import { UsageError } from "../errors.ts";
import { fleetTargets, type FleetSource } from "../fleet/sources.ts";
import type { FleetTarget } from "../fleet/target.ts";
import * as fleetOut from "./fleet_output.ts";
import type { Io } from "./io.ts";
import * as out from "./output.ts";

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

import { SOURCES } from "./fleet_flags.ts";

/** What the caller has read besides the flags: the environment with .env (for ${VAR} in a URL list), and -x. */
export interface FleetContext {
  readonly env: Env;
  readonly x: Readonly<Record<string, string>>;
}

/** Run `upgrade` or `current` on each database of the fleet; returns the exit code. */
export async function runFleet(name: string, values: Values, args: string[], io: Io, configs: readonly Config[], context: FleetContext, setSecrets: (s: string[]) => void): Promise<number> {
  if (name !== "upgrade" && name !== "current") throw new UsageError(`"${name}" does not run over a fleet; upgrade and current do`);
  if (values.sql === true) throw new UsageError("--sql prints the script of one database; drop --urls-file / --urls-query / --schemas, or run it once per dialect");
  const concurrency = parseConcurrency(values.concurrency);
  const targets = await chooseTargets(values, io, configs, context.env, setSecrets);
  const json = values.json === true;
  const quiet = values.quiet === true;
  setSecrets(targets.flatMap((t) => (t.config.url ? urlSecrets(t.config.url) : [])));
  if (targets.length === 0) io.stderr(`warning: no databases: ${emptyReason(values)}\n`);
  const common: FleetOptions = {
    targets,
    concurrency,
    continueOnError: values["continue-on-error"] === true,
    x: context.x,
    signal: io.signal,
  };
  // Upgrade's lines are progress on stderr, each as its database ends; current's are its listing, on
  // stdout in the fleet's order.
  const show = (failed: boolean) => !json && (!quiet || failed);
  if (name === "upgrade") {
    const result = await upgradeFleet({
      ...common,
      revision: args[0] ?? "head",
      allowChanged: values["allow-changed"] === true,
      onResult: (t) => {
        if (show(t.status !== "ok")) io.stderr(fleetOut.upgradeLine(t));
      },
    });
    for (const t of result.targets) if (t.status === "skipped" && show(true)) io.stderr(fleetOut.upgradeLine(t));
    if (json) io.stdout(out.json(fleetOut.upgradeJson(result, concurrency)));
    else if (!quiet || result.exitCode !== 0) io.stderr(fleetOut.upgradeSummary(result));
    return result.exitCode;
  }
  const result = await currentFleet({ ...common, checkHeads: values["check-heads"] === true });
  for (const t of result.targets) if (show(t.status !== "ok")) io.stdout(fleetOut.currentLine(t));
  if (json) io.stdout(out.json(fleetOut.currentJson(result, concurrency)));
  else if (!quiet || result.exitCode !== 0) io.stderr(fleetOut.currentSummary(result));
  return result.exitCode;
}

function parseConcurrency(value: Values[string]): number {
  if (value === undefined) return DEFAULT_CONCURRENCY;
  const n = Number(value);
  if (typeof value !== "string" || !Number.isInteger(n) || n < 1) throw new UsageError(`--concurrency takes a whole number of databases at once, 1 or more; got "${String(value)}"`);
  return n;
}

async function chooseTargets(values: Values, io: Io, configs: readonly Config[], env: Env, setSecrets: (s: string[]) => void): Promise<FleetTarget[]> {
  const given = SOURCES.filter((s) => values[s] !== undefined);
  if (given.length > 1) throw new UsageError(`Give one source of databases, not ${given.map((s) => `--${s}`).join(" and ")}`);
  const base = configs[0]!;
  if (given.length === 0) {
    // A multidb config's databases, as a fleet.
    return configs.map((c) => ({ name: c.section, config: c }));
  }
  if (configs.length > 1) {
    throw new UsageError(`This config has several databases (${configs.map((c) => c.section).join(", ")}); with --${given[0]}, say which one's project to run with -n`);
  }
  const text = String(values[given[0]!]);
  const source: FleetSource = given[0] === "urls-file" ? { urlsFile: text } : given[0] === "urls-query" ? { urlsQuery: text } : { schemas: text };
  if (!("urlsFile" in source) && base.url) setSecrets(urlSecrets(base.url));
  return fleetTargets(base, source, { cwd: io.cwd, env });
}

function emptyReason(values: Values): string {
  if (values["urls-file"] !== undefined) return `the file ${String(values["urls-file"])} lists none`;
  if (values["urls-query"] !== undefined) return "the query returned no URL";
  return `no schema or database matches "${String(values.schemas)}"`;
}
