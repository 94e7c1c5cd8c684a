import { withDatabase } from "../../config/url_edit.ts";
import type { Tenants } from "../dialect.ts";

/** Databases of the server itself, never tenants. */
const SYSTEM = ["mysql", "sys", "performance_schema", "information_schema"];

/**
 * Tenants on MySQL and MariaDB, where a schema is a database: each database is a tenant, reached by the
 * URL with its name; its version table and its migration lock (GET_LOCK names hold the database) are its own.
 */
export const mysqlTenants: Tenants = {
  noun: "database",
  async list(conn) {
    const rows = await conn.query<{ name: string }>(
      `SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN (${SYSTEM.map(() => "?").join(", ")}) ORDER BY SCHEMA_NAME`,
      SYSTEM,
    );
    return rows.map((r) => String(r.name));
  },
  target(url, name) {
    return { url: withDatabase(url.raw, name), versionTableSchema: null };
  },
};
