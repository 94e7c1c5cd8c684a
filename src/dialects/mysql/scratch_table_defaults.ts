import type { Connection } from "../connection.ts";

/**
 * The default collation of each existing table whose default is not its database's (a table made
 * before ALTER DATABASE ... COLLATE, or changed by ALTER TABLE ... DEFAULT COLLATE), keyed by
 * tableDefaultKey(). The scratch makes the declared table with it, so that a column with no collation
 * declared means the same there as in the real table: the table's own default.
 */
export async function tableDefaults(conn: Connection, databases: readonly string[]): Promise<Map<string, string>> {
  if (databases.length === 0) return new Map();
  const rows = await conn.query<{ db: string; name: string; collation: string | null }>(
    `SELECT t.TABLE_SCHEMA AS db, t.TABLE_NAME AS name, t.TABLE_COLLATION AS collation
       FROM information_schema.TABLES t JOIN information_schema.SCHEMATA s ON s.SCHEMA_NAME = t.TABLE_SCHEMA
      WHERE t.TABLE_TYPE = 'BASE TABLE' AND t.TABLE_COLLATION <> s.DEFAULT_COLLATION_NAME
        AND t.TABLE_SCHEMA IN (${databases.map(() => "?").join(", ")})`,
    databases,
  );
  const plain = /^[A-Za-z0-9_]+$/;
  return new Map(rows.filter((r) => r.collation !== null && plain.test(String(r.collation))).map((r) => [tableDefaultKey(String(r.db), String(r.name)), String(r.collation)]));
}

/** Table names compare without case (lower_case_table_names on Windows and macOS). */
export const tableDefaultKey = (database: string, table: string): string => `${database}\u0000${table.toLowerCase()}`;
