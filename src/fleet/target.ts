import type { Config } from "../config/types.ts";
import { parseDatabaseUrl, redactUrl } from "../config/url.ts";

/** One database of a fleet: its name in result lines, and the config a command runs with there. */
export interface FleetTarget {
  /** The tenant's schema or database, the name given in a URL list, the config section; else the URL without its password. */
  readonly name: string;
  readonly config: Config;
}

/**
 * A target for `url` on top of the project's config: the same revisions and settings, another database.
 * `versionTableSchema` (a schema-per-tenant tenant) replaces the config's.
 */
export function urlTarget(base: Config, url: string, name?: string, versionTableSchema?: string | null): FleetTarget {
  const config: Config = { ...base, url, databases: [], ...(versionTableSchema !== undefined ? { versionTableSchema } : {}) };
  return { name: name ?? urlLabel(url), config };
}

/** A name for a URL in result lines: an SQLite file's path, else the URL with its secrets masked. */
export function urlLabel(url: string): string {
  try {
    const parsed = parseDatabaseUrl(url);
    if (parsed.path !== undefined) return parsed.path;
  } catch {
    // An invalid URL is this target's failure to report when it runs; its name is the masked text.
  }
  return redactUrl(url);
}
