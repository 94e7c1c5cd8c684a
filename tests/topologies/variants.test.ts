/**
 * The dialect registry's variants: URL schemes choose them, their capability tables are their own, and
 * the declared CockroachDB/YugabyteDB lease lock (plain SQL of the PostgreSQL wire protocol) excludes a
 * second holder on the system's PostgreSQL. The engines themselves are not installed here: declared only.
 */
import { describe, expect, test } from "bun:test";
import { parseDatabaseUrl } from "../../src/config/url.ts";
import { DIALECTS, loadDialect } from "../../src/dialects/registry.ts";
import { connectPostgres } from "../../src/dialects/postgres/connection.ts";
import { leasePostgres } from "../../src/dialects/postgres/lease_lock.ts";

const SERVER_PORT = Number(process.env["MIGRATOR_TEST_PG_PORT"] ?? 5432);

describe("dialect variants", () => {
  test("a variant's scheme picks it; its capabilities and lock are its own; base dialects are unchanged", async () => {
    expect(parseDatabaseUrl("cockroachdb://root@db:26257/app?sslmode=disable").dialect).toBe("cockroachdb");
    expect(parseDatabaseUrl("yugabytedb://yugabyte@db:5433/app").dialect).toBe("yugabytedb");
    expect(parseDatabaseUrl("tidb://root@db:4000/app").dialect).toBe("tidb");
    expect(parseDatabaseUrl("vitess://user@vtgate:15306/commerce").dialect).toBe("vitess");
    expect(parseDatabaseUrl("postgresql+psycopg2://u@h/db").dialect).toBe("postgres");
    expect(() => parseDatabaseUrl("oracle://h/db")).toThrow("cockroachdb, cockroach");
    const cockroach = await loadDialect("cockroachdb");
    const postgres = await loadDialect("postgres");
    expect(cockroach.name).toBe("cockroachdb");
    expect(cockroach.capabilities.transactionalDdl).toBe(false);
    expect(postgres.capabilities.transactionalDdl).toBe(true);
    expect(cockroach.forServer).toBeUndefined();
    expect(cockroach.lock).not.toBe(postgres.lock);
    const vitess = await loadDialect("vitess");
    expect(vitess.lock(undefined as never, parseDatabaseUrl("vitess://u@h/ks"), { timeoutMs: 0, key: "v" })).rejects.toThrow("no lock that holds across shards");
    expect(Object.entries(DIALECTS).filter(([, e]) => e.status === "declared").map(([n]) => n)).toEqual(["cockroachdb", "yugabytedb", "tidb", "vitess"]);
  });

  test("the lease lock of the PostgreSQL-protocol variants excludes a second holder (run on PostgreSQL)", async () => {
    const db = `migrator_variants_${Math.random().toString(36).slice(2, 8)}`;
    const server = await connectPostgres(parseDatabaseUrl(`postgresql://postgres@127.0.0.1:${SERVER_PORT}/postgres`), { timeoutMs: 5000 });
    await server.execute(`CREATE DATABASE "${db}"`);
    try {
      await leaseRoundTrip(parseDatabaseUrl(`postgresql://postgres@127.0.0.1:${SERVER_PORT}/${db}`));
    } finally {
      await server.execute(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      await server.close();
    }
  });
});

async function leaseRoundTrip(url: ReturnType<typeof parseDatabaseUrl>): Promise<void> {
  {
    const key = "variant-test";
    const first = await leasePostgres(undefined as never, url, { key, timeoutMs: 1000 });
    const started = Date.now();
    const second = await leasePostgres(undefined as never, url, { key, timeoutMs: 600 }).catch((e: unknown) => e);
    expect(String(second)).toContain("Another migrator process has held the lock");
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    await first.release();
    const third = await leasePostgres(undefined as never, url, { key, timeoutMs: 1000 });
    await third.release();
    const admin = await connectPostgres(url, { timeoutMs: 5000 });
    try {
      expect(await admin.query("SELECT * FROM migrator_lock WHERE key = ?", [key])).toEqual([]);
    } finally {
      await admin.close();
    }
  }
}
