import type { Config } from "../config/types.ts";

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** The flags that name a fleet's databases (README "Fleets"). */
export const SOURCES = ["urls-file", "urls-query", "schemas"] as const;

/**
 * Whether this run is a fleet: a source of databases given, or --concurrency / --continue-on-error on a
 * multidb config. Apart from fleet.ts so that a run that is not one never loads the fleet's code.
 */
export function isFleet(values: Values, configs: readonly Config[]): boolean {
  // A loop, not SOURCES.some(): the first Array.prototype.some compiles JSC's JS-written built-in (start-up).
  for (const source of SOURCES) if (values[source] !== undefined) return true;
  return (configs.length > 1 && (values.concurrency !== undefined || values["continue-on-error"] === true));
}
