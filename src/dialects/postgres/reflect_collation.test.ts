/** Column collations as reflection reads them on a real server, in a schema of its own (dropped at the end). */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseDatabaseUrl, type DatabaseUrl } from "../../config/url.ts";
import type { Connection } from "../connection.ts";
import { postgresDialect as dialect } from "./dialect.ts";

const baseUrl = parseDatabaseUrl(process.env["MIGRATOR_TEST_PG_URL"] ?? "postgresql://postgres@127.0.0.1:5432/test");
const schema = `migrator_collation_${Math.random().toString(36).slice(2, 10)}`;
const url: DatabaseUrl = { ...baseUrl, params: { ...baseUrl.params, search_path: schema } };
let conn: Connection;

beforeAll(async () => {
  const admin = await dialect.connect(baseUrl, { timeoutMs: 5000 });
  await admin.execute(`CREATE SCHEMA "${schema}"`);
  await admin.close();
  conn = await dialect.connect(url, { timeoutMs: 5000 });
});

afterAll(async () => {
  await conn?.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await conn?.close();
});

describe("reflect: collations", () => {
  test("a column's collation only when it is not its type's default: none on plain text, \"default\", numbers, enums", async () => {
    await conn.execute(`CREATE TYPE mood AS ENUM ('a', 'b')`);
    await conn.execute(`CREATE TABLE t (id integer PRIMARY KEY, plain text, c varchar(10) COLLATE "C", posix text COLLATE "POSIX", dflt text COLLATE "default", tags text[] COLLATE "C", m mood)`);
    const model = await dialect.reflectTable(conn, { name: "t" });
    expect(Object.fromEntries((model?.columns ?? []).map((c) => [c.name, c.collation]))).toEqual({ id: undefined, plain: undefined, c: "C", posix: "POSIX", dflt: undefined, tags: "C", m: undefined });
    // Bulk reflection reads it with the same query.
    const all = await dialect.reflect(conn, {});
    expect(all.tables.find((x) => x.table.name === "t")?.columns.find((c) => c.name === "c")?.collation).toBe("C");
  });
});
