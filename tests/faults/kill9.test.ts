/**
 * kill -9 of the binary at random points of a 50-revision upgrade (one CREATE TABLE per revision), ten
 * times per dialect and per transaction mode. After each kill the version table must match the schema,
 * and a re-run must complete with every revision applied once.
 *
 * MySQL commits each DDL statement at once: a kill between a revision's CREATE TABLE and its
 * version-table update leaves that table without its version row ("partial"). The re-run then stops at
 * once, naming the interrupted revision (recorded as started in the history table); it is counted apart, the table is dropped
 * and `migrator repair` run before the run is completed. Every other outcome fails the test.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { removeDir, tempDir } from "../project.ts";
import { classify, ensureBinary, FaultDatabase, faultProject, oneStatementChain, printFigures, randomBetween, runBinary, spawnBinary, waitFor, type Outcome, recoverAndComplete } from "./harness.ts";

const KILLS = 10;
const REVISIONS = oneStatementChain(50);
const ORDER = REVISIONS.map((r) => r.id);
/**
 * Milliseconds each revision waits before its statement (-x pause), to spread the kills over the run.
 * On MySQL, a CREATE TABLE takes ~20 ms and the server finishes it after the client is killed: the
 * longer pause makes most kills fall between statements there.
 */
const PAUSE_MS: Readonly<Record<string, number>> = { sqlite: 4, postgres: 4, mysql: 25 };
/** No run of this test may take longer; one that does is a hang. */
const RUN_BOUND_MS = 30_000;

beforeAll(() => void ensureBinary(), 120_000);

for (const name of ["sqlite", "postgres", "mysql"]) {
  describe(`kill -9 during upgrade head: ${name}`, () => {
    let db: FaultDatabase;
    const dirs: string[] = [];
    beforeAll(async () => {
      db = await FaultDatabase.create(name);
    }, 60_000);
    afterAll(async () => {
      await db?.drop();
      for (const d of dirs) removeDir(d);
    }, 60_000);

    for (const perMigration of [false, true]) {
      const mode = perMigration ? "transaction_per_migration" : "one transaction";
      test(`${KILLS} kills at random points (${mode}): the version table matches the schema, a re-run completes`, async () => {
        const dir = faultProject(tempDir(`migrator-kill9-${name}-`), REVISIONS, perMigration);
        dirs.push(dir);
        // How long a whole run takes here, so that the kills fall inside it.
        await db.reset();
        const started = Date.now();
        const full = await runBinary(["upgrade", "head", "-x", `pause=${PAUSE_MS[name]}`], dir, db.url, RUN_BOUND_MS);
        const runMs = Date.now() - started;
        expect(full.code).toBe(0);

        const counts: Record<Outcome, number> = { consistent: 0, partial: 0, corrupt: 0 };
        const landed: number[] = [];
        let hangs = 0;
        let reruns = 0;
        // Kills that hit a running binary; one that lands after the run's end is not counted, and retried.
        let kills = 0;
        let late = 0;
        for (let attempt = 0; kills < KILLS && attempt < 2 * KILLS; attempt++) {
          await db.reset();
          const run = spawnBinary(["upgrade", "head", "-x", `pause=${PAUSE_MS[name]}`], dir, db.url, RUN_BOUND_MS);
          await Bun.sleep(randomBetween(Math.round(runMs * 0.1), Math.round(runMs * 0.9)));
          run.proc.kill(9);
          const killed = await run.exit;
          if (killed.hung) hangs++;
          const hit = killed.code !== 0;
          if (hit) kills++;
          else late++;
          // The server finishes the statement it was running before it notices the client is gone.
          if (!(await db.sessionsEnded(RUN_BOUND_MS))) hangs++;

          const tables = await db.tables();
          const versions = await db.versions();
          const { outcome, applied } = classify(ORDER, versions, tables);
          if (hit) {
            counts[outcome]++;
            landed.push(applied);
          }
          expect({ attempt, outcome, versions, tables: tables.length }).toMatchObject({ outcome: expect.stringMatching(/consistent|partial/) });
          // A partial state only where DDL is not transactional, and only the revision after the last recorded one.
          if (outcome === "partial") expect(name).toBe("mysql");
          const after = await recoverAndComplete(db, dir, ORDER, { outcome, applied }, RUN_BOUND_MS);
          reruns += after.runs;
          hangs += after.hangs;
        }
        expect(hangs).toBe(0);
        expect(kills).toBe(KILLS);
        printFigures(`kill -9, ${name}, ${mode}`, {
          kills,
          "finished before the kill (not counted)": late,
          consistent: counts.consistent,
          partial: counts.partial,
          corrupt: counts.corrupt,
          reruns,
          hangs,
          "run ms": runMs,
          "revisions applied at the kills": landed.join(","),
        });
      }, 120_000);
    }

    test("a revision of two statements killed between them", async () => {
      // r01 creates a table; r02 creates a table then an index; the kill falls in the pause between them.
      const revs = [
        { id: "a1", down: null, up: `await op.createTable("t_a1", [{ name: "id", type: "integer" }]);`, down_: `await op.dropTable("t_a1");` },
        {
          id: "a2",
          down: "a1",
          up: `await op.createTable("t_a2", [{ name: "id", type: "integer" }]);\n  if (op.context.x["pause"]) await new Promise((r) => setTimeout(r, 10_000));\n  await op.createIndex("ix_a2", "t_a2", ["id"]);`,
          down_: `await op.dropTable("t_a2");`,
        },
      ];
      const figures: Record<string, string> = {};
      for (const perMigration of [false, true]) {
        const dir = faultProject(tempDir(`migrator-kill9-two-${name}-`), revs, perMigration);
        dirs.push(dir);
        await db.reset();
        const run = spawnBinary(["upgrade", "head", "-x", "pause=1"], dir, db.url, RUN_BOUND_MS);
        // In the pause: r02's first statement has run (its table shows once committed, or the log says so).
        expect(await waitFor(() => run.seen("Running upgrade a1 -> a2") > 0, 15_000)).toBe(true);
        await Bun.sleep(300);
        run.proc.kill(9);
        expect((await run.exit).hung).toBe(false);
        expect(await db.sessionsEnded(RUN_BOUND_MS)).toBe(true);
        const tables = await db.tables();
        const versions = await db.versions();
        const mode = perMigration ? "per-migration" : "one-transaction";
        if (!tables.includes("t_a2")) {
          // Transactional DDL: r02's CREATE TABLE rolled back (and r01 too in one transaction).
          expect(name).not.toBe("mysql");
          expect({ tables, versions }).toEqual(perMigration ? { tables: ["t_a1"], versions: ["a1"] } : { tables: [], versions: [] });
          figures[mode] = "rolled back";
        } else {
          // MySQL: r01 and r02's CREATE TABLE committed, the version table says a1.
          expect({ name, tables, versions }).toEqual({ name: "mysql", tables: ["t_a1", "t_a2"], versions: ["a1"] });
          const again = await runBinary(["upgrade", "head"], dir, db.url, RUN_BOUND_MS);
          expect(again.code).toBe(1);
          expect(again.errors).toHaveLength(1);
          expect(again.errors[0]).toContain(`The upgrade of revision "a2"`);
          expect(again.errors[0]).toContain("1 of its statements had completed");
          await db.execute("DROP TABLE t_a2");
          const repaired = await runBinary(["repair"], dir, db.url, RUN_BOUND_MS);
          expect({ code: repaired.code, errors: repaired.errors }).toEqual({ code: 0, errors: [] });
          figures[mode] = "partial (t_a2 without its version row), reported as interrupted after 1 statement; repaired";
        }
        const rerun = await runBinary(["upgrade", "head"], dir, db.url, RUN_BOUND_MS);
        expect({ code: rerun.code, errors: rerun.errors }).toEqual({ code: 0, errors: [] });
        expect(await db.versions()).toEqual(["a2"]);
      }
      printFigures(`kill -9 inside a two-statement revision, ${name}`, figures);
    }, 60_000);
  });
}
