import { splitUrl } from "./url_split.ts";

/**
 * Database URLs derived from another one, as text (the password stays as it was written): the same
 * server with one query parameter set, or with another database. For fleets of tenants on one server.
 */

/** `url` with the query parameter `key` set to `value` (replaced when present, appended otherwise). */
export function withQueryParam(url: string, key: string, value: string): string {
  const { base, query } = cut(url);
  const pairs = query === "" ? [] : query.split("&").filter((p) => decodeURIComponent(p.split("=", 1)[0]!.replace(/\+/g, " ")) !== key);
  pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  return `${base}?${pairs.join("&")}`;
}

/** A server URL (`scheme://user:pass@host:port/database?query`) naming `database` instead of its own. */
export function withDatabase(url: string, database: string): string {
  const parts = splitUrl(url);
  const { base, query } = cut(url);
  const hostStart = parts.bodyStart + (parts.at >= 0 ? parts.at + 1 : 0);
  const slash = base.indexOf("/", hostStart);
  const server = slash < 0 ? base : base.slice(0, slash);
  return `${server}/${encodeURIComponent(database)}${query === "" ? "" : `?${query}`}`;
}

/** The URL before the query string, and the query string, split at the first "?" after the user info. */
function cut(url: string): { base: string; query: string } {
  const parts = splitUrl(url);
  const from = parts.bodyStart + (parts.at >= 0 ? parts.at + 1 : 0);
  const q = url.indexOf("?", from);
  return q < 0 ? { base: url, query: "" } : { base: url.slice(0, q), query: url.slice(q + 1) };
}
