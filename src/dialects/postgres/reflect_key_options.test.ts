/**
 * Index key options are read only where the dialect has them: a variant without operator classes or NULLS
 * placement (CockroachDB) neither reads them nor calls pg_opclass_is_visible, which its catalog may lack.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseDatabaseUrl, type DatabaseUrl } from "../../config/url.ts";
import type { Connection } from "../connection.ts";
import { indexesSql } from "./catalog.ts";
import { POSTGRES_CAPABILITIES, postgresDialect, postgresWith } from "./dialect.ts";

const baseUrl = parseDatabaseUrl(process.env["MIGRATOR_TEST_PG_URL"] ?? "postgresql://postgres@127.0.0.1:5432/test");
const schema = `migrator_keyopts_${Math.random().toString(36).slice(2, 10)}`;
const url: DatabaseUrl = { ...baseUrl, params: { ...baseUrl.params, search_path: schema } };
let conn: Connection;

beforeAll(async () => {
  const admin = await postgresDialect.connect(baseUrl, { timeoutMs: 5000 });
  await admin.execute(`CREATE SCHEMA "${schema}"`);
  await admin.close();
  conn = await postgresDialect.connect(url, { timeoutMs: 5000 });
  await conn.execute(`CREATE TABLE t (id integer PRIMARY KEY, a text, b integer)`);
  await conn.execute(`CREATE INDEX ix_keys ON t (a text_pattern_ops, b NULLS FIRST)`);
});

afterAll(async () => {
  await conn?.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await conn?.close();
});

describe("reflect: index key options by capability", () => {
  test("without operator classes the query names no pg_opclass; without NULLS placement each key's is its order's", () => {
    const none = indexesSql(150000, { indexNullsOrder: false, operatorClasses: false });
    expect(none).not.toContain("pg_opclass");
    expect(indexesSql(150000, { indexNullsOrder: true, operatorClasses: true })).toContain("pg_opclass_is_visible");
  });

  test("PostgreSQL reads both; a variant without them reads the keys plain", async () => {
    const full = await postgresDialect.reflectTable(conn, { name: "t" });
    expect(full?.indexes[0]?.columns).toEqual([{ name: "a", opclass: "text_pattern_ops" }, { name: "b", nulls: "first" }]);
    const variant = postgresWith({ ...POSTGRES_CAPABILITIES, indexNullsOrder: false, operatorClasses: false });
    expect((await variant.reflectTable(conn, { name: "t" }))?.indexes[0]?.columns).toEqual(["a", "b"]);
    expect((await variant.reflect(conn, {})).tables[0]?.indexes[0]?.columns).toEqual(["a", "b"]);
  });
});
