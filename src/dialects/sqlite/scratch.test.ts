import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { UnsupportedOperationError } from "../../errors.ts";
import { removeScratchDirs, scratchDir } from "../../testing/scratch.ts";
import type { Connection } from "../connection.ts";
import { sqliteDialect } from "./dialect.ts";
import { FIXTURE_OPS } from "./fixture_schema.ts";

afterAll(removeScratchDirs);

const fileUrl = (path: string) => ({ scheme: "sqlite", dialect: "sqlite", path, params: {}, raw: `sqlite:///${path}` }) as const;

async function create(conn: Connection): Promise<void> {
  const ctx = { table: (ref: { readonly name: string }) => sqliteDialect.reflectTable(conn, ref) };
  for (const op of FIXTURE_OPS) for (const s of await sqliteDialect.compile(op, ctx)) await conn.execute(s.sql, s.params);
}

test("the scratch is an empty in-memory database of its own, gone after release", async () => {
  const conn = await sqliteDialect.connect(fileUrl(join(scratchDir("migrator-scratch-"), "app.db")), { timeoutMs: 1000 });
  try {
    await create(conn);
    const scratch = await sqliteDialect.scratch(conn, []);
    expect(scratch.schema(undefined)).toBeUndefined();
    expect(() => scratch.schema("aux")).toThrow(UnsupportedOperationError);
    expect(await sqliteDialect.reflect(scratch.conn, {})).toEqual({ schemas: [], tables: [], enums: [], sequences: [], unmanaged: [] });
    expect(await scratch.conn.query(`PRAGMA database_list`)).toEqual([{ seq: 0, name: "main", file: "" }]);
    await scratch.conn.execute(`CREATE TABLE only_here (a INT)`);
    await scratch.release();
    await scratch.release(); // a second release does nothing
    await expect(scratch.conn.query(`SELECT 1`)).rejects.toThrow();
    // The database being migrated saw none of it.
    expect((await sqliteDialect.reflect(conn, {})).tables.map((t) => t.table.name)).toEqual(["items", "links", "owners"]);
    // A new scratch starts empty again.
    const again = await sqliteDialect.scratch(conn, []);
    expect(await again.conn.query(`SELECT name FROM sqlite_master`)).toEqual([]);
    await again.release();
  } finally {
    await conn.close();
  }
});

test("declared schemas: SQLite has none", async () => {
  const conn = await sqliteDialect.connect(fileUrl(":memory:"), { timeoutMs: 1000 });
  try {
    const error = await sqliteDialect.scratch(conn, ["reporting"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect(String(error)).toContain(`Cannot declare objects in schema "reporting": SQLite has no schemas`);
  } finally {
    await conn.close();
  }
});

test("objects made in the scratch read back as the same ops run on a file database", async () => {
  const conn = await sqliteDialect.connect(fileUrl(join(scratchDir("migrator-scratch-"), "app.db")), { timeoutMs: 1000 });
  const scratch = await sqliteDialect.scratch(conn, []);
  try {
    await create(conn);
    await create(scratch.conn);
    const fromFile = await sqliteDialect.reflect(conn, {});
    expect(fromFile.tables).toHaveLength(3);
    expect(await sqliteDialect.reflect(scratch.conn, {})).toEqual(fromFile);
  } finally {
    await scratch.release();
    await conn.close();
  }
});
