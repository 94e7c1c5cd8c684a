import { describe, expect, test } from "bun:test";
import type { Op } from "../../operations/ops.ts";
import { sqliteDialect } from "./dialect.ts";

const ctx = { table: async () => undefined };
const sql = async (op: Op) => (await sqliteDialect.compile(op, ctx)).map((s) => sqliteDialect.inline(s));

describe("SQLite DDL", () => {
  test("recreateEnum is refused with one line: SQLite has no enum types", async () => {
    await expect(sql({ kind: "recreateEnum", name: "mood", values: ["a"] })).rejects.toThrow(/^recreateEnum is not supported on SQLite$/);
  });

  test("an autoincrementing key is the INTEGER PRIMARY KEY, whatever its portable type", async () => {
    expect(await sql({ kind: "createTable", table: { name: "users" }, columns: [{ name: "id", type: "bigint", primaryKey: true, autoincrement: true }, { name: "e", type: "text" }] })).toEqual([
      'CREATE TABLE "users" (\n    "id" INTEGER PRIMARY KEY AUTOINCREMENT,\n    "e" TEXT\n)',
    ]);
    // The dialect says so for the column too (autogenerate compares offline with it), not for the type alone.
    expect(sqliteDialect.columnType("bigint", { name: "id", type: "bigint", primaryKey: true, autoincrement: true })).toBe("INTEGER");
    expect(sqliteDialect.columnType("bigint")).toBe("BIGINT");
    // The same through the table's primaryKey option.
    expect(await sql({ kind: "createTable", table: { name: "u" }, columns: [{ name: "id", type: "serial", autoincrement: true }], primaryKey: { columns: ["id"] } })).toEqual([
      'CREATE TABLE "u" (\n    "id" INTEGER PRIMARY KEY AUTOINCREMENT\n)',
    ]);
  });

  test("AUTOINCREMENT in a composite key is refused with a clear error", async () => {
    const op: Op = { kind: "createTable", table: { name: "t" }, columns: [{ name: "a", type: "integer", primaryKey: true, autoincrement: true }, { name: "b", type: "integer", primaryKey: true }] };
    await expect(sql(op)).rejects.toThrow(/AUTOINCREMENT only on a table's single INTEGER PRIMARY KEY/);
  });

  test("bulkInsert: booleans as 1/0, dates as ISO text, objects as JSON, rows grouped by their keys", async () => {
    expect(await sql({ kind: "bulkInsert", table: { name: "t" }, rows: [{ a: true, b: new Date("2026-01-02T03:04:05.000Z") }, { a: false, b: null }, { c: { x: [1] } }] })).toEqual([
      `INSERT INTO "t" ("a", "b") VALUES (1, '2026-01-02T03:04:05.000Z'), (0, NULL)`,
      `INSERT INTO "t" ("c") VALUES ('{"x":[1]}')`,
    ]);
  });

  test("expression index columns are wrapped in parentheses once", async () => {
    expect(await sql({ kind: "createIndex", name: "ix", table: { name: "t" }, columns: [{ expression: "lower(email)" }, { expression: "(upper(name))" }] })).toEqual([
      'CREATE INDEX "ix" ON "t" ((lower(email)), (upper(name)))',
    ]);
  });
});

describe("SQLite index keys", () => {
  test("NULLS FIRST / LAST and operator classes are refused with one line before any SQL; SQLite's CREATE INDEX has neither", async () => {
    const op = (columns: Extract<Op, { kind: "createIndex" }>["columns"]): Op => ({ kind: "createIndex", name: "ix", table: { name: "t" }, columns });
    await expect(sql(op([{ name: "a", order: "desc", nulls: "last" }]))).rejects.toThrow(/^Index "ix" key "a" has nulls: "last" \(NULLS LAST\), which SQLite does not have \(PostgreSQL does\): leave nulls out$/);
    await expect(sql(op([{ expression: "lower(b) COLLATE nocase", opclass: "text_pattern_ops" }]))).rejects.toThrow(`Index "ix" key (lower(b) COLLATE nocase) has opclass "text_pattern_ops" (an operator class), which SQLite does not have`);
    expect(await sql(op([{ name: "a", order: "desc" }]))).toEqual([`CREATE INDEX "ix" ON "t" ("a" DESC)`]);
    // The grammar itself: an indexed column is a name or an expression, COLLATE, ASC / DESC; SQLite parses NULLS there only to refuse it.
    const { Database } = await import("bun:sqlite");
    const db = new Database(":memory:");
    db.run("CREATE TABLE t (a int)");
    expect(() => db.run("CREATE INDEX ix ON t (a DESC NULLS LAST)")).toThrow("unsupported use of NULLS LAST");
    db.close();
  });
});

describe("SQLite views", () => {
  test("createView and dropView run on SQLite; what it lacks is refused with one line before any SQL", async () => {
    const { Database } = await import("bun:sqlite");
    const db = new Database(":memory:");
    db.run("CREATE TABLE t (a int)");
    for (const statement of await sql({ kind: "createView", name: "v", query: "SELECT a FROM t;" })) db.run(statement);
    expect(db.query("SELECT sql FROM sqlite_master WHERE name = 'v'").get()).toEqual({ sql: 'CREATE VIEW "v" AS\nSELECT a FROM t' });
    for (const statement of await sql({ kind: "dropView", name: "v", ifExists: true })) db.run(statement);
    expect(db.query("SELECT count(*) AS n FROM sqlite_master WHERE name = 'v'").get()).toEqual({ n: 0 });
    db.close();
    await expect(sql({ kind: "createView", name: "v", query: "SELECT 1", checkOption: "local" })).rejects.toThrow(`createView("v"): checkOption is not supported on SQLite`);
    await expect(sql({ kind: "createView", name: "v", query: "SELECT 1", comment: "c", grants: [{ role: "r", privileges: ["SELECT"] }] })).rejects.toThrow(`createView("v"): comment, grants are not supported on SQLite`);
  });
});
