import type { Connection } from "../connection.ts";

/** The embedded SQLite engine of the runtime: bun:sqlite under Bun, node:sqlite under Deno and Node. */
export interface SqliteHandle {
  exec(sql: string): void;
  run(sql: string, params: readonly unknown[]): void;
  all(sql: string, params: readonly unknown[]): Record<string, unknown>[];
  close(): void;
}

export async function openSqlite(path: string, busyTimeoutMs: number, readOnly = false): Promise<SqliteHandle> {
  // globalThis.Bun, not Bun: the name is declared only by Bun's types, and Deno type-checks this file too.
  const handle = "Bun" in globalThis ? await openBun(path, readOnly) : await openNode(path, readOnly);
  handle.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  // The batch rebuild's DROP TABLE must not cascade into child tables (see sqlite/batch.ts).
  handle.exec("PRAGMA foreign_keys = OFF");
  // Read the header now, so that a file that is not a database fails here, where its path is known.
  try {
    handle.all("PRAGMA schema_version", []);
  } catch (error) {
    handle.close();
    throw error;
  }
  return handle;
}

async function openBun(path: string, readOnly: boolean): Promise<SqliteHandle> {
  const { Database } = await import("bun:sqlite");
  const db = readOnly ? new Database(path, { readonly: true }) : new Database(path, { create: true });
  return {
    exec: (sql) => db.run(sql),
    run: (sql, params) => db.run(sql, sqliteParams(params) as never),
    all: (sql, params) => db.query(sql).all(...(sqliteParams(params) as never[])) as Record<string, unknown>[],
    close: () => db.close(),
  };
}

async function openNode(path: string, readOnly: boolean): Promise<SqliteHandle> {
  const { DatabaseSync } = await import("node:sqlite");
  const db = new DatabaseSync(path, { readOnly });
  const norm = (params: readonly unknown[]) => sqliteParams(params) as never[];
  return {
    exec: (sql) => db.exec(sql),
    run: (sql, params) => void db.prepare(sql).run(...norm(params)),
    all: (sql, params) => db.prepare(sql).all(...norm(params)) as Record<string, unknown>[],
    close: () => db.close(),
  };
}

/**
 * Values as SQLite stores them, the same way the compiler writes them as literals offline: booleans as
 * 1/0, dates as ISO-8601 text, objects and arrays as JSON text, undefined as NULL.
 */
export function sqliteParams(params: readonly unknown[]): unknown[] {
  return params.map((p) => {
    if (p === undefined) return null;
    if (typeof p === "boolean") return p ? 1 : 0;
    if (p instanceof Date) return p.toISOString();
    if (p !== null && typeof p === "object" && !(p instanceof Uint8Array)) return JSON.stringify(p);
    return p;
  });
}

/**
 * Wrap a handle in the Connection interface. BEGIN (deferred: the write lock is taken at the first write,
 * and the run lock already keeps other migrators out), COMMIT and ROLLBACK go to the engine from
 * begin/commit/rollback, which track the state; a COMMIT that fails (SQLITE_BUSY) is rolled back, so that
 * no transaction is left open.
 */
export function sqliteConnection(handle: SqliteHandle): Connection {
  let open = false;
  return {
    async execute(sql, params) {
      if (params && params.length > 0) handle.run(sql, params);
      else handle.exec(sql);
    },
    async query<T extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) {
      return handle.all(sql, params ?? []) as T[];
    },
    get inTransaction() {
      return open;
    },
    async begin() {
      handle.exec("BEGIN");
      open = true;
    },
    async commit() {
      if (!open) return;
      open = false;
      try {
        handle.exec("COMMIT");
      } catch (error) {
        try {
          handle.exec("ROLLBACK");
        } catch {
          // SQLite rolled it back itself.
        }
        throw error;
      }
    },
    async rollback() {
      if (!open) return;
      open = false;
      handle.exec("ROLLBACK");
    },
    async close() {
      handle.close();
    },
  };
}
