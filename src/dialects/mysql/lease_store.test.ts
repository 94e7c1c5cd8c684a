import { afterEach, beforeEach, expect, test } from "bun:test";
import { LockLostError, LockTimeoutError } from "../../errors.ts";
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

test("confirm() after a takeover stops the run: the lease was lost", async () => {
  const crashed = await takeLease(db.conn, { key: "v", timeoutMs: 100, ttlMs: 200, renewMs: 60_000, store });
  const taker = await takeLease(b, { key: "v", timeoutMs: 3000, retryMs: 20, owner: "proc-b", store });
  await expect(crashed.confirm!()).rejects.toThrow(`The migration lease on "v" was lost during the run (another process took it over after it expired)`);
  await expect(crashed.release()).rejects.toBeInstanceOf(LockLostError);
  await taker.release();
});

test("renewals held back by a row lock for the lease's time: confirm() stops within it; release() does not wait for the server's lock wait", async () => {
  const lock = await takeLease(db.conn, { key: "v", timeoutMs: 100, ttlMs: 1000, renewMs: 250, store });
  // Fresh: no round trip, no wait.
  await lock.confirm!();
  // Another session locks the lease row: every renewal waits (InnoDB's lock wait, 50 s by default).
  await b.execute("START TRANSACTION");
  await b.query(`SELECT * FROM ${LEASE_TABLE} FOR UPDATE`);
  const started = Date.now();
  await sleep(600);
  const error = await lock.confirm!().catch((e: unknown) => e);
  const confirmMs = Date.now() - started;
  expect(error).toBeInstanceOf(LockLostError);
  expect(String(error)).toContain(`The migration lease on "v" could not be renewed: the database confirmed no renewal for `);
  // Within the lease's time (plus a renewal's round trip), not the server's 50 s lock wait.
  expect(confirmMs).toBeGreaterThanOrEqual(600);
  expect(confirmMs).toBeLessThan(2000);
  const releasing = Date.now();
  await expect(lock.release()).rejects.toBeInstanceOf(LockLostError);
  // The renewal still under way is given a second, then the row is left to expire.
  expect(Date.now() - releasing).toBeLessThan(2_000);
  await b.execute("ROLLBACK");
}, 20_000);

test("renewals held back for less than the lease, with nobody taking over: confirm() renews and the run goes on", async () => {
  const lock = await takeLease(db.conn, { key: "v", timeoutMs: 100, ttlMs: 2000, renewMs: 250, store });
  await b.execute("START TRANSACTION");
  await b.query(`SELECT * FROM ${LEASE_TABLE} FOR UPDATE`);
  await sleep(1100);
  const confirming = lock.confirm!();
  await sleep(200);
  await b.execute("ROLLBACK");
  await confirming;
  await lock.release();
  expect(await b.query(`SELECT * FROM ${LEASE_TABLE}`)).toEqual([]);
}, 20_000);
