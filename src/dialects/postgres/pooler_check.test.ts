import { expect, test } from "bun:test";
import { createServer, type Socket } from "node:net";
import { poolerCheck } from "./pooler_check.ts";

const PG_PORT = Number(process.env["MIGRATOR_TEST_PG_PORT"] ?? 5432);

test("a PostgreSQL server answers the SSLRequest at once: the check says so, and leaves no session", async () => {
  const check = poolerCheck({ host: "127.0.0.1", port: PG_PORT });
  const started = performance.now();
  expect(await check.answers(2000)).toBe(true);
  expect(performance.now() - started).toBeLessThan(1000);
  check.done();
});

test("a listener that accepts and never answers: false once the deadline passes; a closed port: false at once", async () => {
  const held: Socket[] = [];
  const silent = createServer((s) => void held.push(s));
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
  const port = (silent.address() as { port: number }).port;
  try {
    const check = poolerCheck({ host: "127.0.0.1", port });
    const started = performance.now();
    expect(await check.answers(300)).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    check.done();
  } finally {
    for (const s of held) s.destroy();
    silent.close();
  }
  const closed = poolerCheck({ host: "127.0.0.1", port });
  expect(await closed.answers(2000)).toBe(false);
  closed.done();
});
