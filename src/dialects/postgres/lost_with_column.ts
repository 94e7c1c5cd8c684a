/**
 * What DROP COLUMN takes with it on PostgreSQL that a table's model cannot make again: reflection reads
 * primary, unique, foreign key and CHECK constraints, indexes and comments, and those come back with the
 * column (computed_column.ts); not an exclusion constraint, a unique or primary key's DEFERRABLE, extended
 * statistics, or column-level privileges. Read from the catalog when the op runs, in one query.
 */
import type { TableRef } from "../../operations/ops.ts";
import type { Connection } from "../connection.ts";
import { quoteName } from "../sql/quote_name.ts";

export async function readLostWithColumn(conn: Connection, table: TableRef, column: string): Promise<readonly string[]> {
  const qualified = `${table.schema ? `${quoteName(table.schema, '"')}.` : ""}${quoteName(table.name, '"')}`;
  const rows = await conn.query<{ what: string }>(
    `WITH col AS (
       SELECT a.attrelid AS rel, a.attnum AS num, a.attacl AS acl FROM pg_attribute a
        WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped
     )
     SELECT 'exclusion constraint ' || quote_ident(c.conname) AS what FROM col JOIN pg_constraint c ON c.conrelid = col.rel
      WHERE c.contype = 'x' AND col.num = ANY (c.conkey)
     UNION ALL
     SELECT 'DEFERRABLE of ' || CASE c.contype WHEN 'p' THEN 'primary key ' ELSE 'unique constraint ' END || quote_ident(c.conname) FROM col
       JOIN pg_constraint c ON c.conrelid = col.rel
      WHERE c.contype IN ('p', 'u') AND c.condeferrable AND col.num = ANY (c.conkey)
     UNION ALL
     SELECT 'statistics ' || quote_ident(s.stxname) FROM col JOIN pg_statistic_ext s ON s.stxrelid = col.rel
      WHERE col.num = ANY (CAST(s.stxkeys AS int2[]))
     UNION ALL
     SELECT 'column privileges (' || array_to_string(col.acl, ', ') || ')' FROM col WHERE col.acl IS NOT NULL`,
    [qualified, column],
  );
  return rows.map((r) => r.what);
}
