import { afterEach, beforeEach, expect, test } from "bun:test";
import { LockTimeoutError } from "../../errors.ts";
import type { Connection } from "../connection.ts";
import { LEASE_TABLE, takeLease } from "../lease.ts";
import { mysqlLeaseStore } from "./lease_store.ts";
import { connectTo, createTestDatabase, type TestDatabase } from "./test_database.ts";

// The lease in MySQL's SQL (the Galera lock) on the shared MariaDB, in a database of its own: two
// connections stand in for two migrator processes. The Galera race itself: tests/topologies/galera.test.ts.
let db: TestDatabase;
let b: Connection;
const store = mysqlLeaseStore;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeEach(async () => {
  db = await createTestDatabase();
  b = await connectTo(db.url);
});

afterEach(async () => {
  await b.close();
  await db.drop();
});

test("one holder at a time; the other times out naming the holder; released, the next one gets it", async () => {
  const lock = await takeLease(db.conn, { key: "v", timeoutMs: 100, owner: "proc-a", store });
  const error = await takeLease(b, { key: "v", timeoutMs: 150, retryMs: 20, store }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LockTimeoutError);
  expect(String(error)).toContain(`held by "proc-a"`);
  await lock.release();
  expect(await db.conn.query(`SELECT * FROM ${LEASE_TABLE}`)).toEqual([]);
  const next = await takeLease(b, { key: "v", timeoutMs: 100, store });
  await next.release();
  const [table] = await db.conn.query<{ engine: string }>(`SELECT ENGINE AS engine FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${LEASE_TABLE}'`);
  expect(table?.engine).toBe("InnoDB");
});

test("an expired lease is taken over; the old holder learns at release that it lost it", async () => {
  const crashed = await takeLease(db.conn, { key: "v", timeoutMs: 100, ttlMs: 200, renewMs: 60_000, store });
  const taker = await takeLease(b, { key: "v", timeoutMs: 3000, retryMs: 20, owner: "proc-b", store });
  await expect(crashed.release()).rejects.toThrow(`The migration lease on "v" was lost during the run`);
  expect(await b.query(`SELECT owner FROM ${LEASE_TABLE}`)).toEqual([{ owner: "proc-b" }]);
  await taker.release();
});

test("a renewed lease outlives its time to live", async () => {
  const lock = await takeLease(db.conn, { key: "v", timeoutMs: 100, ttlMs: 300, renewMs: 50, store });
  await sleep(50);
  await expect(takeLease(b, { key: "v", timeoutMs: 700, retryMs: 20, store })).rejects.toBeInstanceOf(LockTimeoutError);
  await lock.release();
});
