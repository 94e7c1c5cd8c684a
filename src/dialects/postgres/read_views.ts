import type { ViewModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";
import { notExtensionMember } from "./catalog.ts";
import { bySchemaAndName } from "./order.ts";

interface ViewRow extends Record<string, unknown> {
  schema: string;
  name: string;
  query: string;
  check_option: string | null;
}

/**
 * The plain views of the schemas read (relkind 'v': not materialized ones, not an extension's), sorted, in
 * one query. `query` is pg_get_viewdef as the server prints it (its layout and closing `;` included: the
 * comparison canonicalises both sides). Views of the default schema (`current`) carry no `schema`.
 */
export async function readViews(conn: Connection, schemas: readonly string[], current: string | null): Promise<ViewModel[]> {
  const rows = await conn.query<ViewRow>(
    `SELECT n.nspname AS schema, c.relname AS name, pg_get_viewdef(c.oid) AS query,
            (SELECT substr(o, length('check_option=') + 1) FROM unnest(c.reloptions) o WHERE o LIKE 'check_option=%') AS check_option
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'v' AND n.nspname IN (SELECT json_array_elements_text(CAST(? AS json))) AND ${notExtensionMember("pg_class", "c.oid")}`,
    [JSON.stringify(schemas)],
  );
  return rows
    .map((r): ViewModel => ({
      name: r.name,
      ...(r.schema === current ? {} : { schema: r.schema }),
      query: r.query,
      ...(r.check_option === "local" || r.check_option === "cascaded" ? { checkOption: r.check_option } : {}),
    }))
    .sort(bySchemaAndName);
}
