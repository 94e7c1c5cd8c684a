import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LockTimeoutError } from "../../errors.ts";
import type { Connection } from "../connection.ts";
import { sqliteDialect } from "../sqlite/dialect.ts";
import { LEASE_TABLE, takeLease } from "../lease.ts";

// The lease logic runs on any Connection; here two connections to one embedded SQLite file stand in
// for two migrator processes talking to one libSQL server.
let dir: string;
let a: Connection;
let b: Connection;
const open = (path: string) => sqliteDialect.connect({ scheme: "sqlite", dialect: "sqlite", path, params: {}, raw: "" }, { timeoutMs: 2000 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "migrator-lease-"));
  a = await open(join(dir, "db.sqlite"));
  b = await open(join(dir, "db.sqlite"));
});

afterEach(async () => {
  await a.close();
  await b.close();
  rmSync(dir, { recursive: true, force: true });
});

test("one holder at a time; the other waits, then times out naming the holder", async () => {
  const lock = await takeLease(a, { key: "v", timeoutMs: 100, owner: "proc-a" });
  const error = await takeLease(b, { key: "v", timeoutMs: 150, retryMs: 20 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LockTimeoutError);
  expect(String(error)).toContain(`held by "proc-a"`);
  // Another key is another lock.
  const other = await takeLease(b, { key: "w", timeoutMs: 100 });
  await other.release();
  await lock.release();
  expect(await a.query(`SELECT key FROM ${LEASE_TABLE}`)).toEqual([]);
  // Released: the next process gets it at once.
  const next = await takeLease(b, { key: "v", timeoutMs: 100 });
  await next.release();
});

test("a waiting process gets the lock when the holder releases it", async () => {
  const lock = await takeLease(a, { key: "v", timeoutMs: 100 });
  const waiting = takeLease(b, { key: "v", timeoutMs: 2000, retryMs: 20, owner: "proc-b" });
  await sleep(80);
  await lock.release();
  const got = await waiting;
  expect(await a.query(`SELECT owner FROM ${LEASE_TABLE} WHERE key = 'v'`)).toEqual([{ owner: "proc-b" }]);
  await got.release();
});

test("a lease that is not renewed (crashed holder) expires and is taken over; the old holder learns it lost it", async () => {
  const crashed = await takeLease(a, { key: "v", timeoutMs: 100, ttlMs: 150, renewMs: 60_000 });
  const taker = await takeLease(b, { key: "v", timeoutMs: 2000, retryMs: 20, owner: "proc-b" });
  expect(await b.query(`SELECT owner FROM ${LEASE_TABLE}`)).toEqual([{ owner: "proc-b" }]);
  await expect(crashed.release()).rejects.toThrow(`The migration lease on "v" was lost during the run`);
  // The lost holder's release did not delete the new holder's row.
  expect(await b.query(`SELECT owner FROM ${LEASE_TABLE}`)).toEqual([{ owner: "proc-b" }]);
  await taker.release();
});

test("a renewed lease outlives its time to live", async () => {
  const lock = await takeLease(a, { key: "v", timeoutMs: 100, ttlMs: 150, renewMs: 30 });
  await expect(takeLease(b, { key: "v", timeoutMs: 400, retryMs: 20 })).rejects.toBeInstanceOf(LockTimeoutError);
  await lock.release();
});

test("renewals blocked for longer than the ttl, with nobody taking over, do not fail the run", async () => {
  // The renewing connection is blocked (here by another connection's write transaction; in a real run,
  // by the run's own one) for longer than the lease's ttl; nobody else takes the lease in that time.
  const short = await open(join(dir, "db.sqlite"));
  const lock = await takeLease(a, { key: "v", timeoutMs: 100, ttlMs: 150, renewMs: 30 });
  await b.execute("BEGIN IMMEDIATE");
  await sleep(400);
  await b.execute("COMMIT");
  await lock.release();
  expect(await short.query(`SELECT key FROM ${LEASE_TABLE}`)).toEqual([]);
  await short.close();
});

test("where the run's own writes block renewals (SQLite's one writer), confirm() does not stop a run whose renewals wait; a takeover still does", async () => {
  const lock = await takeLease(a, { key: "v", timeoutMs: 100, ttlMs: 150, renewMs: 30, ownWritesBlockRenewals: true });
  await b.execute("BEGIN IMMEDIATE");
  await sleep(300);
  await lock.confirm!();
  await b.execute("COMMIT");
  // Past its end, not renewed (the timer stopped with a crash): taken over, and confirm() says so.
  const crashed = await takeLease(a, { key: "w", timeoutMs: 100, ttlMs: 150, renewMs: 60_000, ownWritesBlockRenewals: true });
  const taker = await takeLease(b, { key: "w", timeoutMs: 2000, retryMs: 20, owner: "proc-b" });
  await expect(crashed.confirm!()).rejects.toThrow(`The migration lease on "w" was lost during the run (another process took it over after it expired)`);
  await taker.release();
  await lock.release();
}, 20_000);
