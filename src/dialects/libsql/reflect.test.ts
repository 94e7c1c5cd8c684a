import { expect, test } from "bun:test";
import { createClient } from "@libsql/client";
import { UnsupportedOperationError } from "../../errors.ts";
import type { Connection } from "../connection.ts";
import type { Dialect } from "../dialect.ts";
import { sqliteDialect } from "../sqlite/dialect.ts";
import { FIXTURE_OPS } from "../sqlite/fixture_schema.ts";
import { libsqlConnection, type LibsqlClientLike } from "./connection.ts";
import { libsqlDialect } from "./dialect.ts";

// The libSQL engine itself (the client's embedded mode), through the connection the dialect uses for servers.
const libsqlMemory = () => libsqlConnection(createClient({ url: "file::memory:" }) as unknown as LibsqlClientLike);

async function create(dialect: Dialect, conn: Connection): Promise<void> {
  const ctx = { table: (ref: { readonly name: string }) => dialect.reflectTable(conn, ref) };
  for (const op of FIXTURE_OPS) for (const s of await dialect.compile(op, ctx)) await conn.execute(s.sql, s.params);
}

test("libSQL reflects as SQLite does, and a table before and after a rebuild reads the same", async () => {
  const conn = libsqlMemory();
  const sqlite = await sqliteDialect.connect({ scheme: "sqlite", dialect: "sqlite", path: ":memory:", params: {}, raw: "sqlite://" }, { timeoutMs: 1000 });
  try {
    await create(libsqlDialect, conn);
    await create(sqliteDialect, sqlite);
    const model = await libsqlDialect.reflect(conn, {});
    expect(model.tables.map((t) => t.table.name)).toEqual(["items", "links", "owners"]);
    expect(model).toEqual(await sqliteDialect.reflect(sqlite, {}));
    expect(await libsqlDialect.reflectTable(conn, { name: "links" })).toEqual(model.tables[1]!);
    for (const t of model.tables) {
      for (const s of await libsqlDialect.compile({ kind: "batchAlterTable", table: t.table, ops: [], recreate: "always" }, { table: (ref) => libsqlDialect.reflectTable(conn, ref) })) {
        await conn.execute(s.sql, s.params);
      }
    }
    expect(await libsqlDialect.reflect(conn, {})).toEqual(model);
    await expect(libsqlDialect.reflect(conn, { schemas: ["main2"] })).rejects.toBeInstanceOf(UnsupportedOperationError);
  } finally {
    await conn.close();
    await sqlite.close();
  }
});

test("libSQL's scratch is an embedded in-memory SQLite database", async () => {
  const conn = libsqlMemory();
  try {
    const scratch = await libsqlDialect.scratch(conn, []);
    expect(scratch.schema(undefined)).toBeUndefined();
    await create(libsqlDialect, scratch.conn);
    await create(libsqlDialect, conn);
    expect(await libsqlDialect.reflect(scratch.conn, {})).toEqual(await libsqlDialect.reflect(conn, {}));
    await scratch.release();
    await expect(scratch.conn.query("SELECT 1")).rejects.toThrow();
  } finally {
    await conn.close();
  }
});

test("libSQL reads views as SQLite does", async () => {
  const conn = libsqlMemory();
  try {
    await create(libsqlDialect, conn);
    await conn.execute(`CREATE VIEW "cheap items"(i, n) AS SELECT id, name FROM items WHERE price < 10`);
    expect((await libsqlDialect.reflect(conn, {})).views).toEqual([{ name: "cheap items", query: "SELECT id, name FROM items WHERE price < 10" }]);
  } finally {
    await conn.close();
  }
});
