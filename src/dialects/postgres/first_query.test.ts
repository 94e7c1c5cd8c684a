/**
 * ConnectOptions.firstQuery on a real server (MIGRATOR_TEST_PG_URL, by default
 * postgresql://postgres@127.0.0.1:5432/test), in a schema of its own dropped at the end: the statement goes
 * with the connect's own (one round trip), answers the first query() of it, and nothing else.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseDatabaseUrl, type DatabaseUrl } from "../../config/url.ts";
import type { Connection } from "../connection.ts";
import { PostgresConnection } from "./connection.ts";
import { postgresDialect as dialect } from "./dialect.ts";

const baseUrl = parseDatabaseUrl(process.env["MIGRATOR_TEST_PG_URL"] ?? "postgresql://postgres@127.0.0.1:5432/test");
const schema = `migrator_test_${Math.random().toString(36).slice(2, 10)}`;
const url: DatabaseUrl = { ...baseUrl, params: { ...baseUrl.params, search_path: schema } };
/** Each run of it takes the next value: which query() was sent to the server, and which was answered at connect. */
const NEXT = { sql: "SELECT nextval('seq') AS n" };

let admin: Connection;

beforeAll(async () => {
  admin = await dialect.connect(baseUrl, { timeoutMs: 5000 });
  await admin.execute(`CREATE SCHEMA "${schema}"`);
  await admin.execute(`CREATE SEQUENCE "${schema}".seq`);
  // Called once: last_value then says the value last taken.
  await admin.execute(`SELECT nextval('"${schema}".seq')`);
});

afterAll(async () => {
  await admin?.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin?.close();
});

describe("a first query sent with the connect", () => {
  test("answers the first query() of it, which the server then does not run again; the next one is sent", async () => {
    const conn = await dialect.connect(url, { timeoutMs: 5000, firstQuery: NEXT });
    try {
      const before = Number((await admin.query<{ n: string }>(`SELECT last_value AS n FROM "${schema}".seq`))[0]!.n);
      expect((await conn.query<{ n: string }>(NEXT.sql)).map((r) => Number(r.n))).toEqual([before]);
      expect((await conn.query<{ n: string }>(NEXT.sql)).map((r) => Number(r.n))).toEqual([before + 1]);
      // The server's facts were read with it.
      expect(conn instanceof PostgresConnection && conn.server.versionNum).toBeGreaterThan(120000);
    } finally {
      await conn.close();
    }
  });

  test("is dropped by any other statement first: the session's later query() of it is sent", async () => {
    const conn = await dialect.connect(url, { timeoutMs: 5000, firstQuery: NEXT });
    try {
      const [{ n: atConnect }] = (await admin.query<{ n: string }>(`SELECT last_value AS n FROM "${schema}".seq`)) as [{ n: string }];
      await conn.execute("SELECT 1");
      expect((await conn.query<{ n: string }>(NEXT.sql)).map((r) => Number(r.n))).toEqual([Number(atConnect) + 1]);
    } finally {
      await conn.close();
    }
  });

  test("a first query that fails leaves the server's facts read and fails when the session runs it", async () => {
    const conn = await dialect.connect(url, { timeoutMs: 5000, firstQuery: { sql: "SELECT * FROM no_such_table" } });
    try {
      expect(conn instanceof PostgresConnection && conn.server.versionNum).toBeGreaterThan(120000);
      expect(conn instanceof PostgresConnection && conn.server.currentSchema).toBe(schema);
      await expect(conn.query("SELECT * FROM no_such_table")).rejects.toThrow(/no_such_table/);
      expect(await conn.query<{ one: number }>("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    } finally {
      await conn.close();
    }
  });
});
