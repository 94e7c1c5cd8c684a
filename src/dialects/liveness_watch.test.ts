import { describe, expect, test } from "bun:test";
import { keepaliveDelayS, LivenessWatch, selectOneCheck, silenceReason, type ServerCheck } from "./liveness_watch.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A check answering `answer`, counting its calls and its done()s. */
function counted(answer: () => Promise<boolean>): ServerCheck & { calls: number; dones: number } {
  const c = { calls: 0, dones: 0, answers: async () => (c.calls++, answer()), done: () => void c.dones++ };
  return c;
}

describe("LivenessWatch", () => {
  test("a statement running long on a server that answers is never declared lost", async () => {
    const check = counted(async () => true);
    let lost = 0;
    const watch = new LivenessWatch({ timeoutMs: 60, everyMs: 10, check, onLost: () => lost++ });
    watch.start();
    await sleep(200);
    watch.stop();
    expect(lost).toBe(0);
    expect(check.calls).toBeGreaterThanOrEqual(5);
    expect(check.dones).toBe(1);
  });

  test("checks that do not answer (false, a failure, or never) declare the session lost once, after the timeout", async () => {
    for (const answer of [async () => false, async () => Promise.reject(new Error("ECONNREFUSED")), () => new Promise<boolean>(() => {})]) {
      const check = counted(answer);
      const lostAt: number[] = [];
      const watch = new LivenessWatch({ timeoutMs: 60, everyMs: 10, check, onLost: () => lostAt.push(Date.now()) });
      const started = Date.now();
      watch.start();
      await sleep(150);
      watch.stop();
      expect(lostAt).toHaveLength(1);
      expect(lostAt[0]! - started).toBeGreaterThanOrEqual(60);
      expect(lostAt[0]! - started).toBeLessThan(110);
    }
  });

  test("a check slower than a tick still counts: it may take the whole timeout (5 s at most)", async () => {
    const check = counted(() => sleep(40).then(() => true));
    let lost = 0;
    const watch = new LivenessWatch({ timeoutMs: 80, everyMs: 10, check, onLost: () => lost++ });
    watch.start();
    await sleep(300);
    watch.stop();
    expect(lost).toBe(0);
    expect(check.calls).toBeGreaterThanOrEqual(3);
  });

  test("a check in flight at the deadline decides: a slow answer within its own bound is not cut", async () => {
    // The first check starts at 20 ms and answers at about 90 ms, after the 80 ms deadline.
    const check = counted(() => sleep(70).then(() => true));
    let lost = 0;
    const watch = new LivenessWatch({ timeoutMs: 80, everyMs: 20, check, onLost: () => lost++ });
    watch.start();
    await sleep(130);
    watch.stop();
    expect(lost).toBe(0);
  });

  test("a session the check could not open is not kept: a refusal the server sent counts once, then the next check connects again", async () => {
    let opens = 0;
    const check = selectOneCheck(
      async () => {
        opens++;
        if (opens === 1) throw Object.assign(new Error("sorry, too many clients already"), { severity: "FATAL" });
        return new Promise<{ query(sql: string): Promise<unknown> }>(() => {});
      },
      () => {},
      (error) => (error as { severity?: string }).severity === "FATAL",
    );
    const lostAt: number[] = [];
    const watch = new LivenessWatch({ timeoutMs: 60, everyMs: 10, check, onLost: () => lostAt.push(Date.now()) });
    watch.start();
    await sleep(250);
    watch.stop();
    expect(opens).toBeGreaterThanOrEqual(2);
    expect(lostAt).toHaveLength(1);
  });

  test("an answer counts from when it came: silence after it must last the whole timeout again", async () => {
    let up = true;
    const check = counted(async () => up);
    const lostAt: number[] = [];
    const watch = new LivenessWatch({ timeoutMs: 60, everyMs: 10, check, onLost: () => lostAt.push(Date.now()) });
    watch.start();
    await sleep(100);
    up = false;
    const cut = Date.now();
    await sleep(120);
    watch.stop();
    expect(lostAt).toHaveLength(1);
    expect(lostAt[0]! - cut).toBeGreaterThanOrEqual(45);
  });

  test("a statement that ends before the first tick makes no check; a timeout of 0 watches nothing", async () => {
    const check = counted(async () => false);
    const watch = new LivenessWatch({ timeoutMs: 60, everyMs: 30, check, onLost: () => {} });
    watch.start();
    await sleep(5);
    watch.stop();
    const off = new LivenessWatch({ timeoutMs: 0, check, onLost: () => expect.unreachable() });
    off.start();
    await sleep(80);
    off.stop();
    expect([check.calls, check.dones, watch.checks]).toEqual([0, 0, 0]);
  });

  test("keepalive probes after the timeout, 60 s at most; the reason names the deadline and what set it", () => {
    expect([keepaliveDelayS(undefined), keepaliveDelayS(0), keepaliveDelayS(3000), keepaliveDelayS(600_000)]).toEqual([60, 60, 3, 60]);
    expect(silenceReason(3000, "--network-timeout")).toStartWith("no answer for 3 s, the deadline set by --network-timeout: ");
  });
});
