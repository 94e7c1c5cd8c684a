import { dialectForScheme, knownSchemes } from "../dialects/registry.ts";
import { ConfigError } from "../errors.ts";
import { redactUrl } from "./redact.ts";
import { percentDecode, splitUrl, type UrlParts } from "./url_split.ts";

export { redactSecrets, redactUrl, urlSecrets } from "./redact.ts";

/** A name in the dialect registry (src/dialects/registry.ts): "postgres", "mysql", "sqlite", "libsql", or a variant. */
export type DialectName = string;

/** A parsed database URL. `raw` still holds the password: print `redactUrl(raw)` instead. */
export interface DatabaseUrl {
  /** Lower-cased scheme without any SQLAlchemy `+driver` suffix, e.g. "postgresql", "https". */
  readonly scheme: string;
  readonly dialect: DialectName;
  readonly host?: string;
  readonly port?: number;
  /** Percent-decoded. */
  readonly user?: string;
  /** Percent-decoded. */
  readonly password?: string;
  readonly database?: string;
  /** SQLite file path (relative to the working directory, or absolute), or ":memory:". */
  readonly path?: string;
  /** The query string. */
  readonly params: Readonly<Record<string, string>>;
  readonly raw: string;
}

const MEMORY = ":memory:";

/** Parse a database URL; SQLAlchemy URLs (`postgresql+psycopg2://`, `sqlite:///app.db`) are accepted. */
export function parseDatabaseUrl(url: string): DatabaseUrl {
  const raw = url;
  const parts = splitUrl(url.trim());
  const scheme = parts.scheme.split("+")[0] ?? "";
  const found = dialectForScheme(scheme);
  if (!found) {
    const what = parts.scheme ? `scheme "${parts.scheme}"` : "no scheme";
    throw new ConfigError(
      `Database URL ${redactUrl(url)} has ${what}; supported schemes: ${knownSchemes().join(", ")} ` +
        `(a driver suffix such as postgresql+psycopg2 is accepted and ignored)`,
    );
  }
  const dialect = found.name;
  if (found.entry.location === "file") return { scheme, dialect, ...sqliteLocation(parts, url), raw };
  return { scheme, dialect, ...networkParts(parts, url), raw };
}

type Located = Omit<DatabaseUrl, "scheme" | "dialect" | "raw">;

function sqliteLocation(parts: UrlParts, url: string): Located {
  const [location = "", query = ""] = cutQuery(parts.body);
  const params = parseQuery(query);
  let path: string;
  if (parts.scheme === "file" && parts.slashes) {
    // file:///abs/app.db and file://localhost/abs/app.db, as RFC 8089 has it.
    const slash = location.indexOf("/");
    const authority = slash < 0 ? location : location.slice(0, slash);
    if (authority !== "" && authority !== "localhost") throw sqliteError(url);
    path = slash < 0 ? "" : location.slice(slash);
  } else if (parts.slashes) {
    // SQLAlchemy: sqlite:// is in memory, sqlite:///rel.db is relative, sqlite:////abs.db absolute.
    if (location === "" || location === MEMORY) path = MEMORY;
    else if (location.startsWith("/")) path = location.slice(1);
    else throw sqliteError(url);
  } else if (parts.scheme !== "file" && location.startsWith("/")) {
    // sqlite:/app.db: SQLAlchemy reads no such form; a file at the root is rarely what was meant.
    throw sqliteError(url, `has one slash after "${parts.scheme}:" (neither a relative nor an absolute form)`);
  } else {
    path = location; // sqlite:app.db, sqlite::memory:, file:app.db, file:/abs/app.db
  }
  path = percentDecode(path);
  if (path === "" && !parts.slashes) throw sqliteError(url);
  return { path: path === "" ? MEMORY : path, params };
}

function sqliteError(url: string, why = "names no usable file"): ConfigError {
  return new ConfigError(
    `SQLite URL ${redactUrl(url)} ${why}: write sqlite:///relative.db (in the working folder), sqlite:////absolute/path.db, ` +
      `file:relative.db or sqlite::memory:`,
  );
}

function networkParts(parts: UrlParts, url: string): Located {
  if (!parts.slashes) {
    throw new ConfigError(
      `Database URL ${redactUrl(url)} must look like ${parts.scheme}://user:password@host:port/database`,
    );
  }
  const out: { -readonly [K in keyof Located]: Located[K] } = { params: {} };
  let rest = parts.body;
  if (parts.at >= 0) {
    const info = rest.slice(0, parts.at);
    rest = rest.slice(parts.at + 1);
    const colon = info.indexOf(":");
    const user = percentDecode(colon < 0 ? info : info.slice(0, colon));
    if (user !== "") out.user = user;
    if (colon >= 0) out.password = percentDecode(info.slice(colon + 1));
  }
  const [location = "", query = ""] = cutQuery(rest);
  out.params = parseQuery(query);
  const slash = location.indexOf("/");
  const hostPort = slash < 0 ? location : location.slice(0, slash);
  const database = slash < 0 ? "" : percentDecode(location.slice(slash + 1));
  if (database !== "") out.database = database;
  const match = /^(?:\[([^\]]*)\]|([^:[\]]*))(?::(.*))?$/.exec(hostPort);
  if (!match) throw new ConfigError(`Database URL ${redactUrl(url)} has an invalid host`);
  const host = percentDecode(match[1] ?? match[2] ?? "");
  if (host !== "") out.host = host;
  const port = match[3];
  if (port !== undefined && port !== "") {
    const n = /^\d{1,5}$/.test(port) ? Number(port) : 0;
    if (n < 1 || n > 65535) {
      // The port is not quoted: when the URL is misread, it may be a piece of the password.
      throw new ConfigError(
        `Database URL ${redactUrl(url)} has an invalid port; if the password holds "/" or "?", percent-encode it (%2F, %3F)`,
      );
    }
    out.port = n;
  }
  return out;
}

/** Split at the first "?". */
function cutQuery(text: string): [string, string] {
  const q = text.indexOf("?");
  return q < 0 ? [text, ""] : [text.slice(0, q), text.slice(q + 1)];
}

function parseQuery(query: string): Record<string, string> {
  const params = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(query)) params.set(key, value);
  return Object.fromEntries(params);
}
