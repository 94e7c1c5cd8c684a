import { UnsupportedOperationError } from "../../errors.ts";
import type { Connection } from "../connection.ts";
import type { Scratch } from "../dialect.ts";
import { openSqlite, sqliteConnection } from "./connection.ts";

/**
 * SQLite's scratch place: a new in-memory database on the runtime's embedded engine, apart from the
 * database being migrated (whose connection is not used). It starts empty; release() closes it, and with
 * it everything made there. libSQL uses it too: a libSQL server is SQLite, so the embedded engine
 * normalises declared objects as the server would.
 */
export async function openSqliteScratch(_conn: Connection, schemas: readonly string[]): Promise<Scratch> {
  if (schemas.length > 0) throw noSchemas(schemas[0]!);
  const conn = sqliteConnection(await openSqlite(":memory:", 0));
  let open = true;
  return {
    conn,
    schema(declared) {
      if (declared !== undefined) throw noSchemas(declared);
      return undefined;
    },
    declaredName: (name) => name,
    async release() {
      if (!open) return;
      open = false;
      await conn.close();
    },
  };
}

function noSchemas(schema: string): UnsupportedOperationError {
  return new UnsupportedOperationError(
    `Cannot declare objects in schema "${schema}": SQLite has no schemas (attached databases are not managed by autogenerate); ` +
      `declare them without a schema`,
  );
}
