/**
 * On MariaDB each DDL statement commits at once, so a killed run leaves a revision part-applied, and its
 * history row says how many of its statements completed: the next run reports that number and a rerunnable
 * revision resumes after it. The count must then be exact. MariaDB finishes a statement whose client has
 * died, so the count goes in the statement's own round trip, right after it: the server runs it too. (A
 * count held for the next statement's round trip left the row one short in 32 of 40 kills, 2026-12-02.)
 *
 * kill -9 at random points of a chain of revisions of two statements (CREATE TABLE, CREATE INDEX); after
 * each kill, the started row's count must match what the catalog shows: 0, 1 (the table) or 2 (the index
 * too).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { removeDir, tempDir } from "../project.ts";
import { ensureBinary, FaultDatabase, faultProject, printFigures, randomBetween, runBinary, spawnBinary } from "./harness.ts";

const KILLS = 12;
const REVISIONS = 120;
const RUN_BOUND_MS = 60_000;

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

const id = (i: number) => `c${String(i).padStart(3, "0")}`;

test(`${KILLS} kills in revisions of two DDL statements: the interrupted revision's count is what ran`, async () => {
  const dir = tempDir("migrator-kill-count-");
  dirs.push(dir);
  faultProject(
    dir,
    Array.from({ length: REVISIONS }, (_, i) => ({
      id: id(i + 1),
      down: i === 0 ? null : id(i),
      up: `await op.createTable("t_${id(i + 1)}", [{ name: "id", type: "integer" }]);\n  await op.createIndex("ix_${id(i + 1)}", "t_${id(i + 1)}", ["id"]);`,
    })),
    false,
  );
  await db.reset();
  const started = Date.now();
  const full = await runBinary(["upgrade", "head"], dir, db.url, RUN_BOUND_MS);
  const runMs = Date.now() - started;
  expect({ code: full.code, errors: full.errors }).toEqual({ code: 0, errors: [] });

  const seen: Record<number, number> = { 0: 0, 1: 0, 2: 0 };
  const wrong: string[] = [];
  let kills = 0;
  for (let attempt = 0; kills < KILLS && attempt < 3 * KILLS; attempt++) {
    await db.reset();
    const run = spawnBinary(["upgrade", "head"], dir, db.url, RUN_BOUND_MS);
    await Bun.sleep(randomBetween(Math.round(runMs * 0.2), Math.round(runMs * 0.8)));
    run.proc.kill(9);
    const killed = await run.exit;
    expect(killed.hung).toBe(false);
    // The server finishes the statement under way (and what came in its packet) before it sees the client gone.
    expect(await db.sessionsEnded(RUN_BOUND_MS)).toBe(true);
    if (killed.code === 0) continue;
    const open = await db.query<{ revision: string; statements: unknown }>("SELECT revision, statements FROM migrator_history WHERE state <> 'completed'");
    // A kill between revisions leaves no started row: nothing to count.
    if (open.length === 0) continue;
    kills++;
    expect(open).toHaveLength(1);
    const revision = open[0]!.revision;
    const recorded = Number(open[0]!.statements);
    const table = (await db.tables()).includes(`t_${revision}`);
    const index = (await db.query("SELECT 1 FROM information_schema.statistics WHERE table_schema = DATABASE() AND index_name = ?", [`ix_${revision}`])).length > 0;
    const ran = index ? 2 : table ? 1 : 0;
    seen[ran] = (seen[ran] ?? 0) + 1;
    if (recorded !== ran) wrong.push(`${revision}: recorded ${recorded}, ran ${ran}`);
  }
  printFigures("kill -9 in two-statement revisions, mysql, the started row's count", {
    kills,
    "0 ran": seen[0]!,
    "1 ran": seen[1]!,
    "2 ran": seen[2]!,
    wrong: wrong.length,
    "run ms": runMs,
  });
  expect(wrong).toEqual([]);
  expect(kills).toBe(KILLS);
}, 300_000);
