/**
 * On MariaDB a revision's history writes travel in one round trip with its statements (the started row
 * right before the first, each count right after the statement it counts): a failure of one of those
 * writes (here a trigger on the history table refuses it) is reported as the record's, not as the
 * statement's, and the statement runs only if the write before it was done.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { parseDatabaseUrl } from "../src/config/url.ts";
import type { Connection } from "../src/dialects/connection.ts";
import { loadDialect } from "../src/dialects/registry.ts";
import { upgrade } from "../src/commands/migrate.ts";
import { MigrationFailedError } from "../src/errors.ts";
import { DATABASES, type TestDatabase } from "./backend/databases.ts";
import { chain, removeDir, tempDir, testConfig, writeProject } from "./project.ts";

let db: TestDatabase;
let conn: Connection;
const dirs: string[] = [];
beforeAll(async () => {
  db = await DATABASES["mysql"]!();
  const url = parseDatabaseUrl(db.url);
  conn = await (await loadDialect(url.dialect)).connect(url, { timeoutMs: 5000 });
}, 60_000);
afterAll(async () => {
  await conn.close();
  await db.drop();
  dirs.forEach(removeDir);
});

const tables = async () => (await conn.query<Record<string, string>>("SHOW TABLES")).map((r) => Object.values(r)[0]).sort();

/**
 * A project of `revisions`, upgraded to `first`; then `trigger` (named `name`) in place while `upgrade head`
 * runs, dropped after. Returns the run's message (it must fail with MigrationFailedError).
 */
async function refusedUpgrade(prefix: string, revisions: Parameters<typeof writeProject>[1], first: string, name: string, trigger: string): Promise<string> {
  const dir = tempDir(prefix);
  dirs.push(dir);
  writeProject(dir, revisions);
  await conn.execute("DROP TABLE IF EXISTS migrator_version, migrator_history");
  await upgrade({ config: testConfig(dir, db.url), revision: first });
  await conn.execute(trigger);
  try {
    const error = await upgrade({ config: testConfig(dir, db.url), revision: "head" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFailedError);
    return (error as Error).message;
  } finally {
    await conn.execute(`DROP TRIGGER ${name}`);
  }
}

test("a count refused after its statement: the statement ran, the failure names the record", async () => {
  const message = await refusedUpgrade("migrator-bk-after-", [...chain(1, "k"), { id: "k2", down: "k1", up: `await op.createTable("k2_a", [{ name: "id", type: "integer" }]);\n  await op.createTable("k2_b", [{ name: "id", type: "integer" }]);` }], "k1", "refuse_count", "CREATE TRIGGER refuse_count BEFORE UPDATE ON migrator_history FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'count refused'");
  expect(message).toContain("Cannot record the revision's progress after its statement, which ran");
  expect(message).toContain("count refused");
  expect(message).not.toContain("failed in createTable");
  expect(message).toContain("1 statement(s) of this revision had already been committed and stay applied");
  // The first CREATE TABLE ran, the second was never sent.
  expect(await tables()).toContain("k2_a");
  expect(await tables()).not.toContain("k2_b");
});

test("a started row refused before the first statement: the statement is not sent, the failure names the record", async () => {
  const message = await refusedUpgrade("migrator-bk-before-", [...chain(1, "m"), { id: "m2", down: "m1", up: `await op.createTable("m2_a", [{ name: "id", type: "integer" }]);` }], "m1", "refuse_start", "CREATE TRIGGER refuse_start BEFORE INSERT ON migrator_history FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'start refused'");
  expect(message).toContain("Cannot record the revision's progress before its next statement, which was not sent");
  expect(message).toContain("start refused");
  expect(await tables()).not.toContain("m2_a");
});

test("a version-table update refused in the commit's round trip: the version stage's failure, rolled back, recorded as failed", async () => {
  const message = await refusedUpgrade("migrator-bk-version-", [...chain(1, "v"), { id: "v2", down: "v1", up: `await op.createTable("v2_a", [{ name: "id", type: "integer" }]);` }], "v1", "refuse_version", "CREATE TRIGGER refuse_version BEFORE UPDATE ON migrator_version FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'version refused'");
  expect(message).toContain('Upgrade of revision "v2" failed in the version table update');
  expect(message).toContain("version refused");
  expect(message).toContain('The transaction was rolled back: the database is at "v1"');
  expect((await conn.query<{ version_num: string }>("SELECT version_num FROM migrator_version")).map((r) => r.version_num)).toEqual(["v1"]);
  const rows = await conn.query<{ revision: string; state: string; statements: unknown }>("SELECT revision, state, statements FROM migrator_history ORDER BY id");
  expect(rows.map((r) => [r.revision, r.state, Number(r.statements)])).toEqual([["v1", "completed", 1], ["v2", "failed", 1]]);
  // The session is usable after it: no transaction left open.
  expect(conn.inTransaction).toBe(false);
});

test("a version-table update refused with another revision after it: that revision's failure, though found as the next one starts; the next one sends nothing", async () => {
  const message = await refusedUpgrade("migrator-bk-version-mid-", [
    ...chain(1, "w"),
    { id: "w2", down: "w1", up: `await op.createTable("w2_a", [{ name: "id", type: "integer" }]);` },
    { id: "w3", down: "w2", up: `await op.createTable("w3_a", [{ name: "id", type: "integer" }]);` },
  ], "w1", "refuse_w2", "CREATE TRIGGER refuse_w2 BEFORE UPDATE ON migrator_version FOR EACH ROW BEGIN IF NEW.version_num = 'w2' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'w2 refused'; END IF; END",);
  expect(message).toContain('Upgrade of revision "w2" failed in the version table update');
  expect(message).toContain("w2 refused");
  expect(message).toContain('The transaction was rolled back: the database is at "w1"');
  expect(message).not.toContain("w3");
  expect((await conn.query<{ version_num: string }>("SELECT version_num FROM migrator_version")).map((r) => r.version_num)).toEqual(["w1"]);
  const rows = await conn.query<{ revision: string; state: string; statements: unknown }>("SELECT revision, state, statements FROM migrator_history ORDER BY id");
  expect(rows.map((r) => [r.revision, r.state, Number(r.statements)])).toEqual([["w1", "completed", 1], ["w2", "failed", 1]]);
  expect(await tables()).toContain("w2_a");
  expect(await tables()).not.toContain("w3_a");
});
