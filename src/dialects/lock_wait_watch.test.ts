import { describe, expect, test } from "bun:test";
import { TableLockTimeoutError } from "../errors.ts";
import { LockWaitWatch, type HolderLookup, type Holders } from "./lock_wait_watch.ts";

const timeout = Object.assign(new Error("canceling statement due to lock timeout"), { code: "T" });
const isTimeout = (e: unknown) => (e as { code?: unknown }).code === "T";
const holders = (text: string, certain = true): Holders => ({ describe: (s) => `${text} +${s}`, end: `END ${text}`, certain });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A lookup answering `answer`, counting its calls and its done()s. */
function counted(answer: () => Promise<Holders | undefined>): HolderLookup & { finds: number; dones: number } {
  const l = { finds: 0, dones: 0, find: async () => (l.finds++, answer()), done: () => void l.dones++ };
  return l;
}

describe("LockWaitWatch", () => {
  test("a statement still running after the delay has its holders looked up and told once; the deadline's error names them", async () => {
    const lookup = counted(async () => holders("pid 7"));
    const told: string[] = [];
    const watch = new LockWaitWatch({ timeoutMs: 60, isTimeout, lookup, onFound: (who) => told.push(who), delayMs: 10, everyMs: 20 });
    watch.start();
    await sleep(80);
    const error = watch.stop(timeout);
    expect(lookup.finds).toBeGreaterThanOrEqual(2);
    expect(lookup.dones).toBe(1);
    expect(told).toEqual([": pid 7 +0"]);
    expect(error).toBeInstanceOf(TableLockTimeoutError);
    expect((error as Error).message).toStartWith("the statement waited 0.06 s (table_lock_timeout) for a lock that another session holds: pid 7 +0. ");
    expect((error as Error).message).toEndWith("(or end it: END pid 7), or raise table_lock_timeout (--table-lock-timeout; 0 waits as long as it takes)");
    expect((error as Error).cause).toBe(timeout);
  });

  test("sessions that may hold it are named as such", async () => {
    const watch = new LockWaitWatch({ timeoutMs: 30, isTimeout, lookup: counted(async () => holders("session 9", false)), delayMs: 5 });
    watch.start();
    await sleep(40);
    expect((watch.stop(timeout) as Error).message).toContain("another session holds, perhaps session 9 +0. ");
  });

  test("giving up sooner than table_lock_timeout (NOWAIT, a lower lock timeout elsewhere) is not called ours", () => {
    const watch = new LockWaitWatch({ timeoutMs: 60_000, isTimeout, lookup: counted(async () => undefined) });
    watch.start();
    const message = (watch.stop(timeout) as Error).message;
    expect(message).toStartWith("the statement gave up after 0.0 s on a lock that another session holds (canceling statement due to lock timeout: NOWAIT, or a lock timeout of the server, the role or the database URL lower than table_lock_timeout). ");
    expect(message).toEndWith(", or raise that lock timeout");
  });

  test("a quick statement looks nothing up and closes nothing; other errors pass through unchanged", async () => {
    const lookup = counted(async () => holders("x"));
    const watch = new LockWaitWatch({ timeoutMs: 3000, isTimeout, lookup, delayMs: 50 });
    watch.start();
    expect(watch.stop()).toBeUndefined();
    const other = new Error("syntax error");
    watch.start();
    expect(watch.stop(other)).toBe(other);
    expect(watch.stop(other)).toBe(other);
    await sleep(80);
    expect({ finds: lookup.finds, dones: lookup.dones }).toEqual({ finds: 0, dones: 0 });
  });

  test("one lookup at a time, each given up after lookupMs; an answer after its statement ended is dropped", async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const lookup = counted(async () => (await slow, holders("stale")));
    const told: string[] = [];
    const watch = new LockWaitWatch({ timeoutMs: 2000, isTimeout, lookup, onFound: (w) => told.push(w), delayMs: 5, everyMs: 10, lookupMs: 60 });
    watch.start();
    await sleep(45);
    // Ticks at 5, 15, 25, 35 ms: the first lookup is still out, so no other started.
    expect(lookup.finds).toBe(1);
    await sleep(50);
    // Given up at 65 ms: the next tick started another.
    expect(lookup.finds).toBe(2);
    watch.stop();
    release();
    await sleep(10);
    expect(told).toEqual([]);
    watch.start();
    expect((watch.stop(timeout) as Error).message).not.toContain("stale");
  });
});
