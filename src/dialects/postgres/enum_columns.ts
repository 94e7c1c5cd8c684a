/**
 * What uses an enum type, which recreating the type must carry over: the columns of it (or arrays of it),
 * the foreign keys between them, and any other dependent (which it cannot carry). Read from the catalog
 * online, in every schema; found in the tracked tables offline, by the type name each column was written with.
 */
import type { ColumnDef, ForeignKeyDef } from "../../operations/ops.ts";
import type { DatabaseModel, TableModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";
import type { TypedColumn, TypedForeignKey, TypeUsage } from "../dialect.ts";
import { typeName } from "../../schema/type_name.ts";
import { firstGeneratedName } from "./normal_form.ts";

/** The schema PostgreSQL creates objects in when the search_path is left as it is. */
const DEFAULT_SCHEMA = "public";

type TypeRef = { readonly name: string; readonly schema?: string };

/**
 * What uses the type that DDL naming `type` would reach (`"app"."mood"`, or "mood" through the
 * search_path), found by its oid, so that a type of the same name in another schema is another type:
 * - the columns of ordinary and partitioned tables of any schema whose type is it or an array of it.
 *   Inherited columns (partitions, children) are left out: converting the parent's column converts theirs;
 * - the foreign keys with such a column on either side (pg_get_constraintdef), which ALTER ... TYPE
 *   cannot keep while the two sides have different types;
 * - every other dependent (pg_depend, partition keys), which recreating the type cannot carry over.
 */
export async function readTypeUsage(conn: Connection, type: TypeRef): Promise<TypeUsage> {
  const found = await conn.query<{ oid: number; array: number; schema: string }>(
    `SELECT t.oid::int8 AS oid, t.typarray::int8 AS array, n.nspname AS schema FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE t.typtype = 'e' AND t.typname = ? AND ${type.schema !== undefined ? "n.nspname = ?" : "pg_type_is_visible(t.oid)"}`,
    type.schema !== undefined ? [type.name, type.schema] : [type.name],
  );
  const t = found[0];
  if (!t) return { ...(type.schema !== undefined ? { schema: type.schema } : {}), columns: [], foreignKeys: [], blockers: [] };
  const oids = [String(t.oid), String(t.array)];
  const rows = await conn.query<{ schema: string; table: string; column: string; array: boolean; dflt: string | null }>(
    `SELECT n.nspname AS schema, c.relname AS table, a.attname AS column, a.atttypid = ?::oid AS array,
            pg_get_expr(d.adbin, d.adrelid) AS dflt
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.atttypid IN (?::oid, ?::oid) AND a.attnum > 0 AND NOT a.attisdropped AND a.attinhcount = 0
      ORDER BY n.nspname, c.relname, a.attnum`,
    [oids[1], ...oids],
  );
  const keys = await conn.query<{ schema: string; table: string; name: string; def: string }>(
    `SELECT n.nspname AS schema, c.relname AS table, con.conname AS name, pg_get_constraintdef(con.oid) AS def
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE con.contype = 'f' AND con.conparentid = 0
        AND (EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = con.conrelid AND a.attnum = ANY(con.conkey) AND a.atttypid IN (?::oid, ?::oid))
          OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = con.confrelid AND a.attnum = ANY(con.confkey) AND a.atttypid IN (?::oid, ?::oid)))
      ORDER BY n.nspname, c.relname, con.conname`,
    [...oids, ...oids],
  );
  // Handled here: table columns (and their partitions' and children's), their defaults; the array type.
  // Views (their columns, and their rules where a value is cast to the type) are carried around the recreate
  // by the compiler (CompileContext.viewsOver), which refuses those it cannot make again.
  const blockers = await conn.query<{ what: string }>(
    `SELECT DISTINCT pg_describe_object(d.classid, d.objid, d.objsubid) AS what
       FROM pg_depend d
      WHERE d.refclassid = 'pg_type'::regclass AND d.refobjid IN (?::oid, ?::oid) AND d.deptype = 'n'
        AND d.classid <> 'pg_attrdef'::regclass
        AND NOT (d.classid = 'pg_class'::regclass AND d.objsubid > 0 AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = d.objid AND c.relkind IN ('r', 'p', 'v')))
        AND NOT (d.classid = 'pg_rewrite'::regclass AND EXISTS (SELECT 1 FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class WHERE r.oid = d.objid AND c.relkind = 'v'))
     UNION
     SELECT DISTINCT 'partition key of table ' || p.partrelid::regclass::text
       FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = ANY(p.partattrs::int2[])
      WHERE a.atttypid IN (?::oid, ?::oid)
      ORDER BY 1`,
    [...oids, ...oids],
  );
  return {
    schema: t.schema,
    columns: rows.map((r) => ({
      table: { name: r.table, schema: r.schema },
      column: r.column,
      array: r.array === true,
      ...(r.dflt !== null ? { default: { sql: r.dflt } } : {}),
    })),
    foreignKeys: keys.map((k) => ({ table: { name: k.table, schema: k.schema }, name: k.name, definition: k.def })),
    blockers: blockers.map((b) => b.what),
  };
}

/**
 * The same from tables known without a server (offline): a column written with the type's name, bare or
 * qualified ("mood", "mood[]", "app.mood"), where "public" and no schema are the same (PostgreSQL's
 * default schema). Unquoted names fold to lower case, as the server folds them. A name without a schema,
 * the type's or a column's, is resolved alike (resolveIn). Foreign keys are rendered by `render`;
 * other dependents cannot be known offline.
 */
export function typeUsageIn(model: Pick<DatabaseModel, "tables" | "enums">, type: TypeRef, render: (fk: ForeignKeyDef) => string): TypeUsage {
  const target = resolveIn(model, type);
  const schema = type.schema ?? target;
  const isType = (c: ColumnDef) => {
    const named = typeName(c.type);
    return named !== undefined && named.name === type.name && resolveIn(model, named) === target ? named : undefined;
  };
  const columns: TypedColumn[] = [];
  const foreignKeys: TypedForeignKey[] = [];
  for (const t of model.tables) {
    for (const c of t.columns) {
      const named = isType(c);
      if (named) columns.push({ table: t.table, column: c.name, array: named.array, ...(c.default !== undefined ? { default: c.default } : {}) });
    }
  }
  for (const t of model.tables) {
    for (const fk of t.foreignKeys) {
      const refSchema = home(fk.refSchema ?? t.table.schema);
      const ref = model.tables.find((r) => r.table.name === fk.refTable && home(r.table.schema) === refSchema);
      const typed = (table: TableModel | undefined, names: readonly string[]) => names.some((n) => table?.columns.some((c) => c.name === n && isType(c)));
      if (!typed(t, fk.columns) && !typed(ref, fk.refColumns)) continue;
      const name = fk.name ?? firstGeneratedName(t.table.name, fk.columns, "fkey");
      // A key without a schema references its own table's schema: say so, the statement runs from elsewhere.
      const { name: _, ...unnamed } = fk;
      const at = fk.refSchema ?? t.table.schema;
      foreignKeys.push({ table: t.table, name, definition: render({ ...unnamed, ...(at !== undefined ? { refSchema: at } : {}) }) });
    }
  }
  return { ...(schema !== undefined ? { schema } : {}), columns, foreignKeys, blockers: [] };
}

/** A schema as the server reads it: "public" and none are the same, PostgreSQL's default schema. */
function home(schema: string | undefined): string | undefined {
  return schema === undefined || schema === DEFAULT_SCHEMA ? undefined : schema;
}

/**
 * The schema (undefined for public) a type name reaches offline: its own when written; without one, the
 * default search_path finds public first, so a tracked enum of that name in public (or without a schema)
 * wins, then a tracked one of another schema, else public.
 */
function resolveIn(model: Pick<DatabaseModel, "enums">, type: TypeRef): string | undefined {
  if (type.schema !== undefined) return home(type.schema);
  const named = model.enums.filter((e) => e.name === type.name);
  if (named.some((e) => home(e.schema) === undefined)) return undefined;
  return home(named[0]?.schema);
}
