import { readFileSync } from "node:fs";
import { userInfo } from "node:os";
import type { DatabaseUrl } from "../../config/url.ts";
import { ConfigError } from "../../errors.ts";
import type { ConnectOptions } from "../dialect.ts";
import { keepaliveDelayS } from "../liveness_watch.ts";

type PgOptions = import("postgres").Options<Record<string, import("postgres").PostgresType>>;

/**
 * How the migration lock is held (see lock.ts): a session advisory lock, a transaction one (for PgBouncer's
 * transaction pooling), or "auto" (the default): the transaction lock when a pooler answers for the server.
 */
export type PostgresLockMode = "auto" | "session" | "xact";

/** URL parameters read here; every other parameter is sent to the server as a setting (search_path, statement_timeout...). */
const CONNECTION_KEYS = new Set([
  "host", "port", "user", "password", "dbname",
  "sslmode", "ssl", "sslrootcert", "sslcert", "sslkey", "sslpassword",
  "connect_timeout", "application_name", "fallback_application_name", "options", "target_session_attrs",
  "migrator_lock",
]);

/** libpq parameters that do not apply to this driver: accepted, so that a URL written for psql still works. */
const IGNORED_KEYS = new Set([
  "sslcompression", "sslcrl", "sslcrldir", "sslsni", "ssl_min_protocol_version", "ssl_max_protocol_version",
  "gssencmode", "gsslib", "gssdelegation", "krbsrvname", "channel_binding", "require_auth", "requirepeer",
  "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout",
  "passfile", "service", "hostaddr", "load_balance_hosts", "client_encoding", "replication", "sslnegotiation",
]);

const TARGET_SESSION_ATTRS = ["read-write", "read-only", "primary", "standby", "prefer-standby"] as const;

/** The lock mode a URL asks for: `?migrator_lock=session|xact`, or "auto" by default. */
export function lockMode(url: DatabaseUrl): PostgresLockMode {
  const mode = url.params["migrator_lock"] ?? "auto";
  if (mode === "auto" || mode === "session" || mode === "xact") return mode;
  throw new ConfigError(
    `Unknown migrator_lock "${mode}" in the database URL; use "auto" (the default: "xact" behind a pooler, else "session"), "session" or "xact" (for PgBouncer in transaction mode)`,
  );
}

/** Where the URL's server (or pooler) listens: a socket directory as `host=/var/run/postgresql`, else host and port. */
export function listenAddress(url: DatabaseUrl): { path: string } | { host: string; port: number } {
  const p = url.params;
  const port = p["port"] !== undefined ? Number(p["port"]) : (url.port ?? 5432);
  const socketDir = p["host"]?.startsWith("/") ? p["host"] : undefined;
  return socketDir ? { path: `${socketDir}/.s.PGSQL.${port}` } : { host: p["host"] ?? url.host ?? "localhost", port };
}

/**
 * postgres.js options from the parsed URL fields (never the raw string, so that passwords holding "#" or
 * "@" work), read as libpq reads them: sslmode and the ssl* files, connect_timeout in seconds,
 * application_name, options, a socket directory as `host=/var/run/postgresql`. Without a host the
 * driver connects to localhost over TCP (libpq would try the Unix socket). Environment variables such as
 * PGHOST or PGSSLMODE are not read; the driver still takes PGPASSWORD for a URL without a password.
 */
export function postgresOptions(url: DatabaseUrl, options: ConnectOptions): PgOptions {
  const p = url.params;
  lockMode(url);
  const user = p["user"] ?? url.user ?? osUser();
  const timeout = p["connect_timeout"];
  if (timeout !== undefined && !/^\d+$/.test(timeout)) {
    throw new ConfigError(`connect_timeout "${timeout}" in the database URL is not a whole number of seconds`);
  }
  const deadline = connectDeadline(url, options);
  const tsa = p["target_session_attrs"];
  if (tsa !== undefined && !(TARGET_SESSION_ATTRS as readonly string[]).includes(tsa)) {
    throw new ConfigError(`Unknown target_session_attrs "${tsa}" in the database URL; use ${TARGET_SESSION_ATTRS.join(", ")}`);
  }
  const out: PgOptions = {
    ...listenAddress(url),
    user,
    database: p["dbname"] ?? url.database ?? user,
    ssl: sslOption(p),
    // One session: BEGIN/COMMIT and session advisory locks must stay on it, so it is never recycled.
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    // connection.ts holds the deadline (connectDeadline); the driver's own timer, restarted by each of its
    // reconnects, is only a backstop for an attempt it starts after the deadline.
    connect_timeout: deadline.ms > 0 ? deadline.ms / 1000 + 1 : 0,
    // Named prepared statements do not survive PgBouncer's transaction pooling; unsafe() never prepares either.
    prepare: false,
    // postgres.js reads every array type at connect to parse and bind arrays: a query that costs a fresh
    // backend about 15 ms. A read-only session (current, history, check) reads the version table and the
    // catalog as text and JSON, never an array, so it goes without.
    fetch_types: options.readOnly !== true,
    connection: startupParameters(p),
    transform: { undefined: null },
    // A string sent to a json / jsonb parameter is JSON text already (as offline literals treat it).
    types: { json: { to: 114, from: [114, 3802], serialize: (x: unknown) => (typeof x === "string" ? x : JSON.stringify(x)), parse: (x: string) => JSON.parse(x) } },
    onnotice: reportNotice,
    // TCP keepalive on the session's socket (liveness_watch.ts).
    keep_alive: keepaliveDelayS(options.networkTimeoutMs),
    ...(tsa !== undefined ? { target_session_attrs: tsa as (typeof TARGET_SESSION_ATTRS)[number] } : {}),
  };
  const password = p["password"] ?? url.password;
  if (password !== undefined) out.password = password;
  return out;
}

/**
 * How long connecting may take, in milliseconds (0: no limit), and what set it: `connect_timeout` in the
 * URL (libpq's spelling) when it is there, else the config's (`--connect-timeout`, the ini key, 10 s).
 */
export function connectDeadline(url: DatabaseUrl, options: ConnectOptions): { ms: number; from: string } {
  const timeout = url.params["connect_timeout"];
  if (timeout !== undefined && /^\d+$/.test(timeout)) return { ms: Number(timeout) * 1000, from: "connect_timeout in the URL" };
  return { ms: Math.max(0, options.timeoutMs), from: options.timeoutFrom ?? "connect_timeout" };
}

/** libpq's default user: the operating-system user name. */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "postgres";
  }
}

/** Settings sent at connection start: application_name, options, and any other parameter as a server setting. */
function startupParameters(p: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = { application_name: p["application_name"] ?? p["fallback_application_name"] ?? "migrator" };
  if (p["options"] !== undefined) out["options"] = p["options"];
  for (const [key, value] of Object.entries(p)) {
    if (!CONNECTION_KEYS.has(key) && !IGNORED_KEYS.has(key)) out[key] = value;
  }
  return out;
}

/** NOTICE and INFO (e.g. "table does not exist, skipping") stay quiet; a WARNING goes to stderr. */
function reportNotice(notice: Record<string, unknown>): void {
  if (notice["severity"] === "WARNING") process.stderr.write(`PostgreSQL warning: ${String(notice["message"])}\n`);
}

/**
 * TLS as libpq has it: sslmode disable | allow | prefer (the default) | require | verify-ca | verify-full;
 * sslrootcert, sslcert and sslkey name PEM files; sslrootcert=system verifies against the system's CAs.
 * As in libpq, require with a root certificate verifies the chain (verify-ca); verify-ca and verify-full
 * without sslrootcert use the system's CAs (libpq would read ~/.postgresql/root.crt).
 */
function sslOption(p: Readonly<Record<string, string>>): NonNullable<PgOptions["ssl"]> {
  const systemCa = p["sslrootcert"] === "system";
  const ssl = p["ssl"]?.toLowerCase();
  const rawMode = p["sslmode"] ?? (systemCa ? "verify-full" : ssl === "true" || ssl === "1" ? "require" : "prefer");
  const mode = rawMode.toLowerCase();
  const file = (key: string): string | undefined => {
    const path = p[key];
    if (path === undefined || (key === "sslrootcert" && systemCa)) return undefined;
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      throw new ConfigError(`Cannot read the ${key} file "${path}" named in the database URL: ${(error as Error).message}`);
    }
  };
  if (mode === "disable") return false;
  const ca = file("sslrootcert");
  const cert = file("sslcert");
  const key = file("sslkey");
  const tls = {
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined ? { cert } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(p["sslpassword"] !== undefined ? { passphrase: p["sslpassword"] } : {}),
  };
  const noHostCheck = { checkServerIdentity: () => undefined };
  switch (mode) {
    case "allow":
    case "prefer":
      return "prefer";
    case "require":
      if (ca !== undefined) return { ...tls, rejectUnauthorized: true, ...noHostCheck };
      return cert !== undefined || key !== undefined ? { ...tls, rejectUnauthorized: false } : "require";
    case "verify-ca":
      return { ...tls, rejectUnauthorized: true, ...noHostCheck };
    case "verify-full":
      return { ...tls, rejectUnauthorized: true };
    default:
      throw new ConfigError(`Unknown sslmode "${rawMode}" in the database URL; use disable, allow, prefer, require, verify-ca or verify-full`);
  }
}
