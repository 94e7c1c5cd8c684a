/**
 * What recreateEnum carries over, read from the catalog (against MIGRATOR_TEST_PG_URL, in schemas of its
 * own). Partitions and inheriting tables follow their parent; a type of the same name in another schema
 * is another type; a view over a column is carried by the compiler around the recreate (views.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseDatabaseUrl, type DatabaseUrl } from "../../config/url.ts";
import type { Connection } from "../connection.ts";
import { postgresDialect as dialect } from "./dialect.ts";
import { readTypeUsage } from "./enum_columns.ts";
import { readViewsOver } from "./views.ts";
import { runInTransaction } from "../../testing/in_transaction.ts";

const baseUrl = parseDatabaseUrl(process.env["MIGRATOR_TEST_PG_URL"] ?? "postgresql://postgres@127.0.0.1:5432/test");
const suffix = Math.random().toString(36).slice(2, 10);
const home = `migrator_enum_${suffix}`;
const other = `migrator_enum_${suffix}_b`;
const url: DatabaseUrl = { ...baseUrl, params: { ...baseUrl.params, search_path: home } };

describe("readTypeUsage (against a server)", () => {
  let conn: Connection;

  beforeAll(async () => {
    conn = await dialect.connect(url, { timeoutMs: 5000 });
    for (const sql of [
      `CREATE SCHEMA "${home}"`,
      `CREATE SCHEMA "${other}"`,
      `CREATE TYPE "${home}".mood AS ENUM ('happy', 'sad', 'ok')`,
      `CREATE TYPE "${other}".mood AS ENUM ('x', 'y')`,
      `CREATE TABLE "${home}".events (id int, at date, mood mood DEFAULT 'ok') PARTITION BY RANGE (at)`,
      `CREATE TABLE "${home}".events_2026 PARTITION OF "${home}".events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')`,
      `CREATE TABLE "${home}".base (id int, moods mood[][])`,
      `CREATE TABLE "${home}".child (extra mood) INHERITS ("${home}".base)`,
      `CREATE TABLE "${other}".posts (mine "${home}".mood NOT NULL, theirs "${other}".mood)`,
      `CREATE VIEW "${home}".moods AS SELECT mood FROM "${home}".events`,
      `INSERT INTO "${home}".events VALUES (1, '2026-05-01', 'happy'), (2, '2026-06-01', DEFAULT)`,
      `INSERT INTO "${home}".child VALUES (1, '{{happy,ok}}', 'sad')`,
      `INSERT INTO "${other}".posts VALUES ('ok', 'x')`,
    ]) await conn.execute(sql);
  });

  afterAll(async () => {
    await conn?.execute(`DROP SCHEMA IF EXISTS "${home}" CASCADE`);
    await conn?.execute(`DROP SCHEMA IF EXISTS "${other}" CASCADE`);
    await conn?.close();
  });

  test("every schema's columns of the type and of its arrays, parents only, with their defaults; views (carried by the compiler) and same-named types left out", async () => {
    const usage = await readTypeUsage(conn, { name: "mood" });
    expect(usage.schema).toBe(home);
    expect(usage.blockers).toEqual([]);
    expect(usage.columns).toEqual([
      { table: { name: "base", schema: home }, column: "moods", array: true },
      { table: { name: "child", schema: home }, column: "extra", array: false },
      { table: { name: "events", schema: home }, column: "mood", array: false, default: { sql: "'ok'::mood" } },
      { table: { name: "posts", schema: other }, column: "mine", array: false },
    ]);
    expect((await readTypeUsage(conn, { name: "mood", schema: other })).columns).toEqual([{ table: { name: "posts", schema: other }, column: "theirs", array: false }]);
    expect(await readTypeUsage(conn, { name: "nothing" })).toEqual({ columns: [], foreignKeys: [], blockers: [] });
  });

  test("recreateEnum compiled online converts them all in one transaction, around the view that reads one", async () => {
    const ctx = {
      table: async () => undefined,
      typeUsage: (t: { name: string; schema?: string }) => readTypeUsage(conn, t),
      viewsOver: (columns: Parameters<typeof readViewsOver>[1]) => readViewsOver(conn, columns),
    };
    const op = { kind: "recreateEnum", name: "mood", values: ["ok", "happy", "sad", "new"] } as const;
    expect(await conn.query(`SELECT enum_range(NULL::mood)::text AS r`)).toEqual([{ r: "{happy,sad,ok}" }]);
    const statements = await dialect.compile(op, ctx);
    expect(statements[0]!.sql).toBe(`DROP VIEW "moods"`);
    await runInTransaction(conn, statements);
    expect(await conn.query(`SELECT mood::text AS mood, pg_typeof(mood)::text AS type FROM moods ORDER BY 1`)).toEqual([{ mood: "happy", type: "mood" }, { mood: "ok", type: "mood" }]);
    expect(await conn.query(`SELECT enum_range(NULL::mood)::text AS r`)).toEqual([{ r: "{ok,happy,sad,new}" }]);
    expect(await conn.query(`SELECT id, mood::text AS mood, pg_typeof(mood)::text AS type FROM events ORDER BY id`)).toEqual([
      { id: 1, mood: "happy", type: "mood" },
      { id: 2, mood: "ok", type: "mood" },
    ]);
    expect(await conn.query(`SELECT moods::text AS moods, extra::text AS extra FROM child`)).toEqual([{ moods: "{{happy,ok}}", extra: "sad" }]);
    expect(await conn.query(`SELECT mine::text AS mine, theirs::text AS theirs FROM "${other}".posts`)).toEqual([{ mine: "ok", theirs: "x" }]);
    expect(await conn.query(`SELECT count(*)::int AS n FROM pg_type WHERE typname LIKE 'mood_old%'`)).toEqual([{ n: 0 }]);
    await conn.execute(`INSERT INTO events VALUES (3, '2026-07-01', DEFAULT)`);
    expect(await conn.query(`SELECT mood::text AS mood FROM events WHERE id = 3`)).toEqual([{ mood: "ok" }]);
  });
});
