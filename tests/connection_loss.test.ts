/**
 * The binary's PostgreSQL session is killed from another session (pg_terminate_backend) while a migration
 * runs: while a statement runs, while the session sits idle in the transaction, and during the COMMIT.
 * Every time the binary must exit within a few seconds with one line naming the revision and the lost
 * connection, leave the database as it was before the run, and a second run must complete.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDatabaseUrl } from "../src/config/url.ts";
import type { Connection } from "../src/dialects/connection.ts";
import { loadDialect } from "../src/dialects/registry.ts";
import { binary, ensureBinary } from "./binary.ts";
import { DATABASES, type TestDatabase } from "./backend/databases.ts";
import { removeDir, tempDir } from "./project.ts";

/** How long the binary may take to exit once its session is killed. */
const EXIT_BOUND_MS = 5000;

const REVISION = `import type { Operations } from "migrator";
export const revision = "a1";
export const downRevision = null;
export async function upgrade(op: Operations) {
  const x = op.context.x;
  await op.createTable("t1", [{ name: "id", type: "integer", primaryKey: true }]);
  if (x["idle"]) {
    await op.execute("SELECT 1");
    await new Promise((r) => setTimeout(r, Number(x["idle"])));
  }
  for (let i = 0; i < Number(x["loops"] ?? 0); i++) await op.execute(x["stmt"] ?? "SELECT 1");
  if (x["slowCommit"]) {
    await op.execute("CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(" + x["slowCommit"] + "); RETURN NULL; END $$");
    await op.execute("CREATE CONSTRAINT TRIGGER t1_slow AFTER INSERT ON t1 DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()");
    await op.execute("INSERT INTO t1 VALUES (1)");
  }
}
export async function downgrade(op: Operations) {
  await op.dropTable("t1");
}
`;

let db: TestDatabase;
let admin: Connection;
let dir: string;
const app = `migrator_kill_${Math.random().toString(36).slice(2, 10)}`;

beforeAll(async () => {
  ensureBinary();
  db = await DATABASES["postgres"]!();
  const url = parseDatabaseUrl(db.url);
  admin = await (await loadDialect(url.dialect)).connect(url, { timeoutMs: 5000 });
  dir = tempDir("migrator-kill-");
  mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
  writeFileSync(join(dir, "migrations", "versions", "a1_kill.ts"), REVISION);
}, 120_000);

afterAll(async () => {
  await admin?.close();
  await db?.drop();
  removeDir(dir);
});

interface Exit {
  code: number;
  stderr: string;
  /** Milliseconds from the kill to the exit. */
  afterKill: number;
}

/** Run `upgrade head` and kill its session once `when` (a condition on pg_stat_activity) holds, after `delayMs`. */
async function runAndKill(x: string[], when: string, delayMs: number): Promise<Exit> {
  const proc = Bun.spawn([binary, "upgrade", "head", ...x.flatMap((a) => ["-x", a])], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", HOME: dir, DATABASE_URL: `${db.url}?application_name=${app}` },
    stderr: "pipe",
    stdout: "ignore",
  });
  const started = Date.now();
  let killedAt = 0;
  while (killedAt === 0 && Date.now() - started < 10_000) {
    const rows = await admin.query(`SELECT pid FROM pg_stat_activity WHERE application_name = ? AND ${when}`, [app]);
    if (rows.length > 0 && Date.now() - started >= delayMs) {
      await admin.query("SELECT pg_terminate_backend(?)", [rows[0]!["pid"]]);
      killedAt = Date.now();
    } else await Bun.sleep(20);
  }
  if (killedAt === 0) proc.kill(9);
  expect(killedAt).toBeGreaterThan(0);
  const bound = setTimeout(() => proc.kill(9), EXIT_BOUND_MS + 5000);
  const code = await proc.exited;
  clearTimeout(bound);
  return { code, stderr: await new Response(proc.stderr).text(), afterKill: Date.now() - killedAt };
}

async function state(): Promise<{ table: boolean; versions: string[] }> {
  const table = await admin.query("SELECT 1 FROM pg_tables WHERE tablename = 't1'");
  // The version table exists once a revision has committed (it is created with the first one).
  const created = (await admin.query("SELECT 1 FROM pg_tables WHERE tablename = 'migrator_version'")).length > 0;
  const versions = created ? await admin.query<{ version_num: string }>("SELECT version_num FROM migrator_version") : [];
  return { table: table.length > 0, versions: versions.map((v) => v.version_num) };
}

function expectReported(exit: Exit, what: RegExp): void {
  expect(exit.afterKill).toBeLessThan(EXIT_BOUND_MS);
  expect(exit.code).toBe(1);
  const lines = exit.stderr.trim().split("\n").filter((l) => l.startsWith("error:"));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(what);
  expect(lines[0]).toContain("the connection to PostgreSQL at 127.0.0.1:5432 was lost");
  expect(lines[0]).not.toContain("unexpected");
}

async function rerunCompletes(): Promise<void> {
  const proc = Bun.spawnSync([binary, "upgrade", "head"], { cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: dir, DATABASE_URL: db.url } });
  expect(proc.stderr.toString()).toContain("Running upgrade  -> a1");
  expect(proc.exitCode).toBe(0);
  expect(await state()).toEqual({ table: true, versions: ["a1"] });
  const down = Bun.spawnSync([binary, "downgrade", "base"], { cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: dir, DATABASE_URL: db.url } });
  expect(down.exitCode).toBe(0);
}

describe("a PostgreSQL session killed during a run", () => {
  test("while statements run, at several moments: the binary exits each time and the run is rolled back", async () => {
    for (const delay of [0, 150, 300, 450, 600, 800, 1000]) {
      // Statements of 5 ms: a poll every 20 ms finds one running. (A SELECT 1 runs for microseconds between
      // the client's round trips: on a loaded machine 10 s of polls could miss every one.)
      const exit = await runAndKill(["loops=4000", "stmt=SELECT pg_sleep(0.005)"], "state = 'active' AND query = 'SELECT pg_sleep(0.005)'", delay);
      expectReported(exit, /^error: Upgrade of revision "a1" failed in execute\(\): .*The server rolls back the open transaction: the database is at base/);
      expect(await state()).toEqual({ table: false, versions: [] });
    }
    await rerunCompletes();
  }, 60_000);

  test("while idle in the transaction", async () => {
    // Idle after the revision's SELECT 1, in its sleep: the run is idle in its transaction earlier too
    // (between its bookkeeping reads and its first statement), briefly, for longer on a loaded machine.
    const exit = await runAndKill(["idle=1500"], "state = 'idle in transaction' AND query = 'SELECT 1'", 200);
    // The revision's last statement ran before the kill: the next one is the version table's update.
    expectReported(exit, /^error: Upgrade of revision "a1" failed in the version table update: .*The server rolls back the open transaction: the database is at base/);
    expect(await state()).toEqual({ table: false, versions: [] });
    await rerunCompletes();
  }, 30_000);

  test("during the COMMIT: the error says the commit's outcome is unknown", async () => {
    const exit = await runAndKill(["slowCommit=3"], "query = 'COMMIT'", 100);
    expectReported(exit, /^error: The commit of revision "a1" failed: .*whether it took effect is unknown: the database is at "a1" if it did, at base .* if not/);
    expect(await state()).toEqual({ table: false, versions: [] });
    await rerunCompletes();
  }, 30_000);
});

describe("a MariaDB connection killed during a run", () => {
  test("KILL while statements run: the binary exits at once naming the revision and the lost connection", async () => {
    const maria = await DATABASES["mysql"]!();
    const url = parseDatabaseUrl(maria.url);
    const killer = await (await loadDialect(url.dialect)).connect(url, { timeoutMs: 5000 });
    try {
      const proc = Bun.spawn([binary, "upgrade", "head", "-x", "loops=1000000"], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? "", HOME: dir, DATABASE_URL: maria.url },
        stderr: "pipe",
        stdout: "ignore",
      });
      let killedAt = 0;
      for (const started = Date.now(); killedAt === 0 && Date.now() - started < 10_000; ) {
        const rows = await killer.query("SELECT id FROM information_schema.PROCESSLIST WHERE db = DATABASE() AND info = 'SELECT 1' AND id <> CONNECTION_ID()");
        if (rows.length > 0) {
          await killer.execute(`KILL ${Number(rows[0]!["id"])}`);
          killedAt = Date.now();
        } else await Bun.sleep(20);
      }
      expect(killedAt).toBeGreaterThan(0);
      const guard = setTimeout(() => proc.kill(9), EXIT_BOUND_MS + 5000);
      const code = await proc.exited;
      clearTimeout(guard);
      expect(Date.now() - killedAt).toBeLessThan(EXIT_BOUND_MS);
      expect(code).toBe(1);
      const lines = (await new Response(proc.stderr).text()).split("\n").filter((l) => l.startsWith("error:"));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: Upgrade of revision "a1" failed in execute\(\): the connection to MySQL at 127\.0\.0\.1:3306 was lost \(.*\).*the database is at base/);
      expect(lines[0]).not.toContain("unexpected");
    } finally {
      await killer.close();
      await maria.drop();
    }
  }, 30_000);
});
