import type { EnumModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";
import { notExtensionMember } from "./catalog.ts";
import { bySchemaAndName } from "./order.ts";

/**
 * The enum types of the given schemas (one query), values in their declared order (enumsortorder), sorted
 * by (schema, name); `schema` is left out for the default schema. Enums an extension made are left out.
 */
export async function readEnums(conn: Connection, schemas: readonly string[], defaultSchema: string | null): Promise<EnumModel[]> {
  const rows = await conn.query<{ schema: string; name: string; labels: string[] }>(
    `SELECT n.nspname AS schema, t.typname AS name, json_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE t.typtype = 'e' AND n.nspname IN (SELECT json_array_elements_text(CAST(? AS json)))
        AND ${notExtensionMember("pg_type", "t.oid")}
      GROUP BY n.nspname, t.typname`,
    [JSON.stringify(schemas)],
  );
  return rows
    .map((r): EnumModel => (r.schema === defaultSchema ? { name: r.name, values: r.labels } : { name: r.name, schema: r.schema, values: r.labels }))
    .sort(bySchemaAndName);
}
