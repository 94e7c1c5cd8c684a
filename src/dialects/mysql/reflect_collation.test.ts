/** Column collations as reflection reads them on a real server (see test_database.ts). */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mysqlDialect as dialect } from "./dialect.ts";
import { createTestDatabase, type TestDatabase } from "./test_database.ts";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

const collations = async (table: string) =>
  Object.fromEntries(((await dialect.reflectTable(db.conn, { name: table }))?.columns ?? []).map((c) => [c.name, c.collation]));

describe("reflect: collations", () => {
  test("a column's collation only when it is not its table's default; none on numbers, MariaDB's JSON or ENUM", async () => {
    await db.conn.execute("CREATE TABLE t (id INT PRIMARY KEY, plain VARCHAR(10), bin VARCHAR(10) COLLATE utf8mb4_bin, same VARCHAR(10) COLLATE utf8mb4_general_ci, other TEXT CHARACTER SET latin1, doc JSON, e ENUM('a','b')) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci");
    expect(await collations("t")).toEqual({ id: undefined, plain: undefined, bin: "utf8mb4_bin", same: undefined, other: "latin1_swedish_ci", doc: undefined, e: undefined });
  });

  test("measured against the table's own default collation, not the database's", async () => {
    await db.conn.execute("CREATE TABLE u (a VARCHAR(10), b VARCHAR(10) COLLATE utf8mb4_general_ci) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
    expect(await collations("u")).toEqual({ a: undefined, b: "utf8mb4_general_ci" });
  });
});
