/**
 * The interruptible target yields to the event loop every 50 ms so that a signal is seen under a
 * synchronous driver; under an asynchronous one the loop turns at every round trip, and the yield (a
 * timer's turn, about 1 ms in Bun) is skipped.
 */
import { afterEach, expect, test } from "bun:test";
import { interruptible } from "./interruptible.ts";
import type { StatementTarget } from "./target.ts";

/** A target whose statements busy-wait `ms`, returning to the event loop after each (`async`) or never. */
function busy(ms: number, async: boolean): StatementTarget {
  const statement = async () => {
    for (const until = Date.now() + ms; Date.now() < until; );
    if (async) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    offline: false,
    statement,
    begin: statement,
    commit: statement,
    rollback: statement,
    query: async () => [],
    comment: () => {},
  };
}

const original = globalThis.setTimeout;
afterEach(() => {
  globalThis.setTimeout = original;
});

/** Run statements for about `ms` through the guard; how many timers it set. */
async function timersSet(target: StatementTarget, ms: number, signal = new AbortController().signal): Promise<number> {
  let timers = 0;
  globalThis.setTimeout = ((fn: () => void, delay?: number) => (timers++, original(fn, delay))) as typeof setTimeout;
  const guarded = interruptible(target, signal);
  try {
    for (const until = Date.now() + ms; Date.now() < until; ) await guarded.target.statement({ sql: "x" });
  } finally {
    await guarded.disarm();
    globalThis.setTimeout = original;
  }
  return timers;
}

test("a synchronous driver: the guard yields to the event loop, so an abort set off by a timer is seen", async () => {
  const controller = new AbortController();
  original(() => controller.abort("SIGTERM"), 20);
  const error = await timersSet(busy(2, false), 2000, controller.signal).catch((e: unknown) => e);
  expect(String(error)).toContain("interrupted by SIGTERM");
});

test("an asynchronous driver: the loop turned on its own, no yield is added", async () => {
  const sync = await timersSet(busy(2, false), 230);
  const async = await timersSet(busy(2, true), 230);
  // One timer per check (the beat), plus a yield per check where the loop had not turned.
  expect(sync).toBeGreaterThanOrEqual(2 * async - 1);
  expect(async).toBeLessThanOrEqual(6);
});
