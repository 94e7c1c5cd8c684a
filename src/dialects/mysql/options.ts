import { readFileSync } from "node:fs";
import type { DatabaseUrl } from "../../config/url.ts";
import { ConfigError } from "../../errors.ts";
import type { ConnectOptions } from "../dialect.ts";
import { keepaliveDelayS } from "../liveness_watch.ts";

type MysqlOptions = import("mysql2/promise").ConnectionOptions;
type SslOptions = Exclude<NonNullable<MysqlOptions["ssl"]>, string>;

/** mysql2 options from the parsed URL fields (not the raw string, so that passwords with "#" or "@" work). */
export function mysqlOptions(url: DatabaseUrl, options: ConnectOptions): MysqlOptions {
  if (!url.database) {
    throw new ConfigError(`The MySQL URL names no database: add it as the path, e.g. mysql://user:password@host:3306/app`);
  }
  const p = url.params;
  const socket = p["socket"] ?? p["unix_socket"];
  const seconds = p["connect_timeout"] ?? p["connectTimeout"];
  const ssl = sslOptions(p);
  return {
    ...(socket ? { socketPath: socket } : { host: url.host ?? "localhost", port: url.port ?? 3306 }),
    ...(url.user !== undefined ? { user: url.user } : {}),
    ...(url.password !== undefined ? { password: url.password } : {}),
    database: url.database,
    charset: p["charset"] ?? "utf8mb4",
    // One deadline, as for PostgreSQL: the URL's connect_timeout, else the config's; 0 waits as long as it takes.
    connectTimeout: seconds !== undefined ? Number(seconds) * 1000 : Math.max(0, options.timeoutMs),
    // For executeAround's packets (bookkeeping around a statement). A single statement is sent and
    // answered as without them.
    multipleStatements: true,
    // Dates go out and come back as UTC, the same as literal() writes them in offline scripts.
    timezone: "Z",
    supportBigNumbers: true,
    // TCP keepalive on the socket (liveness_watch.ts), rather than mysql2's default: the OS's, after 2 hours.
    enableKeepAlive: true,
    keepAliveInitialDelay: keepaliveDelayS(options.networkTimeoutMs) * 1000,
    ...(ssl ? { ssl } : {}),
  };
}

/**
 * TLS from the URL: ssl-mode (or sslmode) disabled | preferred | required | verify_ca | verify_identity,
 * with ssl-ca, ssl-cert and ssl-key naming PEM files. mysql2 cannot fall back to plain text, so
 * "preferred" (the MySQL client's default) connects without TLS; "required" with a CA verifies it.
 */
function sslOptions(p: Readonly<Record<string, string>>): SslOptions | undefined {
  const file = (...keys: string[]) => {
    const key = keys.find((k) => p[k] !== undefined);
    if (key === undefined) return undefined;
    try {
      return readFileSync(p[key]!, "utf8");
    } catch (error) {
      throw new ConfigError(`Cannot read the ${key} file "${p[key]}" named in the database URL: ${(error as Error).message}`);
    }
  };
  const ssl = p["ssl"]?.toLowerCase();
  const rawMode = p["ssl-mode"] ?? p["sslmode"] ?? p["ssl_mode"] ?? (ssl === "true" || ssl === "1" ? "required" : "preferred");
  const mode = rawMode.toLowerCase().replaceAll("-", "_");
  if (mode === "disabled" || mode === "disable" || mode === "preferred" || mode === "prefer" || mode === "allow") return undefined;
  const ca = file("ssl-ca", "sslca", "sslrootcert");
  const cert = file("ssl-cert", "sslcert");
  const key = file("ssl-key", "sslkey");
  const pems = { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
  switch (mode) {
    case "required":
    case "require":
      return { ...pems, rejectUnauthorized: ca !== undefined, verifyIdentity: false };
    case "verify_ca":
      return { ...pems, rejectUnauthorized: true, verifyIdentity: false };
    case "verify_identity":
    case "verify_full":
      return { ...pems, rejectUnauthorized: true, verifyIdentity: true };
    default:
      throw new ConfigError(
        `Unknown ssl-mode "${rawMode}" in the database URL; use disabled, preferred, required, verify_ca or verify_identity`,
      );
  }
}
