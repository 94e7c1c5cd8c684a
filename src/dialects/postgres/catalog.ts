import type { KeyOptionSupport } from "../../operations/index_column.ts";
import type { Connection } from "../connection.ts";

/** A table to read: its oid, where it is and its comment, and the server's version (server_version_num). */
export interface TableRow extends Record<string, unknown> {
  oid: number;
  schema: string;
  name: string;
  comment: string | null;
  version: number;
}

export interface ColumnRow extends Record<string, unknown> {
  rel: number;
  name: string;
  type: string;
  notnull: boolean;
  dflt: string | null;
  identity: string;
  generated: string;
  serial: boolean;
  comment: string | null;
  /** The column's collation when it is not its type's default one (pg_type.typcollation); null otherwise. */
  collation: string | null;
}

export interface ConstraintRow extends Record<string, unknown> {
  rel: number;
  name: string;
  type: "p" | "f" | "u" | "c";
  def: string;
  deferrable: boolean;
  deferred: boolean;
  upd: string;
  del: string;
  columns: string[] | null;
  refcolumns: string[] | null;
  reftable: string | null;
  refschema: string | null;
  /** A unique constraint's index has indnullsnotdistinct (PostgreSQL 15+); false otherwise. */
  nullsnotdistinct: boolean;
}

export interface IndexRow extends Record<string, unknown> {
  rel: number;
  name: string;
  unique: boolean;
  method: string;
  predicate: string | null;
  /** pg_index.indnullsnotdistinct (PostgreSQL 15+); false before. */
  nullsnotdistinct: boolean;
  /**
   * `desc`: bit 0 of pg_index.indoption for the key, `nullsfirst`: bit 1; `opclass`: the key's operator
   * class when it is not a default one (pg_opclass.opcdefault), schema-qualified when the search_path does
   * not find it, else null.
   */
  cols: { name: string | null; def: string; desc: boolean; nullsfirst: boolean; opclass: string | null }[];
  /** INCLUDE columns: the index's attributes after its key ones (indnkeyatts .. indnatts - 1); null when none. */
  include: string[] | null;
}

/** The rows of some tables, one list per kind of object, each grouped by table oid. */
export interface TableRows {
  readonly columns: ReadonlyMap<number, ColumnRow[]>;
  readonly constraints: ReadonlyMap<number, ConstraintRow[]>;
  readonly indexes: ReadonlyMap<number, IndexRow[]>;
}

/** The comment of a pg_class object (table) or of one of its columns, as a join. */
const DESCRIPTION = "pg_description ds ON ds.classoid = 'pg_class'::regclass AND ds.objoid";

/** Table rows: ordinary and partitioned tables, with their schema and comment. Callers add the WHERE. */
export const TABLES_SQL = `SELECT c.oid, n.nspname AS schema, c.relname AS name, ds.description AS comment,
            current_setting('server_version_num')::int AS version
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN ${DESCRIPTION} = c.oid AND ds.objsubid = 0
      WHERE c.relkind IN ('r', 'p')`;

/** Leaves out objects an extension made (postgis's spatial_ref_sys...): they are the extension's, not the project's. */
export const notExtensionMember = (catalog: string, oid: string): string =>
  `NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '${catalog}'::regclass AND x.objid = ${oid} AND x.deptype = 'e')`;

/**
 * A serial column: its default is nextval() of a sequence the column owns (pg_depend 'a'), as
 * pg_get_serial_sequence finds it, and it is no identity column. A default holds no column reference, so
 * it is printed without the table's context (twice as fast); a generated column's expression needs it.
 * A collation is reported only when it is not the type's own (an ordinary text column has none).
 */
const COLUMNS_SQL = `SELECT a.attrelid AS rel, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
            e.dflt, a.attidentity AS identity, a.attgenerated AS generated, ds.description AS comment,
            (SELECT co.collname FROM pg_collation co JOIN pg_type t ON t.oid = a.atttypid
              WHERE co.oid = a.attcollation AND a.attcollation <> t.typcollation) AS collation,
            (a.attidentity = '' AND e.dflt LIKE 'nextval(%' AND EXISTS (
               SELECT 1 FROM pg_depend dep JOIN pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
                WHERE dep.refclassid = 'pg_class'::regclass AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum
                  AND dep.classid = 'pg_class'::regclass AND dep.deptype = 'a'
                  AND e.dflt = format('nextval(%L::regclass)', s.oid::regclass::text))) AS serial
       FROM pg_attribute a
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       CROSS JOIN LATERAL (SELECT pg_get_expr(d.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE d.adrelid END) AS dflt) e
       LEFT JOIN ${DESCRIPTION} = a.attrelid AND ds.objsubid = a.attnum
      WHERE a.attrelid = ANY(CAST(? AS oid[])) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`;

/** Constraints; a unique one's NULLS NOT DISTINCT is its index's (conindid: for a foreign key, the referenced index). */
const constraintsSql = (version: number) => `SELECT con.conrelid AS rel, con.conname AS name, con.contype AS type, pg_get_constraintdef(con.oid, true) AS def,
            con.condeferrable AS deferrable, con.condeferred AS deferred, con.confupdtype AS upd, con.confdeltype AS del,
            (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n) AS columns,
            (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n) AS refcolumns,
            rc.relname AS reftable, rn.nspname AS refschema,
            ${version >= 150000 ? "(con.contype = 'u' AND COALESCE((SELECT ci.indnullsnotdistinct FROM pg_index ci WHERE ci.indexrelid = con.conindid), false))" : "false"} AS nullsnotdistinct
       FROM pg_constraint con
       LEFT JOIN pg_class rc ON rc.oid = con.confrelid LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE con.conrelid = ANY(CAST(? AS oid[])) AND con.contype IN ('p', 'f', 'u', 'c')
      ORDER BY con.conrelid, con.conname`;

/** A key's operator class when not a default one, schema-qualified when the search_path does not find it. */
const OPCLASS = `CASE WHEN oc.opcdefault THEN NULL
                                                               WHEN pg_opclass_is_visible(oc.oid) THEN oc.opcname::text
                                                               ELSE ocn.nspname || '.' || oc.opcname END`;

/**
 * Indexes, except those that carry a primary key, unique or exclusion constraint (the constraint stands for
 * them). pg_get_indexdef of one key leaves its options out: bit 0 of indoption says DESC, bit 1 NULLS FIRST,
 * and indclass holds its operator class, named as pg_get_indexdef names it (only when not a default one; with
 * its schema when the search_path does not find it). indoption and indclass have one entry per key column:
 * the attributes after the key ones are the INCLUDE columns, which have neither.
 * indnullsnotdistinct exists from PostgreSQL 15. `keys`: the key options the dialect has; without operator
 * classes (a variant whose pg_opclass is empty and may lack pg_opclass_is_visible) none is read, and
 * without NULLS placement each key's is read as its order's default (none reported).
 */
export const indexesSql = (version: number, keys: KeyOptionSupport) => `SELECT i.indrelid AS rel, ic.relname AS name, i.indisunique AS unique, am.amname AS method,
            pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
            ${version >= 150000 ? "i.indnullsnotdistinct" : "false"} AS nullsnotdistinct,
            (SELECT json_agg(json_build_object('name', a.attname, 'def', pg_get_indexdef(i.indexrelid, k + 1, true),
                                               'desc', (i.indoption[k] & 1) = 1, 'nullsfirst', (i.indoption[k] & ${keys.indexNullsOrder ? 2 : 1}) = ${keys.indexNullsOrder ? 2 : 1},
                                               'opclass', ${keys.operatorClasses ? OPCLASS : "NULL"}) ORDER BY k)
               FROM generate_series(0, i.indnkeyatts - 1) k
               LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k] AND i.indkey[k] <> 0${keys.operatorClasses ? `
               LEFT JOIN pg_opclass oc ON oc.oid = i.indclass[k]
               LEFT JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace` : ""}) AS cols,
            (SELECT json_agg(a.attname ORDER BY k) FROM generate_series(i.indnkeyatts, i.indnatts - 1) k
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k]) AS include
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
      WHERE i.indrelid = ANY(CAST(? AS oid[]))
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
      ORDER BY i.indrelid, ic.relname`;

/**
 * Read the columns, constraints and indexes of the given tables: three queries, whatever the number of
 * tables. `version`: the server's server_version_num (TableRow.version); `keys`: the index key options the
 * dialect has (see indexesSql).
 */
export async function readTableRows(conn: Connection, oids: readonly number[], version: number, keys: KeyOptionSupport): Promise<TableRows> {
  const list = `{${oids.join(",")}}`;
  const columns = await conn.query<ColumnRow>(COLUMNS_SQL, [list]);
  const constraints = await conn.query<ConstraintRow>(constraintsSql(version), [list]);
  const indexes = await conn.query<IndexRow>(indexesSql(version, keys), [list]);
  return { columns: byTable(columns), constraints: byTable(constraints), indexes: byTable(indexes) };
}

function byTable<T extends { rel: number }>(rows: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const rel = Number(row.rel);
    const list = map.get(rel);
    if (list) list.push(row);
    else map.set(rel, [row]);
  }
  return map;
}
