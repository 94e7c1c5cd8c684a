import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { parseDatabaseUrl } from "../../config/url.ts";
import { loadDialect } from "../registry.ts";
import { libsqlClientConfig, libsqlConnection, openLibsql, type LibsqlClientLike, type LibsqlTransactionLike } from "./connection.ts";

describe("libSQL URLs", () => {
  test("URL and token for the client", () => {
    expect(libsqlClientConfig(parseDatabaseUrl("libsql://my-db-org.turso.io?authToken=abc.def"))).toEqual({
      url: "libsql://my-db-org.turso.io",
      authToken: "abc.def",
    });
    expect(libsqlClientConfig(parseDatabaseUrl("http://127.0.0.1:8080?tls=0"))).toEqual({ url: "http://127.0.0.1:8080?tls=0" });
    expect(libsqlClientConfig(parseDatabaseUrl("https://:secret@db.example.com/ns?auth_token=t2"))).toEqual({
      url: "https://db.example.com/ns",
      authToken: "t2",
    });
    expect(libsqlClientConfig(parseDatabaseUrl("wss://user:pw@[::1]:9000"))).toEqual({ url: "wss://[::1]:9000", authToken: "pw" });
  });

  test("the registry knows the libsql dialect; its web client loads without a native addon", async () => {
    const dialect = await loadDialect("libsql");
    expect(dialect.name).toBe("libsql");
    expect(dialect.capabilities.transactionalDdl).toBe(true);
    const { createClient } = await import("@libsql/client/web");
    const client = createClient(libsqlClientConfig(parseDatabaseUrl("libsql://example.invalid?authToken=x")));
    expect(client.protocol).toBe("http");
    client.close();
  });

  test("an unreachable server fails at connect", async () => {
    await expect(openLibsql(parseDatabaseUrl("http://127.0.0.1:9"))).rejects.toThrow();
  });
});

/** A stand-in for @libsql/client over bun:sqlite: records which statements ran inside the interactive transaction. */
function fakeClient(db: Database, log: string[]): LibsqlClientLike {
  const runner = (where: string) => ({
    async execute(stmt: { sql: string; args: unknown[] }) {
      log.push(`${where}: ${stmt.sql}`);
      const q = db.query(stmt.sql);
      const rows = q.values(...(stmt.args as never[])) as unknown[][];
      return { columns: q.columnNames, rows };
    },
    async executeMultiple(sql: string) {
      log.push(`${where}: ${sql}`);
      db.run(sql);
    },
  });
  return {
    ...runner("auto"),
    async transaction(): Promise<LibsqlTransactionLike> {
      db.run("BEGIN IMMEDIATE");
      log.push("tx: BEGIN IMMEDIATE");
      return { ...runner("tx"), commit: async () => void db.run("COMMIT"), rollback: async () => void db.run("ROLLBACK"), close: () => {} };
    },
    close: () => db.close(),
  };
}

describe("libSQL connection", () => {
  test("begin() opens the interactive transaction, statements run in it, rollback() and commit() end it", async () => {
    const log: string[] = [];
    const conn = libsqlConnection(fakeClient(new Database(":memory:"), log));
    await conn.execute("CREATE TABLE t (a INTEGER)");
    expect(conn.inTransaction).toBe(false);
    await conn.begin();
    expect(conn.inTransaction).toBe(true);
    await conn.execute("INSERT INTO t VALUES (?)", [1]);
    expect(await conn.query("SELECT a FROM t")).toEqual([{ a: 1 }]);
    await conn.rollback();
    expect(conn.inTransaction).toBe(false);
    expect(await conn.query("SELECT count(*) AS n FROM t")).toEqual([{ n: 0 }]);
    await conn.begin();
    await expect(conn.begin()).rejects.toThrow("already open");
    await conn.execute("INSERT INTO t VALUES (2)");
    await conn.commit();
    await conn.commit(); // nothing open: nothing sent
    expect(await conn.query("SELECT a FROM t")).toEqual([{ a: 2 }]);
    expect(log).toEqual([
      "auto: CREATE TABLE t (a INTEGER)",
      "tx: BEGIN IMMEDIATE",
      "tx: INSERT INTO t VALUES (?)",
      "tx: SELECT a FROM t",
      "auto: SELECT count(*) AS n FROM t",
      "tx: BEGIN IMMEDIATE",
      "tx: INSERT INTO t VALUES (2)",
      "auto: SELECT a FROM t",
    ]);
    await conn.close();
  });
});
