import { withQueryParam } from "../../config/url_edit.ts";
import type { Tenants } from "../dialect.ts";

/** A name as search_path takes it: as it is when PostgreSQL would fold it to itself, quoted otherwise. */
function pathEntry(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/**
 * Schema-per-tenant on PostgreSQL: each schema is a tenant. Its session has the schema first on the
 * search_path (then the URL's own search_path, if it sets one, e.g. `public` for shared extensions), so
 * unqualified names in its migrations are its own; its version table is in the schema, and the
 * migration lock's key (which holds the version table's schema) is its own too.
 */
export const postgresTenants: Tenants = {
  noun: "schema",
  async list(conn) {
    const rows = await conn.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_catalog.pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY nspname`,
    );
    return rows.map((r) => r.name);
  },
  target(url, name) {
    const rest = url.params["search_path"]?.trim();
    const path = rest ? `${pathEntry(name)}, ${rest}` : pathEntry(name);
    return { url: withQueryParam(url.raw, "search_path", path), versionTableSchema: name };
  },
};
