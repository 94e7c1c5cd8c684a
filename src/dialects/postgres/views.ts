/**
 * The views that read the tables of the schemas reflected, directly or through other views (one recursive
 * catalog query): PostgreSQL binds a view to the columns it reads, so autogenerate carries them around the
 * type changes it refuses under them (autogenerate/views_around.ts). Each comes with what re-creating it
 * needs: its query as pg_get_viewdef prints it, its WITH options, comment and grants. Views of any schema
 * count (a reporting schema's view of public.users blocks the change all the same); an extension's do not.
 */
import type { TableRef, ViewGrant } from "../../operations/ops.ts";
import type { ViewModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";
import { notExtensionMember } from "./catalog.ts";
import { bySchemaAndName } from "./order.ts";

interface ViewRow extends Record<string, unknown> {
  schema: string;
  name: string;
  kind: string;
  query: string;
  options: string[] | null;
  comment: string | null;
  grants: { role: string; privilege: string }[] | null;
  reads: { schema: string; name: string; column: string | null }[];
  /** The view's owner when it is not the connected role (which will own it once re-created). */
  owner: string | null;
}

export async function readViews(conn: Connection, schemas: readonly string[], current: string | null): Promise<ViewModel[]> {
  const rows = await conn.query<ViewRow>(
    `WITH RECURSIVE edges AS (
       SELECT DISTINCT rw.ev_class AS view, d.refobjid AS rel, d.refobjsubid AS col
         FROM pg_depend d JOIN pg_rewrite rw ON d.classid = 'pg_rewrite'::regclass AND d.objid = rw.oid
        WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid <> rw.ev_class AND d.deptype = 'n'
     ), reach AS (
       SELECT e.view FROM edges e JOIN pg_class t ON t.oid = e.rel JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE t.relkind IN ('r', 'p') AND n.nspname IN (SELECT json_array_elements_text(CAST(? AS json)))
       UNION
       SELECT e.view FROM edges e JOIN reach r ON e.rel = r.view
     )
     SELECT n.nspname AS schema, v.relname AS name, v.relkind AS kind, pg_get_viewdef(v.oid, true) AS query,
            array_to_json(v.reloptions) AS options, obj_description(v.oid, 'pg_class') AS comment,
            NULLIF(pg_get_userbyid(v.relowner), current_user) AS owner,
            (SELECT json_agg(json_build_object('role', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, 'privilege', a.privilege_type) ORDER BY 1)
               FROM aclexplode(v.relacl) a WHERE a.grantee <> v.relowner) AS grants,
            (SELECT json_agg(json_build_object('schema', rn.nspname, 'name', r.relname, 'column', att.attname))
               FROM edges e JOIN pg_class r ON r.oid = e.rel JOIN pg_namespace rn ON rn.oid = r.relnamespace
               LEFT JOIN pg_attribute att ON att.attrelid = e.rel AND att.attnum = e.col AND e.col > 0
              WHERE e.view = v.oid AND r.relkind IN ('r', 'p', 'v', 'm')) AS reads
       FROM pg_class v JOIN pg_namespace n ON n.oid = v.relnamespace
      WHERE v.oid IN (SELECT view FROM reach) AND ${notExtensionMember("pg_class", "v.oid")}`,
    [JSON.stringify(schemas)],
  );
  const ref = (schema: string, name: string): TableRef => (schema === current ? { name } : { name, schema });
  return rows
    .map((r) => viewModel(r, ref(r.schema, r.name), ref))
    .sort((a, b) => bySchemaAndName({ name: a.view.name, ...(a.view.schema ? { schema: a.view.schema } : {}) }, { name: b.view.name, ...(b.view.schema ? { schema: b.view.schema } : {}) }));
}

function viewModel(r: ViewRow, at: TableRef, ref: (schema: string, name: string) => TableRef): ViewModel {
  const option = (key: string) => r.options?.find((o) => o.startsWith(`${key}=`))?.slice(key.length + 1);
  const check = option("check_option");
  const barrier = option("security_barrier");
  const invoker = option("security_invoker");
  const byRole = new Map<string, string[]>();
  for (const g of r.grants ?? []) byRole.set(g.role, [...(byRole.get(g.role) ?? []), g.privilege]);
  const grants: ViewGrant[] = [...byRole].map(([role, privileges]) => ({ role, privileges }));
  return {
    view: {
      kind: "createView",
      name: at.name,
      ...(at.schema ? { schema: at.schema } : {}),
      query: r.query.trim().replace(/;$/, ""),
      ...(check === "local" || check === "cascaded" ? { checkOption: check } : {}),
      ...(barrier !== undefined ? { securityBarrier: barrier === "true" || barrier === "on" } : {}),
      ...(invoker !== undefined ? { securityInvoker: invoker === "true" || invoker === "on" } : {}),
      ...(r.comment !== null ? { comment: r.comment } : {}),
      ...(grants.length > 0 ? { grants } : {}),
    },
    materialized: r.kind === "m",
    ...(r.owner !== null ? { owner: r.owner } : {}),
    reads: (r.reads ?? []).map((d) => ({ relation: ref(d.schema, d.name), column: d.column })),
  };
}
