import { describe, expect, test } from "bun:test";
import { TableLockTimeoutError } from "../errors.ts";
import { LockWaitWatch, type Holders } from "./lock_wait_watch.ts";

const timeout = Object.assign(new Error("canceling statement due to lock timeout"), { code: "T" });
const isTimeout = (e: unknown) => (e as { code?: unknown }).code === "T";
const holders = (text: string, certain = true): Holders => ({ describe: (s) => `${text} +${s}`, end: `END ${text}`, certain });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("LockWaitWatch", () => {
  test("a statement still running after the delay has its holders looked up; its lock timeout names them", async () => {
    let asked = 0;
    const told: string[] = [];
    const watch = new LockWaitWatch({ timeoutMs: 3000, isTimeout, lookup: async () => (asked++, holders("pid 7")), onFound: (who) => told.push(who), delayMs: 20, everyMs: 30 });
    watch.start();
    await sleep(75);
    const error = watch.stop(timeout);
    // Looked up again while it waits; told once.
    expect(asked).toBeGreaterThanOrEqual(2);
    expect(told).toEqual([": pid 7 +0"]);
    expect(error).toBeInstanceOf(TableLockTimeoutError);
    expect((error as Error).message).toStartWith("the statement waited 3 s (table_lock_timeout) for a lock that another session holds: pid 7 +0. ");
    expect((error as Error).message).toContain("(or end it: END pid 7)");
    expect((error as Error).cause).toBe(timeout);
  });

  test("sessions that may hold it are named as such", async () => {
    const watch = new LockWaitWatch({ timeoutMs: 1000, isTimeout, lookup: async () => holders("session 9", false), delayMs: 10 });
    watch.start();
    await sleep(40);
    expect((watch.stop(timeout) as Error).message).toContain("another session holds, perhaps session 9 +0. ");
  });

  test("a quick statement looks nothing up; other errors pass through unchanged", async () => {
    let asked = 0;
    const watch = new LockWaitWatch({ timeoutMs: 3000, isTimeout, lookup: async () => (asked++, holders("x")), delayMs: 50 });
    watch.start();
    expect(watch.stop()).toBeUndefined();
    const other = new Error("syntax error");
    watch.start();
    expect(watch.stop(other)).toBe(other);
    await sleep(80);
    expect(asked).toBe(0);
  });

  test("no deadline of ours (0): a timeout from elsewhere names that limit", async () => {
    const watch = new LockWaitWatch({ timeoutMs: 0, isTimeout, lookup: async () => holders("pid 3"), otherLimit: "the lock_timeout of the database URL", delayMs: 10 });
    watch.start();
    await sleep(40);
    expect((watch.stop(timeout) as Error).message).toStartWith("the statement waited longer than the lock_timeout of the database URL for a lock that another session holds: pid 3 +0. ");
  });

  test("an answer that comes after its statement ended is dropped: the next timeout does not name it", async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const watch = new LockWaitWatch({ timeoutMs: 2000, isTimeout, lookup: async () => (await slow, holders("stale")), delayMs: 10, everyMs: 10_000 });
    watch.start();
    await sleep(30);
    watch.stop();
    release();
    await sleep(10);
    watch.start();
    const error = watch.stop(timeout) as Error;
    expect(error.message).toStartWith("the statement waited 2 s (table_lock_timeout) for a lock that another session holds. Run again");
    expect(error.message).not.toContain("stale");
  });
});
