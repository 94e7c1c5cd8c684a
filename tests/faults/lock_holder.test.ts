/**
 * The lock holder killed (kill -9) while another binary waits for the lock: the waiter must start its
 * run within 2 s of the holder's session ending (PostgreSQL and MariaDB release a session's lock when
 * it ends; the OS releases SQLite's file lock with the process).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { removeDir, tempDir } from "../project.ts";
import { ensureBinary, FaultDatabase, faultProject, printFigures, spawnBinary, waitFor } from "./harness.ts";

const BOUND_MS = 30_000;
const REVISION = {
  id: "h1",
  down: null,
  up: `if (op.context.x["hold"]) await new Promise((r) => setTimeout(r, Number(op.context.x["hold"])));
  await op.createTable("t_h1", [{ name: "id", type: "integer" }]);`,
  down_: `await op.dropTable("t_h1");`,
};

beforeAll(() => void ensureBinary(), 120_000);

for (const name of ["sqlite", "postgres", "mysql"]) {
  describe(`the lock holder killed: ${name}`, () => {
    let db: FaultDatabase;
    let dir: string;
    beforeAll(async () => {
      db = await FaultDatabase.create(name);
      dir = faultProject(tempDir(`migrator-holder-${name}-`), [REVISION], false);
    }, 60_000);
    afterAll(async () => {
      await db?.drop();
      removeDir(dir);
    }, 60_000);

    test("the waiter starts within 2 s of the holder's session ending", async () => {
      const started = "Running upgrade  -> h1";
      const holder = spawnBinary(["upgrade", "head", "-x", "hold=60000"], dir, db.url, BOUND_MS);
      expect(await waitFor(() => holder.seen(started) > 0, 15_000)).toBe(true);
      const holderSessions = await db.sessions();
      if (name !== "sqlite") expect(holderSessions.length).toBeGreaterThan(0);

      const waiter = spawnBinary(["upgrade", "head", "--lock-timeout", "25"], dir, db.url, BOUND_MS);
      await Bun.sleep(700);
      expect(waiter.seen(started)).toBe(0);

      holder.proc.kill(9);
      const killed = Date.now();
      const holderExit = await holder.exit;
      expect(holderExit.hung).toBe(false);
      // The session's end: its server sessions gone (the server notices the closed socket), or the process's exit for SQLite.
      expect(await waitFor(async () => {
        const now = await db.sessions();
        return !holderSessions.some((s) => now.includes(s));
      }, 10_000)).toBe(true);
      const sessionEnded = Date.now();

      expect(await waitFor(() => waiter.seen(started) > 0, 10_000)).toBe(true);
      const gap = waiter.seen(started) - sessionEnded;
      expect(gap).toBeLessThan(2000);
      const waited = await waiter.exit;
      expect({ code: waited.code, errors: waited.errors, hung: waited.hung }).toEqual({ code: 0, errors: [], hung: false });
      expect(await db.versions()).toEqual(["h1"]);
      printFigures(`lock holder killed, ${name}`, {
        "session ended after the kill ms": sessionEnded - killed,
        "waiter started after the session ended ms": Math.max(0, gap),
        hangs: 0,
      });
    }, 60_000);
  });
}
