/** The scratch database takes the real database's default collation (see test_database.ts). */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mysqlDialect as dialect } from "./dialect.ts";
import { createTestDatabase, runOp, type TestDatabase } from "./test_database.ts";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  // Not the server's default (utf8mb4_general_ci on MariaDB, utf8mb4_0900_ai_ci on MySQL 8).
  await db.conn.execute(`ALTER DATABASE \`${db.name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
});

afterAll(async () => {
  await db?.drop();
});

describe("scratch: collations", () => {
  test("a column of the database's default collation reads back as none in the scratch too", async () => {
    const op = { kind: "createTable", table: { name: "t" }, columns: [{ name: "a", type: "varchar(10)", collation: "utf8mb4_unicode_ci" }, { name: "b", type: "varchar(10)", collation: "utf8mb4_bin" }] } as const;
    await runOp(db.conn, op);
    const real = await dialect.reflectTable(db.conn, { name: "t" });
    const scratch = await dialect.scratch(db.conn, []);
    try {
      await runOp(scratch.conn, op);
      const there = await dialect.reflectTable(scratch.conn, { name: "t" });
      expect(there?.columns.map((c) => [c.name, c.collation])).toEqual([["a", undefined], ["b", "utf8mb4_bin"]]);
      expect(there?.columns).toEqual(real!.columns);
    } finally {
      await scratch.release();
    }
  });
});
