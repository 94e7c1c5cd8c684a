import type { Env } from "../config/env_expand.ts";
import type { Config } from "../config/types.ts";
import { parseDatabaseUrl } from "../config/url.ts";
import { ConfigError, UsageError } from "../errors.ts";
import { withSession } from "../runtime/session.ts";
import { globMatcher } from "./glob.ts";
import { urlTarget, type FleetTarget } from "./target.ts";
import { readUrlList } from "./url_list.ts";

/** Where a fleet's databases come from. */
export type FleetSource =
  /** A file of URLs, one per line, optionally after a name (see url_list.ts). */
  | { readonly urlsFile: string }
  /** A query run on the config's database, returning one column (the URL) or two (a name, the URL). */
  | { readonly urlsQuery: string }
  /** Every schema (PostgreSQL) or database (MySQL) of the config's server whose name matches the pattern(s). */
  | { readonly schemas: string };

export interface SourceContext {
  /** Where a relative `urlsFile` is. */
  readonly cwd: string;
  /** For `${VAR}` in a URL list. */
  readonly env: Env;
}

/** The targets a source names, each a copy of `base` (the project's config) pointed at one database, in the source's order. */
export async function fleetTargets(base: Config, source: FleetSource, context: SourceContext): Promise<FleetTarget[]> {
  if ("urlsFile" in source) return apart(base, readUrlList(source.urlsFile, context.cwd, context.env).map((u) => urlTarget(base, u.url, u.name)));
  if ("urlsQuery" in source) return apart(base, await queryTargets(base, source.urlsQuery));
  return tenantTargets(base, source.schemas);
}

/** Dialects whose schema is a database: a version_table_schema there is one per server. */
const SCHEMA_IS_DATABASE = new Set(["mysql", "tidb", "vitess"]);

/**
 * A URL list's targets, refused when the config's version_table_schema puts two of them on one version
 * table (PostgreSQL: the same database; MySQL: the same server): the first to run would record its
 * revisions there and the others would be reported at head without running theirs.
 */
function apart(base: Config, targets: FleetTarget[]): FleetTarget[] {
  const schema = base.versionTableSchema;
  if (!schema) return targets;
  const seen = new Map<string, string>();
  for (const t of targets) {
    let url;
    try {
      url = parseDatabaseUrl(t.config.url ?? "");
    } catch {
      continue; // this target's failure to report when it runs
    }
    if (url.path !== undefined) continue;
    const serverWide = SCHEMA_IS_DATABASE.has(url.dialect);
    const p = url.params;
    const place = [url.dialect, url.host ?? "", url.port ?? "", p["socket"] ?? p["unix_socket"] ?? p["host"] ?? "", serverWide ? "" : (url.database ?? "")].join("\0");
    const first = seen.get(place);
    if (first !== undefined) {
      throw new ConfigError(
        `version_table_schema = ${schema} gives ${first} and ${t.name} one version table (${schema}.${base.versionTable} on the same ${serverWide ? "server" : "database"}): ` +
          `the second would be reported at head without running its migrations; leave version_table_schema out of the config for this fleet, or use --schemas`,
      );
    }
    seen.set(place, t.name);
  }
  return targets;
}

async function queryTargets(base: Config, sql: string): Promise<FleetTarget[]> {
  const rows = await withSession(base, (s) => s.conn.query(sql));
  const seen = new Set<string>();
  return rows.flatMap((row, i) => {
    const values = Object.values(row);
    if (values.length < 1 || values.length > 2) {
      throw new ConfigError(`--urls-query returned ${values.length} columns in row ${i + 1}; return one (the URL) or two (a name, then the URL)`);
    }
    const url = values.at(-1);
    if (url === null || url === undefined || String(url).trim() === "") return [];
    const text = String(url).trim();
    if (seen.has(text)) return [];
    seen.add(text);
    return [urlTarget(base, text, values.length === 2 ? String(values[0]) : undefined)];
  });
}

async function tenantTargets(base: Config, patterns: string): Promise<FleetTarget[]> {
  const match = globMatcher(patterns);
  return withSession(base, async (session) => {
    const tenants = session.dialect.tenants;
    if (!tenants) {
      throw new UsageError(
        `--schemas lists the schemas of a PostgreSQL server or the databases of a MySQL one; ${session.dialect.name} has neither: list the databases in --urls-file`,
      );
    }
    const names = (await tenants.list(session.conn)).filter(match);
    return names.map((name) => {
      const t = tenants.target(session.url, name);
      return urlTarget(base, t.url, name, t.versionTableSchema);
    });
  });
}
