/**
 * What PostgreSQL binds to one column (or to any column of a table): the views that read it, in its table and
 * in the table's partitions and inheritance children (ALTER COLUMN ... TYPE recurses into them), and the views
 * that read those; and the triggers, row-level security policies and SQL-body functions that read it. Read
 * from the catalog when an op needs it (the run's alterColumn, autogenerate's report), in two queries.
 *
 * A view is given as the createView op that makes it again as it is: its definition as pg_get_viewdef prints
 * it (the plain form, which the docs recommend for re-reading), its options, comments, grants (with their
 * grant option) and its owner where it is not the role connected. What that op cannot restore makes it a
 * blocker instead: a materialized view (its rows and indexes), INSTEAD OF triggers and rules on the view,
 * column defaults, column-level grants, an extension's view, and any other object that depends on the view
 * or its row type (a function returning SETOF the view).
 */
import type { CreateViewOp, TableRef, ViewGrant } from "../../operations/ops.ts";
import type { Connection } from "../connection.ts";
import type { ColumnBinding, ViewsOver } from "../dialect.ts";
import { quoteName } from "../sql/quote_name.ts";

export interface ViewRow extends Record<string, unknown> {
  schema: string;
  name: string;
  kind: string;
  query: string;
  options: string[] | null;
  comment: string | null;
  column_comments: Record<string, string> | null;
  owner: string | null;
  grants: { role: string; privilege: string; grantable: boolean }[] | null;
  /** What makes it impossible to make again as it is, described; null when nothing. */
  blocked: string | null;
  current: string | null;
}

/**
 * The columns' attribute numbers, in their tables and in every partition or inheritance child (by name);
 * for a seed without a column, every column of those tables and the table itself (0: a dependency on the
 * whole relation). The seeds: a JSON array of { table (quoted, qualified), column (or null) }.
 */
const TARGET = `
  seeds AS (SELECT to_regclass(s->>'table') AS rel, s->>'column' AS col FROM json_array_elements(CAST(? AS json)) s),
  target AS (
    SELECT rel, col FROM seeds WHERE rel IS NOT NULL
    UNION
    SELECT i.inhrelid, t.col FROM target t JOIN pg_inherits i ON i.inhparent = t.rel
  ), columns AS (
    SELECT t.rel, a.attnum AS col FROM target t JOIN pg_attribute a ON a.attrelid = t.rel AND a.attnum > 0 AND NOT a.attisdropped
     WHERE t.col IS NULL OR a.attname = t.col
    UNION ALL
    SELECT t.rel, 0 FROM target t WHERE t.col IS NULL
  )`;

/** Why a materialized view cannot be made again as it is by the op that goes around it. */
const MATERIALIZED = "it is a materialized view (its rows and indexes would be lost)";

/** What is bound to the given columns (`column` null: to any column of the table), in one pass for them all. */
export async function readViewsOver(conn: Connection, columns: readonly { readonly table: TableRef; readonly column: string | null }[]): Promise<ViewsOver> {
  const seeds = columns.map(({ table, column }) => ({ table: `${table.schema ? `${quoteName(table.schema, '"')}.` : ""}${quoteName(table.name, '"')}`, column }));
  const params = [JSON.stringify(seeds)];
  const rows = await conn.query<ViewRow>(
    `WITH RECURSIVE ${TARGET}, reach(view, depth) AS (
       SELECT rw.ev_class, 1 FROM columns c
         JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = c.rel AND d.refobjsubid = c.col AND d.classid = 'pg_rewrite'::regclass AND d.deptype = 'n'
         JOIN pg_rewrite rw ON rw.oid = d.objid AND rw.ev_class <> c.rel
       UNION
       SELECT rw.ev_class, r.depth + 1 FROM reach r
         JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = r.view AND d.classid = 'pg_rewrite'::regclass AND d.deptype = 'n'
         JOIN pg_rewrite rw ON rw.oid = d.objid AND rw.ev_class <> r.view
     ), views AS (SELECT view, max(depth) AS depth FROM reach GROUP BY view)
     SELECT n.nspname AS schema, v.relname AS name, v.relkind AS kind, pg_get_viewdef(v.oid) AS query,
            array_to_json(v.reloptions) AS options, obj_description(v.oid, 'pg_class') AS comment,
            (SELECT json_object_agg(a.attname, col_description(v.oid, a.attnum)) FROM pg_attribute a
              WHERE a.attrelid = v.oid AND a.attnum > 0 AND col_description(v.oid, a.attnum) IS NOT NULL) AS column_comments,
            NULLIF(pg_get_userbyid(v.relowner), current_user) AS owner,
            (SELECT json_agg(json_build_object('role', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, 'privilege', a.privilege_type, 'grantable', a.is_grantable) ORDER BY a.grantee, a.privilege_type)
               FROM aclexplode(v.relacl) a WHERE a.grantee <> v.relowner) AS grants,
            NULLIF(concat_ws(', ',
              CASE WHEN v.relkind = 'm' THEN '${MATERIALIZED}' END,
              CASE WHEN EXISTS (SELECT 1 FROM pg_trigger tg WHERE tg.tgrelid = v.oid) THEN 'it has triggers' END,
              CASE WHEN EXISTS (SELECT 1 FROM pg_rewrite rr WHERE rr.ev_class = v.oid AND rr.rulename <> '_RETURN') THEN 'it has rules' END,
              CASE WHEN EXISTS (SELECT 1 FROM pg_attrdef ad WHERE ad.adrelid = v.oid) THEN 'it has column defaults' END,
              CASE WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = v.oid AND a.attacl IS NOT NULL) THEN 'it has column-level grants' END,
              CASE WHEN EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = v.oid AND x.deptype = 'e') THEN 'an extension owns it' END,
              (SELECT 'other objects depend on it (' || string_agg(DISTINCT pg_describe_object(d.classid, d.objid, d.objsubid), ', ') || ')'
                 FROM pg_depend d LEFT JOIN pg_rewrite rw ON d.classid = 'pg_rewrite'::regclass AND rw.oid = d.objid
                WHERE d.deptype = 'n' AND ((d.refclassid = 'pg_class'::regclass AND d.refobjid = v.oid) OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = v.reltype))
                  AND (rw.oid IS NULL OR rw.ev_class NOT IN (SELECT view FROM views)))
            ), '') AS blocked,
            current_schema() AS current
       FROM views r JOIN pg_class v ON v.oid = r.view JOIN pg_namespace n ON n.oid = v.relnamespace
      ORDER BY r.depth, n.nspname, v.relname`,
    params,
  );
  const bindings = await readBindings(conn, params);
  const views: CreateViewOp[] = [];
  const blockers: ViewsOver["blockers"][number][] = [];
  for (const r of rows) {
    const at = r.schema === r.current ? { name: r.name } : { name: r.name, schema: r.schema };
    const shown = `${r.kind === "m" ? "materialized view" : "view"} ${r.schema === r.current ? "" : `${r.schema}.`}${r.name}`;
    if (r.blocked !== null) blockers.push({ view: shown, why: r.blocked, at, onlyMaterialized: r.blocked === MATERIALIZED });
    else views.push(viewOp(r, at));
  }
  return { views, blockers, bindings };
}

/** The op that makes the view again as the row reads it: its query, options, comments, privileges and owner. */
export function viewOp(r: Pick<ViewRow, "query" | "options" | "comment" | "column_comments" | "owner" | "grants">, at: TableRef): CreateViewOp {
  const option = (key: string) => r.options?.find((o) => o.startsWith(`${key}=`))?.slice(key.length + 1);
  const check = option("check_option");
  const barrier = option("security_barrier");
  const invoker = option("security_invoker");
  const byRole = new Map<string, ViewGrant>();
  for (const g of r.grants ?? []) {
    const key = `${g.role}\u0000${g.grantable}`;
    const was = byRole.get(key);
    byRole.set(key, { role: g.role, privileges: [...(was?.privileges ?? []), g.privilege], ...(g.grantable ? { grantOption: true } : {}) });
  }
  return {
    kind: "createView",
    name: at.name,
    ...(at.schema ? { schema: at.schema } : {}),
    query: r.query.trim().replace(/;$/, ""),
    ...(check === "local" || check === "cascaded" ? { checkOption: check } : {}),
    ...(barrier !== undefined ? { securityBarrier: barrier === "true" || barrier === "on" } : {}),
    ...(invoker !== undefined ? { securityInvoker: invoker === "true" || invoker === "on" } : {}),
    ...(r.comment !== null ? { comment: r.comment } : {}),
    ...(r.column_comments !== null ? { columnComments: r.column_comments } : {}),
    ...(byRole.size > 0 ? { grants: [...byRole.values()] } : {}),
    ...(r.owner !== null ? { owner: r.owner } : {}),
  };
}

interface BindingRow extends Record<string, unknown> {
  kind: "trigger" | "policy" | "function";
  name: string;
  owner_schema: string | null;
  owner_name: string | null;
  current: string | null;
  definition: string;
  drop: string;
}

/** The triggers (WHEN, UPDATE OF), policies and SQL-body functions (BEGIN ATOMIC) that read the column. */
async function readBindings(conn: Connection, params: readonly unknown[]): Promise<ColumnBinding[]> {
  const rows = await conn.query<BindingRow>(
    `WITH RECURSIVE ${TARGET}
     SELECT DISTINCT CASE d.classid WHEN 'pg_trigger'::regclass THEN 'trigger' WHEN 'pg_policy'::regclass THEN 'policy' ELSE 'function' END AS kind,
            COALESCE(tg.tgname, pol.polname, p.oid::regprocedure::text) AS name, own_n.nspname AS owner_schema, own.relname AS owner_name,
            current_schema() AS current,
            CASE WHEN tg.oid IS NOT NULL THEN pg_get_triggerdef(tg.oid)
                 WHEN pol.oid IS NOT NULL THEN
                   format('CREATE POLICY %I ON %s AS %s FOR %s TO %s', pol.polname, pol.polrelid::regclass,
                          CASE WHEN pol.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
                          CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                          COALESCE((SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END, ', ') FROM unnest(pol.polroles) r), 'PUBLIC'))
                   || COALESCE(' USING (' || pg_get_expr(pol.polqual, pol.polrelid) || ')', '')
                   || COALESCE(' WITH CHECK (' || pg_get_expr(pol.polwithcheck, pol.polrelid) || ')', '')
                 ELSE pg_get_functiondef(p.oid) END AS definition,
            CASE WHEN tg.oid IS NOT NULL THEN format('DROP TRIGGER %I ON %s', tg.tgname, tg.tgrelid::regclass)
                 WHEN pol.oid IS NOT NULL THEN format('DROP POLICY %I ON %s', pol.polname, pol.polrelid::regclass)
                 ELSE format('DROP FUNCTION %s', p.oid::regprocedure) END AS drop
       FROM columns c
       JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = c.rel AND d.refobjsubid = c.col AND d.deptype = 'n'
        AND d.classid IN ('pg_trigger'::regclass, 'pg_policy'::regclass, 'pg_proc'::regclass)
       LEFT JOIN pg_trigger tg ON d.classid = 'pg_trigger'::regclass AND tg.oid = d.objid AND NOT tg.tgisinternal
       LEFT JOIN pg_policy pol ON d.classid = 'pg_policy'::regclass AND pol.oid = d.objid
       LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
       LEFT JOIN pg_class own ON own.oid = COALESCE(tg.tgrelid, pol.polrelid)
       LEFT JOIN pg_namespace own_n ON own_n.oid = own.relnamespace
      WHERE tg.oid IS NOT NULL OR pol.oid IS NOT NULL OR p.oid IS NOT NULL
      ORDER BY 1, 2`,
    params,
  );
  return rows.map((r) => ({
    kind: r.kind,
    name: r.name,
    ...(r.owner_schema !== null && r.owner_name !== null ? { owner: r.owner_schema === r.current ? { name: r.owner_name } : { name: r.owner_name, schema: r.owner_schema } } : {}),
    create: r.definition.trim(),
    drop: r.drop,
  }));
}
