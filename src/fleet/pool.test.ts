import { expect, test } from "bun:test";
import { runBounded } from "./pool.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Work that records how many items run at once. */
function probe() {
  let running = 0;
  let peak = 0;
  const work = async (fail: boolean) => {
    running++;
    peak = Math.max(peak, running);
    // A failure comes at once, before the items started beside it end.
    await sleep(fail ? 1 : 15);
    running--;
    if (fail) throw new Error("boom");
    return "done";
  };
  return { work, peak: () => peak };
}

test("runs at most `concurrency` items at once, all of them, in order", async () => {
  const p = probe();
  const outcomes = await runBounded(Array(10).fill(false), p.work, { concurrency: 3, continueOnError: false });
  expect(p.peak()).toBe(3);
  expect(outcomes.map((o) => o.status)).toEqual(Array(10).fill("ok"));
});

test("the first failure stops starting new items; the running ones finish; the rest are skipped", async () => {
  const p = probe();
  const items = [false, true, false, false, false, false];
  const outcomes = await runBounded(items, p.work, { concurrency: 2, continueOnError: false });
  // Items 0 and 1 start together; 1 fails, 0 finishes: nothing else starts.
  expect(outcomes.map((o) => o.status)).toEqual(["ok", "failed", "skipped", "skipped", "skipped", "skipped"]);
});

test("continueOnError runs every item", async () => {
  const p = probe();
  const outcomes = await runBounded([true, false, true, false], p.work, { concurrency: 1, continueOnError: true });
  expect(outcomes.map((o) => o.status)).toEqual(["failed", "ok", "failed", "ok"]);
});

test("an aborted signal starts nothing more", async () => {
  const stop = new AbortController();
  const outcomes = await runBounded([1, 2, 3], async (n) => {
    if (n === 1) stop.abort();
    return n;
  }, { concurrency: 1, continueOnError: true, signal: stop.signal });
  expect(outcomes.map((o) => o.status)).toEqual(["ok", "skipped", "skipped"]);
});
