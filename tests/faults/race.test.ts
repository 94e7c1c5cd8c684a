/**
 * Sixteen binaries racing `upgrade head` on each dialect, on a fresh database and on one half migrated,
 * in both transaction modes (and PostgreSQL's transaction-level lock): every racer exits 0 and every
 * revision is applied once. migrator_lock=xact with transaction_per_migration is refused by each racer.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { openSession, type Session } from "../../src/runtime/session.ts";
import { DATABASES, type TestDatabase } from "../backend/databases.ts";
import { raceUpgrade } from "../backend/race.ts";
import { removeDir, tempDir, testConfig } from "../project.ts";
import { ensureBinary, printFigures } from "./harness.ts";

const RACERS = 16;
const REVISIONS = 10;
const ALL = Array.from({ length: REVISIONS }, (_, i) => `c${i + 1}`).sort();

beforeAll(() => void ensureBinary(), 120_000);

for (const name of ["sqlite", "postgres", "mysql"]) {
  describe(`${RACERS} racing upgrades: ${name}`, () => {
    let db: TestDatabase;
    let session: Session;
    let dir: string;
    beforeAll(async () => {
      db = await DATABASES[name]!();
      dir = tempDir(`migrator-race16-${name}-`);
      session = await openSession(testConfig(dir, db.url));
    }, 60_000);
    afterAll(async () => {
      await session?.conn.close();
      await db?.drop();
      removeDir(dir);
    }, 60_000);

    const modes: { label: string; urlSuffix?: string; transactionPerMigration?: boolean }[] = [
      { label: "one transaction" },
      { label: "transaction_per_migration", transactionPerMigration: true },
      ...(name === "postgres" ? [{ label: "migrator_lock=xact", urlSuffix: "?migrator_lock=xact" }] : []),
    ];
    for (const mode of modes) {
      test(`fresh and half-migrated (${mode.label}): all exit 0, each revision once`, async () => {
        const figures: Record<string, string> = {};
        for (const applied of [0, REVISIONS / 2]) {
          const race = await raceUpgrade(session, db.url, { racers: RACERS, revisions: REVISIONS, applied, boundMs: 45_000, ...mode });
          expect({ codes: race.codes.filter((c) => c !== 0), errors: race.errors, hangs: race.hangs }).toEqual({ codes: [], errors: [], hangs: 0 });
          expect(race.log.sort()).toEqual(ALL);
          figures[applied ? "half-migrated ms" : "fresh ms"] = String(race.ms);
        }
        printFigures(`${RACERS} racers, ${name}, ${mode.label}`, { "exit 0": `${RACERS}/${RACERS}`, ...figures, hangs: 0 });
      }, 120_000);
    }

    if (name === "postgres") test("migrator_lock=xact with transaction_per_migration: every racer refuses it, nothing is applied", async () => {
      const race = await raceUpgrade(session, db.url, { racers: 4, revisions: 2, urlSuffix: "?migrator_lock=xact", transactionPerMigration: true });
      expect(race.codes).toEqual([1, 1, 1, 1]);
      expect(race.errors).toHaveLength(4);
      for (const e of race.errors) expect(e).toContain("migrator_lock=xact holds the lock only until a COMMIT, and transaction_per_migration commits after each revision");
      expect(race.log).toEqual([]);
    }, 60_000);
  });
}
