/**
 * What DROP COLUMN would take that no model makes again, read from the catalog (against MIGRATOR_TEST_PG_URL,
 * in a schema of its own): on the table, on its partitions and on its inheritance children; an owner's grant
 * to itself is not named, nor what the model carries (an index, a plain unique key, a CHECK).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseDatabaseUrl, type DatabaseUrl } from "../../config/url.ts";
import type { Connection } from "../connection.ts";
import { postgresDialect as dialect } from "./dialect.ts";
import { readLostWithColumn } from "./lost_with_column.ts";

const baseUrl = parseDatabaseUrl(process.env["MIGRATOR_TEST_PG_URL"] ?? "postgresql://postgres@127.0.0.1:5432/test");
const home = `migrator_lost_${Math.random().toString(36).slice(2, 10)}`;
const url: DatabaseUrl = { ...baseUrl, params: { ...baseUrl.params, search_path: home } };

describe("readLostWithColumn (against a server)", () => {
  let conn: Connection;

  beforeAll(async () => {
    conn = await dialect.connect(url, { timeoutMs: 5000 });
    for (const sql of [
      `CREATE SCHEMA "${home}"`,
      `CREATE TABLE "${home}"."Events" (id int, at date, "Slug" text CHECK ("Slug" <> ''), UNIQUE ("Slug", at)) PARTITION BY RANGE (at)`,
      `CREATE TABLE "${home}".events_2026 PARTITION OF "${home}"."Events" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')`,
      `CREATE INDEX ON "${home}"."Events" ("Slug")`,
      `CREATE STATISTICS "${home}".st_part ON (lower("Slug")), id FROM "${home}".events_2026`,
      `GRANT SELECT ("Slug") ON "${home}".events_2026 TO PUBLIC`,
      `CREATE TABLE "${home}".base (id int, slug text)`,
      `CREATE TABLE "${home}".child (extra int) INHERITS ("${home}".base)`,
      `GRANT UPDATE (slug) ON "${home}".child TO PUBLIC`,
      `GRANT INSERT (slug) ON "${home}".base TO CURRENT_USER`,
    ]) await conn.execute(sql);
  });

  afterAll(async () => {
    await conn.execute(`DROP SCHEMA "${home}" CASCADE`);
    await conn.close();
  });

  test("a partition's statistics on an expression and its column grant; a quoted, capitalized name", async () => {
    expect(await readLostWithColumn(conn, { schema: home, name: "Events" }, "Slug")).toEqual([
      "statistics st_part (on events_2026)",
      "column privileges (SELECT to PUBLIC) (on events_2026)",
    ]);
  });

  test("an inheritance child's grant; the owner's own grant and what the model carries are not named", async () => {
    expect(await readLostWithColumn(conn, { schema: home, name: "base" }, "slug")).toEqual(["column privileges (UPDATE to PUBLIC) (on child)"]);
    expect(await readLostWithColumn(conn, { schema: home, name: "base" }, "id")).toEqual([]);
    expect(await readLostWithColumn(conn, { schema: home, name: "nowhere" }, "slug")).toEqual([]);
  });
});
