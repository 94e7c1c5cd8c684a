/**
 * The views that read the tables of the schemas reflected, directly or through other views (one recursive
 * catalog query): PostgreSQL binds a view to the columns it reads, so autogenerate carries them around the
 * type changes it refuses under them (autogenerate/views_around.ts). Each comes with what re-creating it
 * needs: its query as pg_get_viewdef prints it, its WITH options, comment and grants. Views of any schema
 * count (a reporting schema's view of public.users blocks the change all the same); an extension's do not.
 */
import type { TableRef, ViewGrant } from "../../operations/ops.ts";
import type { ColumnBinding, ViewModel } from "../../schema/model.ts";
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

interface BoundRow extends Record<string, unknown> {
  kind: "trigger" | "policy" | "function";
  name: string;
  table_schema: string;
  table_name: string;
  owner_schema: string | null;
  owner_name: string | null;
  column: string | null;
  definition: string;
  drop: string;
}

/**
 * The triggers (WHEN, UPDATE OF), row-level security policies and SQL-body functions (BEGIN ATOMIC) that
 * read columns of the tables in scope: PostgreSQL refuses a type change of those columns under them too
 * ("used in a trigger definition", "in a policy definition", "by a function or procedure"). Each with the
 * statements that drop it and make it again, for the message that says how (views_around.ts).
 */
export async function readColumnBindings(conn: Connection, schemas: readonly string[], current: string | null): Promise<ColumnBinding[]> {
  const rows = await conn.query<BoundRow>(
    `WITH deps AS (
       SELECT DISTINCT d.classid, d.objid, d.refobjid, d.refobjsubid FROM pg_depend d
         JOIN pg_class c ON c.oid = d.refobjid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE d.refclassid = 'pg_class'::regclass AND d.deptype = 'n' AND c.relkind IN ('r', 'p')
          AND d.classid IN ('pg_trigger'::regclass, 'pg_policy'::regclass, 'pg_proc'::regclass)
          AND n.nspname IN (SELECT json_array_elements_text(CAST(? AS json)))
     )
     SELECT CASE d.classid WHEN 'pg_trigger'::regclass THEN 'trigger' WHEN 'pg_policy'::regclass THEN 'policy' ELSE 'function' END AS kind,
            COALESCE(tg.tgname, pol.polname, p.oid::regprocedure::text) AS name, n.nspname AS table_schema, c.relname AS table_name,
            own_n.nspname AS owner_schema, own.relname AS owner_name,
            a.attname AS column,
            CASE WHEN tg.oid IS NOT NULL THEN pg_get_triggerdef(tg.oid, true)
                 WHEN pol.oid IS NOT NULL THEN
                   format('CREATE POLICY %I ON %s AS %s FOR %s TO %s', pol.polname, c.oid::regclass,
                          CASE WHEN pol.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
                          CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                          COALESCE((SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END, ', ') FROM unnest(pol.polroles) r), 'PUBLIC'))
                   || COALESCE(' USING (' || pg_get_expr(pol.polqual, pol.polrelid) || ')', '')
                   || COALESCE(' WITH CHECK (' || pg_get_expr(pol.polwithcheck, pol.polrelid) || ')', '')
                 ELSE pg_get_functiondef(p.oid) END AS definition,
            CASE WHEN tg.oid IS NOT NULL THEN format('DROP TRIGGER %I ON %s', tg.tgname, c.oid::regclass)
                 WHEN pol.oid IS NOT NULL THEN format('DROP POLICY %I ON %s', pol.polname, c.oid::regclass)
                 ELSE format('DROP FUNCTION %s', p.oid::regprocedure) END AS drop
       FROM deps d JOIN pg_class c ON c.oid = d.refobjid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0
       LEFT JOIN pg_trigger tg ON d.classid = 'pg_trigger'::regclass AND tg.oid = d.objid AND NOT tg.tgisinternal
       LEFT JOIN pg_policy pol ON d.classid = 'pg_policy'::regclass AND pol.oid = d.objid
       LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
       LEFT JOIN pg_class own ON own.oid = COALESCE(tg.tgrelid, pol.polrelid)
       LEFT JOIN pg_namespace own_n ON own_n.oid = own.relnamespace
      WHERE tg.oid IS NOT NULL OR pol.oid IS NOT NULL OR (p.oid IS NOT NULL AND ${notExtensionMember("pg_proc", "p.oid")})`,
    [JSON.stringify(schemas)],
  );
  const ref = (schema: string, name: string): TableRef => (schema === current ? { name } : { name, schema });
  return rows.map((r) => ({
    kind: r.kind,
    name: r.name,
    ...(r.owner_schema !== null && r.owner_name !== null ? { owner: ref(r.owner_schema, r.owner_name) } : {}),
    table: ref(r.table_schema, r.table_name),
    column: r.column,
    create: r.definition.trim(),
    drop: r.drop,
  }));
}
