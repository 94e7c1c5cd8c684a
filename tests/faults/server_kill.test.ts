/**
 * The binary's connection killed from the server side (pg_terminate_backend, KILL) at random points of
 * a 50-revision upgrade, on PostgreSQL and MariaDB, in both transaction modes: the binary exits within
 * a few seconds with one line naming the lost connection, the version table matches the schema (or,
 * on MariaDB, one revision's DDL is there without its version row: counted apart, as in kill9.test.ts),
 * and a re-run completes. A run that does not end is a hang and fails the test.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { removeDir, tempDir } from "../project.ts";
import { classify, ensureBinary, FaultDatabase, faultProject, oneStatementChain, printFigures, randomBetween, runBinary, spawnBinary, waitFor, type Outcome, recoverAndComplete } from "./harness.ts";

const KILLS = 10;
const REVISIONS = oneStatementChain(50);
const ORDER = REVISIONS.map((r) => r.id);
const PAUSE_MS: Readonly<Record<string, number>> = { postgres: 4, mysql: 25 };
/** How long the binary may take to exit once its session is killed. */
const EXIT_BOUND_MS = 5000;
const RUN_BOUND_MS = 30_000;

beforeAll(() => void ensureBinary(), 120_000);

for (const name of ["postgres", "mysql"]) {
  describe(`the connection killed server-side: ${name}`, () => {
    let db: FaultDatabase;
    const dirs: string[] = [];
    beforeAll(async () => {
      db = await FaultDatabase.create(name);
    }, 60_000);
    afterAll(async () => {
      await db?.drop();
      for (const d of dirs) removeDir(d);
    }, 60_000);

    test(`${KILLS} kills at random points, half of them per transaction mode: one line, a consistent state, a re-run completes`, async () => {
      const projects = [false, true].map((perMigration) => {
        const dir = faultProject(tempDir(`migrator-srvkill-${name}-`), REVISIONS, perMigration);
        dirs.push(dir);
        return dir;
      });
      await db.reset();
      const started = Date.now();
      expect((await runBinary(["upgrade", "head", "-x", `pause=${PAUSE_MS[name]}`], projects[0]!, db.url, RUN_BOUND_MS)).code).toBe(0);
      const runMs = Date.now() - started;

      const counts: Record<Outcome | "finished first", number> = { consistent: 0, partial: 0, corrupt: 0, "finished first": 0 };
      const exits: number[] = [];
      let hangs = 0;
      let reruns = 0;
      // Kills that hit a running binary; a run that ended first is not counted, and another one is made.
      let kills = 0;
      for (let attempt = 0; kills < KILLS && attempt < 2 * KILLS; attempt++) {
        const dir = projects[attempt % 2]!;
        await db.reset();
        const run = spawnBinary(["upgrade", "head", "-x", `pause=${PAUSE_MS[name]}`], dir, db.url, RUN_BOUND_MS);
        // Once the binary is connected, at a random moment of its run.
        expect(await waitFor(async () => (await db.sessions()).length > 0, 10_000)).toBe(true);
        // The first kills of each mode land as soon as the session shows (the handshake, the driver's own
        // type query at connect); the others at a random moment of the run.
        await Bun.sleep(attempt < 4 ? 0 : randomBetween(0, Math.round(runMs * 0.8)));
        const killedAt = Date.now();
        const killed = await db.killSessions();
        const exit = await run.exit;
        if (exit.hung) hangs++;
        const hit = killed > 0 && exit.code !== 0;
        if (!hit) {
          counts["finished first"]++;
        } else {
          kills++;
          exits.push(Date.now() - killedAt);
          expect(Date.now() - killedAt).toBeLessThan(EXIT_BOUND_MS);
          expect(exit.errors.length).toBe(1);
          const line = exit.errors[0]!;
          if (/^(error: )?Cannot connect to /.test(line)) {
            // Killed during the handshake: the connection never opened, so the database is "unreachable" (6),
            // the code a supervisor retries on, and nothing was run.
            expect({ code: exit.code, line }).toEqual({ code: 6, line: expect.stringMatching(/^(error: )?Cannot connect to (PostgreSQL|MySQL) at 127\.0\.0\.1:\d+ /) });
          } else {
            // Inside a revision "... failed in execute(): the connection to ... was lost", before one "The connection
            // to ... was lost": an error (1), the run had started.
            expect({ code: exit.code, line }).toEqual({ code: 1, line: expect.stringMatching(/[Tt]he connection to (PostgreSQL|MySQL) at 127\.0\.0\.1:\d+ was lost/) });
          }
          expect(exit.errors[0]).not.toContain("unexpected");
        }
        expect(await db.sessionsEnded(RUN_BOUND_MS)).toBe(true);
        const { outcome, applied } = classify(ORDER, await db.versions(), await db.tables());
        if (hit) counts[outcome]++;
        expect({ attempt, outcome }).toMatchObject({ outcome: expect.stringMatching(/consistent|partial/) });
        if (outcome === "partial") expect(name).toBe("mysql");
        const after = await recoverAndComplete(db, dir, ORDER, { outcome, applied }, RUN_BOUND_MS);
        reruns += after.runs;
        hangs += after.hangs;
      }
      expect(hangs).toBe(0);
      expect(kills).toBe(KILLS);
      printFigures(`connection killed server-side, ${name}`, {
        kills,
        "finished before the kill (not counted)": counts["finished first"],
        consistent: counts.consistent,
        partial: counts.partial,
        corrupt: counts.corrupt,
        reruns,
        hangs,
        "slowest exit after the kill ms": Math.max(0, ...exits),
      });
    }, 150_000);
  });
}
