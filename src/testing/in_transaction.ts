/** Tests: run statements in one transaction on a connection, as a revision does; rolled back when one fails. */
import type { Connection } from "../dialects/connection.ts";
import type { Statement } from "../dialects/dialect.ts";

export async function runInTransaction(conn: Connection, statements: readonly Statement[]): Promise<void> {
  await conn.begin();
  try {
    for (const s of statements) await conn.execute(s.sql, s.params);
    await conn.commit();
  } catch (error) {
    await conn.rollback();
    throw error;
  }
}
