/**
 * On MariaDB a revision's version-table update and history row are sent at its end without waiting for the
 * reply, and the next revision's code runs meanwhile (Transaction.endRevision). A kill -9 there, with that
 * reply not read yet, leaves what a kill right after the reply would: the revision completed and recorded,
 * nothing of the next one, and a re-run that carries on.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { removeDir, tempDir } from "../project.ts";
import { ensureBinary, FaultDatabase, faultProject, runBinary, spawnBinary, waitFor } from "./harness.ts";

let db: FaultDatabase;
const dirs: string[] = [];
beforeAll(async () => {
  ensureBinary();
  db = await FaultDatabase.create("mysql");
}, 120_000);
afterAll(async () => {
  await db?.drop();
  for (const d of dirs) removeDir(d);
}, 60_000);

test("killed while the next revision's code runs, the commit's reply unread: the revision is complete, the next untouched, a re-run completes", async () => {
  const dir = tempDir("migrator-kill-pipelined-");
  dirs.push(dir);
  const marker = join(dir, "p2-started");
  faultProject(
    dir,
    [
      { id: "p1", down: null, up: `await op.createTable("t_p1", [{ name: "id", type: "integer" }]);` },
      {
        id: "p2",
        down: "p1",
        // Blocks the event loop: the reply to p1's commit stays unread until the kill.
        up: `if (op.context.x["marker"]) {
    (await import("node:fs")).writeFileSync(op.context.x["marker"], "");
    for (const until = Date.now() + 20_000; Date.now() < until; );
  }
  await op.createTable("t_p2", [{ name: "id", type: "integer" }]);`,
      },
    ],
    false,
  );
  await db.reset();
  const run = spawnBinary(["upgrade", "head", "-x", `marker=${marker}`], dir, db.url, 30_000);
  expect(await waitFor(() => existsSync(marker), 20_000)).toBe(true);
  // Time for the server to run p1's transaction, which was sent before p2's code started.
  await Bun.sleep(300);
  run.proc.kill(9);
  await run.exit;
  expect(await db.versions()).toEqual(["p1"]);
  expect(await db.tables()).toEqual(["t_p1"]);
  const history = await db.query<{ revision: string; state: string; statements: unknown }>("SELECT revision, state, statements FROM migrator_history ORDER BY id");
  expect(history.map((r) => [r.revision, r.state, Number(r.statements)])).toEqual([["p1", "completed", 1]]);
  const again = await runBinary(["upgrade", "head"], dir, db.url, 30_000);
  expect({ code: again.code, errors: again.errors }).toEqual({ code: 0, errors: [] });
  expect(await db.versions()).toEqual(["p2"]);
  expect(await db.tables()).toEqual(["t_p1", "t_p2"]);
}, 90_000);
