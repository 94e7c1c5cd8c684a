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
    const watch = new LockWaitWatch(3000, isTimeout, async () => (asked++, holders("pid 7")), (who) => told.push(who), 20, 30);
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
    const watch = new LockWaitWatch(1000, isTimeout, async () => holders("session 9", false), undefined, 10, 1000);
    watch.start();
    await sleep(40);
    expect((watch.stop(timeout) as Error).message).toContain("another session holds, perhaps session 9 +0. ");
  });

  test("a quick statement looks nothing up; other errors pass through unchanged", async () => {
    let asked = 0;
    const watch = new LockWaitWatch(3000, isTimeout, async () => (asked++, holders("x")), undefined, 50, 1000);
    watch.start();
    expect(watch.stop()).toBeUndefined();
    const other = new Error("syntax error");
    watch.start();
    expect(watch.stop(other)).toBe(other);
    await sleep(80);
    expect(asked).toBe(0);
  });

  test("an answer that comes after its statement ended is dropped: the next timeout does not name it", async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const watch = new LockWaitWatch(2000, isTimeout, async () => (await slow, holders("stale")), undefined, 10, 10_000);
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
