import { expect, test } from "bun:test";
import { mysqlDialect } from "./dialect.ts";
import { baseUrl } from "./test_database.ts";
import { idleDeadline } from "./idle_deadline.ts";

test("the server's idle deadline is twice network_timeout, never below 2 s; none without network_timeout", () => {
  expect(idleDeadline(60_000)).toEqual({ seconds: 120, pingMs: 30_000 });
  expect(idleDeadline(500)).toEqual({ seconds: 2, pingMs: 500 });
  expect(idleDeadline(0)).toBeUndefined();
  expect(idleDeadline(undefined)).toBeUndefined();
});

test("a session of ours gets wait_timeout from network_timeout; a reading one and one without network_timeout keep the server's", async () => {
  const seconds = async (options: { readOnly?: boolean; networkTimeoutMs?: number }) => {
    const conn = await mysqlDialect.connect(baseUrl, { timeoutMs: 5000, tableLockTimeoutMs: 60_000, ...options });
    try {
      return Number((await conn.query<{ w: unknown }>("SELECT @@session.wait_timeout AS w"))[0]?.w);
    } finally {
      await conn.close();
    }
  };
  const global = await seconds({});
  expect(global).toBeGreaterThan(10);
  expect(await seconds({ networkTimeoutMs: 1500 })).toBe(3);
  expect(await seconds({ networkTimeoutMs: 1500, readOnly: true })).toBe(global);
  expect(await seconds({ networkTimeoutMs: 0 })).toBe(global);
});

test("an idle session of ours is kept alive past its deadline by pings, and is usable after", async () => {
  // wait_timeout = 2 s: without the pings the server ends the session after 2 s of idleness.
  const conn = await mysqlDialect.connect(baseUrl, { timeoutMs: 5000, tableLockTimeoutMs: 60_000, networkTimeoutMs: 1000 });
  try {
    const [before] = await conn.query<{ id: unknown }>("SELECT CONNECTION_ID() AS id");
    await Bun.sleep(5000);
    const [after] = await conn.query<{ id: unknown }>("SELECT CONNECTION_ID() AS id");
    expect(Number(after?.id)).toBe(Number(before?.id));
  } finally {
    await conn.close();
  }
}, 15_000);
