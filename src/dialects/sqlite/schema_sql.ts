import type { DatabaseModel } from "../../schema/model.ts";
import { openSqlite, sqliteConnection } from "./connection.ts";
import { reflectSqlite } from "./reflect.ts";

/**
 * Tables from SQL text (CREATE TABLE and CREATE INDEX statements), read the way SQLite reads them: run in
 * a new in-memory database and reflected, so that the model is exactly what SQLite makes of the text.
 */
export async function readSqliteSchemaSql(sql: string): Promise<DatabaseModel> {
  const conn = sqliteConnection(await openSqlite(":memory:", 0));
  try {
    await conn.execute(sql);
    return await reflectSqlite(conn, {});
  } finally {
    await conn.close();
  }
}
