/**
 * Failures outside a revision's own statements (its version-table update, the COMMIT of the run) are
 * reported as MigratorErrors that name the revision or the commit and the state left, on real databases.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { upgrade } from "../commands/migrate.ts";
import { current } from "../commands/current.ts";
import { CommitFailedError, MigrationFailedError } from "../errors.ts";
import { DATABASES, type TestDatabase } from "../../tests/backend/databases.ts";
import { removeDir, tempDir, testConfig, writeProject, type RevSpec } from "../../tests/project.ts";

/** r2 inserts a row that breaks a deferred foreign key: the COMMIT of the run fails. */
const deferredViolation = (setup: string): RevSpec => ({
  id: "r2",
  down: "r1",
  up: `${setup}
  await op.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
  await op.execute("CREATE TABLE child (pid INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)");
  await op.execute("INSERT INTO child VALUES (42)");`,
});

const servers: Record<string, TestDatabase> = {};
const dirs: string[] = [];
beforeAll(async () => {
  servers["sqlite"] = await DATABASES["sqlite"]!();
  servers["postgres"] = await DATABASES["postgres"]!();
}, 60_000);
afterAll(async () => {
  for (const db of Object.values(servers)) await db.drop();
  dirs.forEach(removeDir);
});

function project(revs: RevSpec[], url: string, over = {}) {
  const dir = tempDir("migrator-runfail-");
  dirs.push(dir);
  writeProject(dir, revs, join(dir, "migrations", "versions"));
  return testConfig(dir, url, over);
}

async function failure(config: ReturnType<typeof testConfig>): Promise<Error> {
  const error = await upgrade({ config, revision: "head" }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe("a failure outside the revision's statements", () => {
  test("SQLite: the version table update fails: the revision is named and the run rolled back", async () => {
    const config = project([{ id: "r1", down: null }, { id: "r2", down: "r1", up: `await op.execute("DROP TABLE migrator_version");` }], servers["sqlite"]!.url);
    const error = await failure(config);
    expect(error).toBeInstanceOf(MigrationFailedError);
    expect(error.message).toMatch(
      /^Upgrade of revision "r2" failed in the version table update: no such table: migrator_version\. The transaction was rolled back \(with "r1" of this run\): the database is at base \(no revision applied\)$/,
    );
    expect((await current({ config })).heads).toEqual([]);
  });

  test("SQLite: the COMMIT fails (deferred foreign key): the commit is named, and what was committed before it", async () => {
    // op.autocommit commits r1 (and its version row) before r2 goes on in a new transaction.
    const config = project(
      [{ id: "r1", down: null }, deferredViolation(`await op.autocommit(() => op.execute("PRAGMA foreign_keys = ON"));`)],
      `${servers["sqlite"]!.url.replace("test.db", "commit.db")}`,
    );
    const error = await failure(config);
    expect(error).toBeInstanceOf(CommitFailedError);
    expect(error.message).toBe('The commit of revision "r2" failed: FOREIGN KEY constraint failed. Nothing of it was committed: the database is at "r1"');
    expect((await current({ config })).heads).toEqual(["r1"]);
  });

  test("PostgreSQL: the COMMIT of the run fails: both revisions are named, nothing applied", async () => {
    const config = project([{ id: "r1", down: null }, deferredViolation("")], servers["postgres"]!.url);
    const error = await failure(config);
    expect(error).toBeInstanceOf(CommitFailedError);
    expect(error.message).toMatch(
      /^The commit of the run \(revisions "r1", "r2"\) failed: insert or update on table "child" violates foreign key constraint .*\. Nothing of it was committed: the database is at base \(no revision applied\)$/,
    );
    expect((await current({ config })).heads).toEqual([]);
  });
});
