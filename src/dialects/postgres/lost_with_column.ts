/**
 * What DROP COLUMN takes with it on PostgreSQL that a table's model cannot make again: reflection reads
 * primary, unique, foreign key and CHECK constraints, indexes and comments, and those come back with the
 * column (computed_column.ts); not an exclusion constraint, a unique or primary key's DEFERRABLE, extended
 * statistics (on the column or an expression reading it), or column privileges granted to others than the
 * owner; on the table and on its partitions and inheritance children, which lose the column with it. Nor
 * can it go under a row security policy or a trigger that reads the column (in its expressions, its WHEN or
 * its UPDATE OF): the server refuses DROP COLUMN under them. Read from the catalog when the op runs, in one
 * query.
 */
import type { TableRef } from "../../operations/ops.ts";
import type { Connection } from "../connection.ts";
import { quoteName } from "../sql/quote_name.ts";

export async function readLostWithColumn(conn: Connection, table: TableRef, column: string): Promise<readonly string[]> {
  const qualified = `${table.schema ? `${quoteName(table.schema, '"')}.` : ""}${quoteName(table.name, '"')}`;
  const rows = await conn.query<{ what: string }>(
    `WITH RECURSIVE seed AS (SELECT to_regclass(?) AS rel, CAST(? AS text) AS col),
     target(rel) AS (
       SELECT rel FROM seed WHERE rel IS NOT NULL
       UNION
       SELECT i.inhrelid FROM target t JOIN pg_inherits i ON i.inhparent = t.rel
     ), col AS (
       SELECT a.attrelid AS rel, a.attnum AS num, a.attacl AS acl, c.relowner AS owner,
              CASE WHEN a.attrelid = seed.rel THEN '' ELSE ' (on ' || CAST(CAST(a.attrelid AS regclass) AS text) || ')' END AS at
         FROM seed, target t JOIN pg_attribute a ON a.attrelid = t.rel AND a.attnum > 0 AND NOT a.attisdropped
         JOIN pg_class c ON c.oid = a.attrelid
        WHERE a.attname = seed.col
     )
     SELECT 'exclusion constraint ' || quote_ident(c.conname) || col.at AS what FROM col JOIN pg_constraint c ON c.conrelid = col.rel
      WHERE c.contype = 'x' AND col.num = ANY (c.conkey)
     UNION ALL
     SELECT 'DEFERRABLE of ' || CASE c.contype WHEN 'p' THEN 'primary key ' ELSE 'unique constraint ' END || quote_ident(c.conname) || col.at FROM col
       JOIN pg_constraint c ON c.conrelid = col.rel
      WHERE c.contype IN ('p', 'u') AND c.condeferrable AND col.num = ANY (c.conkey)
     UNION ALL
     -- Statistics on the column or on an expression that reads it depend on the column.
     SELECT DISTINCT 'statistics ' || quote_ident(s.stxname) || col.at FROM col
       JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = col.rel AND d.refobjsubid = col.num AND d.classid = 'pg_statistic_ext'::regclass
       JOIN pg_statistic_ext s ON s.oid = d.objid
     UNION ALL
     -- Policies and triggers that read the column depend on it: DROP COLUMN is refused under them.
     SELECT DISTINCT CASE d.classid WHEN 'pg_policy'::regclass THEN 'policy ' || quote_ident(p.polname) ELSE 'trigger ' || quote_ident(t.tgname) END || col.at FROM col
       JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = col.rel AND d.refobjsubid = col.num AND d.classid IN ('pg_policy'::regclass, 'pg_trigger'::regclass)
       LEFT JOIN pg_policy p ON d.classid = 'pg_policy'::regclass AND p.oid = d.objid
       LEFT JOIN pg_trigger t ON d.classid = 'pg_trigger'::regclass AND t.oid = d.objid
      WHERE p.oid IS NOT NULL OR (t.oid IS NOT NULL AND NOT t.tgisinternal)
     UNION ALL
     -- Privileges granted to others than the owner (an owner's grant to itself adds nothing).
     SELECT 'column privileges (' || string_agg(g.privilege_type || ' to ' || CASE g.grantee WHEN 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END, ', ') || ')' || col.at
       FROM col, aclexplode(col.acl) g
      WHERE col.acl IS NOT NULL AND g.grantee <> col.owner
      GROUP BY col.rel, col.at`,
    [qualified, column],
  );
  return rows.map((r) => r.what);
}
