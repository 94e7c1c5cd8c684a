import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigError } from "../errors.ts";
import { parseBoolean, parseCount, parseSeconds, parseTimezone, splitPaths } from "./config_values.ts";
import type { Env } from "./env_expand.ts";
import { findConfigFile } from "./find_config.ts";
import { readDotenv } from "./dotenv.ts";
import { misspeltKey } from "./known_keys.ts";
import { parseIni, type IniDocument, type IniEntry } from "./ini.ts";
import { resolveIniSection } from "./ini_section.ts";
import type { Config } from "./types.ts";

export interface LoadConfigOptions {
  /** `-c/--config`: must exist. Without it, `$MIGRATOR_CONFIG`, then `./migrator.ini` if present. */
  readonly configPath?: string;
  /** `-n/--name`: the section to read; "migrator" by default. */
  readonly section?: string;
  /** `--url`: wins over the section's url and `$DATABASE_URL`. */
  readonly url?: string;
  readonly cwd: string;
  readonly env: Env;
  /** `--lock-timeout`: wins over `lock_timeout` in the config. */
  readonly lockTimeoutMs?: number;
  /** `--table-lock-timeout`: wins over `table_lock_timeout` in the config. */
  readonly tableLockTimeoutMs?: number;
  /** `--connect-timeout`: wins over `connect_timeout` in the config. */
  readonly connectTimeoutMs?: number;
  /** `--network-timeout`: wins over `network_timeout` in the config. */
  readonly networkTimeoutMs?: number;
  /** `--server-version`: wins over `server_version` in the config. */
  readonly serverVersion?: string;
  /** `--wait-timeout`: wins over `wait_timeout` in the config. */
  readonly waitMs?: number;
  /** `--wait`: retry the first connection, for `wait_timeout` seconds or else 60. */
  readonly wait?: boolean;
  /**
   * A `.env` file read for `DATABASE_URL`, `MIGRATOR_CONFIG` and the config's `${VAR}`s (KEY=VALUE lines,
   * as dbmate reads them); the environment's own variables win. Default: `.env` in `cwd` when it exists;
   * a path given here must exist (`--env-file`); false reads none (`--no-env-file`).
   */
  readonly envFile?: string | false;
}

const DEFAULT_SECTION = "migrator";
/** How long `--wait` waits when neither `--wait-timeout` nor `wait_timeout` says. */
const DEFAULT_WAIT_MS = 60_000;
const URL_KEYS = ["url", "sqlalchemy.url"] as const;
/** The URL Alembic's generic template ships with: a placeholder, not a database. */
const ALEMBIC_PLACEHOLDER = "driver://user:pass@localhost/dbname";
const SINGLE_ENV_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/**
 * Read the configuration of one run (Alembic's option names; `sqlalchemy.url` is accepted for `url`).
 * A url that is exactly `${VAR}` with VAR unset counts as no url, so that offline commands work
 * without a database; any other unset `${VAR}` is a ConfigError.
 */
export function loadConfig(given: LoadConfigOptions): Config {
  const cwd = resolve(given.cwd);
  const options = { ...given, env: configEnvironment(given) };
  const section = options.section ?? DEFAULT_SECTION;
  const file = findConfigFile(options.configPath, cwd, options.env);
  const here = file ? dirname(file) : cwd;
  const doc = file ? readIni(file) : null;
  const values = doc ? { ...inherited(doc, section, here, options), ...sectionValues(doc, section, here, options) } : {};
  const where = (key: string): string => describe(doc, section, key);
  const get = (key: string): string | undefined => values[key];
  // An unset option takes its default as it is: nothing to parse (no pattern compiled at start-up).
  const typed = <T>(key: string, fallback: T, parse: (text: string, where: string) => T): T => {
    const text = get(key);
    return text === undefined ? fallback : parse(text, where(key));
  };

  const scriptLocation = resolve(here, get("script_location")?.trim() || "migrations");
  const locations = get("version_locations");
  const separatorKey = get("version_path_separator") !== undefined ? "version_path_separator" : "path_separator";
  const separator = get(separatorKey);
  const versionLocations =
    locations === undefined || locations.trim() === ""
      ? [resolve(scriptLocation, "versions")]
      : splitPaths(locations, separator, where(separatorKey)).map((p) => resolve(here, p));

  const waitMs = Math.round(typed("wait_timeout", 0, parseSeconds) * 1000);
  return {
    file,
    section,
    here,
    scriptLocation,
    versionLocations,
    fileTemplate: get("file_template")?.trim() || "%(rev)s_%(slug)s",
    truncateSlugLength: typed("truncate_slug_length", 40, parseCount),
    timezone: typed("timezone", null, parseTimezone),
    url: chooseUrl(options, values),
    versionTable: get("version_table")?.trim() || "migrator_version",
    versionTableSchema: get("version_table_schema")?.trim() || null,
    ...serverVersion(options.serverVersion ?? get("server_version")),
    transactionPerMigration: typed("transaction_per_migration", false, parseBoolean),
    lockTimeoutMs: options.lockTimeoutMs ?? Math.round(typed("lock_timeout", 60, parseSeconds) * 1000),
    tableLockTimeoutMs: options.tableLockTimeoutMs ?? Math.round(typed("table_lock_timeout", 60, parseSeconds) * 1000),
    connectTimeoutMs: options.connectTimeoutMs ?? Math.round(typed("connect_timeout", 10, parseSeconds) * 1000),
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutFrom: "--connect-timeout" }
      : get("connect_timeout") !== undefined ? { connectTimeoutFrom: where("connect_timeout") }
      : {}),
    networkTimeoutMs: options.networkTimeoutMs ?? Math.round(typed("network_timeout", 60, parseSeconds) * 1000),
    ...(options.networkTimeoutMs !== undefined ? { networkTimeoutFrom: "--network-timeout" }
      : get("network_timeout") !== undefined ? { networkTimeoutFrom: where("network_timeout") }
      : {}),
    waitMs: options.waitMs ?? (options.wait ? waitMs || DEFAULT_WAIT_MS : waitMs),
    recursiveVersionLocations: typed("recursive_version_locations", false, parseBoolean),
    revisionLanguage: parseLanguage(get("revision_language"), where("revision_language")),
    databases: listValue(get("databases")),
    options: values,
    warnings: doc ? misspeltKeys(doc, section) : [],
  };
}

/** The environment with the `.env` file's variables under it: what the config's `${VAR}`s (and a fleet's URL list) read. */
export function configEnvironment(options: LoadConfigOptions): Env {
  const cwd = resolve(options.cwd);
  if (options.envFile === false) return options.env;
  const file = readDotenv(resolve(cwd, options.envFile ?? ".env"), options.envFile !== undefined);
  // No .env (the usual case): the environment as it is, not a copy of every variable.
  if (Object.keys(file).length === 0) return options.env;
  const env: Record<string, string | undefined> = { ...file };
  for (const [key, value] of Object.entries(options.env)) if (value !== undefined) env[key] = value;
  return env;
}

/** A warning for each key of the section (or of [DEFAULT], read with the main section) that looks like a misspelt setting. */
function misspeltKeys(doc: IniDocument, section: string): string[] {
  const own = [...(doc.sections.find((s) => s.name === section)?.entries.keys() ?? [])].map((key) => [key, section] as const);
  const defaults = section === DEFAULT_SECTION ? [...doc.defaults.keys()].map((key) => [key, "DEFAULT"] as const) : [];
  const warnings: string[] = [];
  for (const [key, where] of [...own, ...defaults]) {
    const known = misspeltKey(key);
    const line = (where === "DEFAULT" ? doc.defaults : doc.sections.find((s) => s.name === where)?.entries)?.get(key)?.line;
    if (known !== undefined) warnings.push(`"${key}" in [${where}] (${doc.file}:${line}) is not a setting and is ignored; did you mean "${known}"?`);
  }
  return warnings;
}

/**
 * A database section of a multidb file (named in the main section's `databases`) inherits the main
 * section's keys, except `databases` itself.
 */
function inherited(doc: IniDocument, section: string, here: string, options: LoadConfigOptions): Record<string, string> {
  const raw = doc.sections.find((s) => s.name === DEFAULT_SECTION)?.entries.get("databases")?.value ?? "";
  if (section === DEFAULT_SECTION || !raw.split(/[\s,]+/).includes(section)) return {};
  const { databases: _, ...rest } = sectionValues(doc, DEFAULT_SECTION, here, options);
  return rest;
}

function parseLanguage(value: string | undefined, where: string): "ts" | "sql" {
  const v = (value ?? "ts").trim().toLowerCase() || "ts";
  if (v === "ts" || v === "sql") return v;
  throw new ConfigError(`${where}: revision_language must be "ts" or "sql"; got "${value}"`);
}

function readIni(file: string): IniDocument {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${file}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return parseIni(text, file);
}

function sectionValues(doc: IniDocument, section: string, here: string, options: LoadConfigOptions): Record<string, string> {
  if (!doc.sections.some((s) => s.name === section)) {
    const names = doc.sections.map((s) => `[${s.name}]`).join(", ");
    throw new ConfigError(
      `No section [${section}] in ${doc.file}; ` +
        (names ? `it has ${names}: choose one with -n/--name` : `it has no sections: add a [${section}] section`),
    );
  }
  return resolveIniSection(doc, section, {
    defaults: { here },
    env: options.env,
    skip: (key) => {
      if (!(URL_KEYS as readonly string[]).includes(key)) return false;
      if (options.url !== undefined) return true;
      const name = SINGLE_ENV_REFERENCE.exec(entry(doc, section, key)?.value.trim() ?? "")?.[1];
      return name !== undefined && options.env[name] === undefined;
    },
  });
}

/** `--url`, then the section's url (or sqlalchemy.url), then `$DATABASE_URL`. */
function chooseUrl(options: LoadConfigOptions, values: Readonly<Record<string, string>>): string | null {
  if (options.url !== undefined && options.url.trim() !== "") return options.url.trim();
  for (const key of URL_KEYS) {
    const value = values[key]?.trim();
    if (value && value !== ALEMBIC_PLACEHOLDER) return value;
  }
  return options.env.DATABASE_URL?.trim() || null;
}

function entry(doc: IniDocument, section: string, key: string): IniEntry | undefined {
  return doc.sections.find((s) => s.name === section)?.entries.get(key) ?? doc.defaults.get(key);
}

/** `"key" in [section] (file:line)`, for messages about a value. */
function describe(doc: IniDocument | null, section: string, key: string): string {
  const found = doc ? entry(doc, section, key) : undefined;
  return found && doc ? `"${key}" in [${section}] (${doc.file}:${found.line})` : `"${key}"`;
}

function serverVersion(text: string | undefined): { serverVersion?: string } {
  const version = text?.trim();
  return version ? { serverVersion: version } : {};
}

/** A list option (`databases = primary, analytics`): its items, split on commas and blanks; none when unset. */
function listValue(text: string | undefined): string[] {
  return text === undefined || text.trim() === "" ? [] : text.split(/[\s,]+/).filter(Boolean);
}
