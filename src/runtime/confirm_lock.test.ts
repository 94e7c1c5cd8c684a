/**
 * A lease lock that may have passed to another process (Lock.confirm throws LockLostError) stops the run
 * before the next revision, or fails the commit of a run in one transaction, with the state left said.
 * The lease itself: src/dialects/lease.ts and its tests; a whole run on a Galera cluster: galera.test.ts.
 */
import { afterAll, expect, test } from "bun:test";
import { current } from "../commands/current.ts";
import { loadGraph } from "../commands/script.ts";
import { CommitFailedError, LockLostError } from "../errors.ts";
import { DATABASES, type TestDatabase } from "../../tests/backend/databases.ts";
import { chain, removeDir, tempDir, testConfig, writeProject } from "../../tests/project.ts";
import { upgradeThrough } from "../../tests/run_through.ts";
import { openSession } from "./session.ts";
import { connectionTarget } from "./target.ts";

const databases: TestDatabase[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const db of databases) await db.drop();
  dirs.forEach(removeDir);
});

/** Run `upgrade head` of 3 revisions with a lock whose confirm() throws `lost` at its `failAt`-th call; the error and the heads after. */
async function runWith(name: string, perMigration: boolean, failAt: number, lost: LockLostError) {
  const dir = tempDir("migrator-confirm-");
  dirs.push(dir);
  writeProject(dir, chain(3, "r"));
  const db = await DATABASES[name]!();
  databases.push(db);
  const config = testConfig(dir, db.url, { transactionPerMigration: perMigration });
  const session = await openSession(config);
  let calls = 0;
  try {
    const error = await upgradeThrough(session, await loadGraph(config), connectionTarget(session.conn), {
      transactionPerMigration: perMigration,
      confirmLock: async () => {
        if (++calls === failAt) throw lost;
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    return { error, calls, heads: (await current({ config })).heads };
  } finally {
    await session.conn.close();
  }
}

test("an unconfirmed lease, before the third revision (PostgreSQL, a commit per revision): the run stops there, the first two stay", async () => {
  const r = await runWith("postgres", true, 3, new LockLostError("The migration lease could not be renewed", false));
  expect(r.error).toBeInstanceOf(LockLostError);
  expect((r.error as Error).message).toBe(
    `The migration lease could not be renewed. The run stopped before the upgrade of revision "r3" ("r1", "r2" of this run had been committed). The database is at "r2"`,
  );
  expect({ calls: r.calls, heads: r.heads }).toEqual({ calls: 3, heads: ["r2"] });
});

test("a lease taken over: the state is what this run left, to check, since the other process may have moved on", async () => {
  const r = await runWith("postgres", true, 2, new LockLostError("The migration lease was lost during the run", true));
  expect((r.error as Error).message).toBe(
    `The migration lease was lost during the run. The run stopped before the upgrade of revision "r2" ("r1" of this run had been committed). This run left the database at "r1"; check it with "migrator current"`,
  );
  expect(r.heads).toEqual(["r1"]);
});

test("a run in one transaction (SQLite) confirms before its commit: a lease lost by then fails the commit, and nothing is committed", async () => {
  // One call before each of the 3 revisions, the fourth before the commit.
  const r = await runWith("sqlite", false, 4, new LockLostError("The migration lease could not be renewed", false));
  expect(r.error).toBeInstanceOf(CommitFailedError);
  expect((r.error as Error).message).toContain("The migration lease could not be renewed");
  expect((r.error as Error).message).toContain("Nothing of it was committed: the database is at base");
  expect({ calls: r.calls, heads: r.heads }).toEqual({ calls: 4, heads: [] });
});
