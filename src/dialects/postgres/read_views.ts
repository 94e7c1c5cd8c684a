import type { ViewModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";
import { notExtensionMember } from "./catalog.ts";
import { bySchemaAndName } from "./order.ts";
import { viewOp, type ViewRow } from "./views.ts";

/**
 * The views of the schemas read, plain and materialized (relkind 'v' and 'm', not an extension's), sorted,
 * in one query. `query` is pg_get_viewdef as the server prints it (its layout and closing `;` included: the
 * comparison canonicalises both sides). Views of the default schema (`current`) carry no `schema`. What
 * the schema language does not say (comments, privileges, owner, security options, a materialized view's
 * indexes as pg_get_indexdef prints them, unqualified in the default schema as the view is) is `kept`, read as alterColumn reads the views it goes around
 * (views.ts), so that a view made again keeps it; a materialized view not filled has `withData: false`.
 */
export async function readViews(conn: Connection, schemas: readonly string[], current: string | null): Promise<ViewModel[]> {
  const rows = await conn.query<Pick<ViewRow, "schema" | "name" | "kind" | "query" | "options" | "comment" | "column_comments" | "owner" | "grants"> & { populated: boolean; indexes: string[] | null }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind, c.relispopulated AS populated, pg_get_viewdef(c.oid) AS query,
            (SELECT json_agg(CASE WHEN n.nspname = current_schema() THEN replace(pg_get_indexdef(i.indexrelid), ' ON ' || quote_ident(n.nspname) || '.', ' ON ')
                                  ELSE pg_get_indexdef(i.indexrelid) END ORDER BY ic.relname)
               FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = c.oid) AS indexes,
            array_to_json(c.reloptions) AS options, obj_description(c.oid, 'pg_class') AS comment,
            (SELECT json_object_agg(a.attname, col_description(c.oid, a.attnum)) FROM pg_attribute a
              WHERE a.attrelid = c.oid AND a.attnum > 0 AND col_description(c.oid, a.attnum) IS NOT NULL) AS column_comments,
            NULLIF(pg_get_userbyid(c.relowner), current_user) AS owner,
            (SELECT json_agg(json_build_object('role', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, 'privilege', a.privilege_type, 'grantable', a.is_grantable) ORDER BY a.grantee, a.privilege_type)
               FROM aclexplode(c.relacl) a WHERE a.grantee <> c.relowner) AS grants
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('v', 'm') AND n.nspname IN (SELECT json_array_elements_text(CAST(? AS json))) AND ${notExtensionMember("pg_class", "c.oid")}`,
    [JSON.stringify(schemas)],
  );
  return rows
    .map((r): ViewModel => {
      const at = r.schema === current ? { name: r.name } : { name: r.name, schema: r.schema };
      const { kind: _k, name: _n, schema: _s, query: _q, checkOption, ...kept } = viewOp(r, at);
      const materialized = r.kind === "m";
      if (materialized && r.indexes) kept.indexes = r.indexes;
      return {
        ...at,
        query: r.query,
        ...(checkOption ? { checkOption } : {}),
        ...(materialized ? { materialized: true as const, ...(r.populated ? {} : { withData: false as const }) } : {}),
        ...(Object.keys(kept).length > 0 ? { kept } : {}),
      };
    })
    .sort(bySchemaAndName);
}
