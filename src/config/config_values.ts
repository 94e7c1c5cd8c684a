import { delimiter } from "node:path";
import { ConfigError } from "../errors.ts";

/**
 * Private helpers of load.ts: typed readings of option strings. `where` names the option in
 * messages, e.g. `"lock_timeout" in [migrator] of migrator.ini`.
 */

const TRUE = new Set(["true", "yes", "on", "1"]);
const FALSE = new Set(["false", "no", "off", "0"]);

export function parseBoolean(value: string, where: string): boolean {
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new ConfigError(`${where} must be true or false (also yes/no, on/off, 1/0); got "${value}"`);
}

export function parseCount(value: string, where: string): number {
  const v = value.trim();
  if (!/^\d+$/.test(v)) throw new ConfigError(`${where} must be a whole number; got "${value}"`);
  return Number(v);
}

export function parseSeconds(value: string, where: string): number {
  const v = value.trim();
  const n = /^\d+(?:\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw new ConfigError(`${where} must be a number of seconds; got "${value}"`);
  return n;
}

export function parseTimezone(value: string, where: string): string | null {
  const v = value.trim();
  if (v === "") return null;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: v });
  } catch {
    throw new ConfigError(`${where} must be an IANA time zone such as "UTC" or "Europe/Paris"; got "${value}"`);
  }
  return v;
}

/** Alembic's `version_path_separator` (and 1.16's `path_separator`) values. */
const SEPARATORS: Readonly<Record<string, RegExp>> = {
  os: delimiter === ";" ? /;/ : /:/,
  space: /\s+/,
  colon: /:/,
  ":": /:/,
  semicolon: /;/,
  ";": /;/,
  comma: /,/,
  ",": /,/,
  newline: /\r?\n/,
};

/**
 * Split `version_locations`; `where` names the separator option. Without a separator option, as Alembic's legacy rule: on commas and
 * whitespace. Empty items are dropped.
 */
export function splitPaths(value: string, separator: string | undefined, where: string): string[] {
  let pattern = /[\s,]+/;
  if (separator !== undefined && separator.trim() !== "") {
    const found = SEPARATORS[separator.trim().toLowerCase()];
    if (!found) {
      throw new ConfigError(
        `${where} is an unknown path separator "${separator}"; use one of ${Object.keys(SEPARATORS).join(", ")}`,
      );
    }
    pattern = found;
  }
  return value
    .split(pattern)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
