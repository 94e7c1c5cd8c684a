/**
 * kill -9 between a revision's DDL (committed implicitly on MariaDB) and its version-table update: the
 * next `upgrade head` names the revision left partly applied and how many of its statements completed,
 * exits non-zero, and each way out (repair after a fix by hand, stamp past it, re-run a re-runnable
 * revision) leads to a completed upgrade. Runs the compiled binary.
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

const R1 = `import type { Operations } from "migrator";
export const revision = "r1";
export const downRevision = null;
export async function upgrade(op: Operations) { await op.createTable("t1", [{ name: "id", type: "integer" }]); }
export async function downgrade(op: Operations) { await op.dropTable("t1"); }
`;
/** Two DDL statements with a wait between them (statement 2), where the run is killed. */
const R2 = (rerunnable: boolean) => `import type { Operations } from "migrator";
export const revision = "r2";
export const downRevision = "r1";
${rerunnable ? "export const rerunnable = true;\n" : ""}export async function upgrade(op: Operations) {
  await op.createTable("t2", [{ name: "id", type: "integer" }]);
  await op.execute("SELECT SLEEP(" + (op.context.x["sleep"] ?? "0") + ")");
  await op.createTable("t3", [{ name: "id", type: "integer" }]);
}
export async function downgrade(op: Operations) { await op.dropTable("t3"); await op.dropTable("t2"); }
`;

const cleanup: (() => Promise<void>)[] = [];
beforeAll(() => void ensureBinary(), 120_000);
afterAll(async () => {
  for (const c of cleanup) await c();
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A fresh database and project, and an `upgrade head` killed with SIGKILL while r2 sleeps after its first DDL. */
async function interrupted(): Promise<{ dir: string; url: string; conn: Connection; migrator: (...args: string[]) => Promise<Run> }> {
  const db: TestDatabase = await DATABASES["mysql"]!();
  const dir = tempDir("migrator-kill-");
  const parsed = parseDatabaseUrl(db.url);
  const conn = await (await loadDialect(parsed.dialect)).connect(parsed, { timeoutMs: 5000 });
  cleanup.push(async () => {
    await conn.close();
    await db.drop();
    removeDir(dir);
  });
  mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
  writeFileSync(join(dir, "migrations", "versions", "r1_a.ts"), R1);
  writeFileSync(join(dir, "migrations", "versions", "r2_b.ts"), R2(false));
  const env = { PATH: process.env.PATH ?? "", HOME: dir, DATABASE_URL: db.url };
  const migrator = async (...args: string[]): Promise<Run> => {
    const proc = Bun.spawn([binary, ...args], { cwd: dir, env, stdout: "pipe", stderr: "pipe" });
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    return { code, stdout, stderr };
  };
  const proc = Bun.spawn([binary, "upgrade", "head", "-x", "sleep=3"], { cwd: dir, env, stdout: "ignore", stderr: "ignore" });
  const started = Date.now();
  // Ready when r2's first statement is recorded as completed: its CREATE TABLE committed, the SLEEP running.
  for (;;) {
    const rows = await conn.query<{ statements: unknown }>("SELECT statements FROM migrator_history WHERE revision = 'r2' AND state = 'started'").catch(() => []);
    if (rows.length > 0 && Number(rows[0]!.statements) === 1) break;
    if (Date.now() - started > 15_000) throw new Error("the run never reached r2's second statement");
    await Bun.sleep(20);
  }
  proc.kill(9);
  await proc.exited;
  return { dir, url: db.url, conn, migrator };
}

const tables = async (conn: Connection) =>
  (await conn.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 't%' ORDER BY table_name")).map((r) => r.t);
const versions = async (conn: Connection) => (await conn.query<{ v: string }>("SELECT version_num AS v FROM migrator_version")).map((r) => r.v);

describe("MariaDB, kill -9 inside a revision", () => {
  test("the next upgrade names the revision, the statements completed and the ways out; repair after a fix by hand", async () => {
    const { conn, migrator } = await interrupted();
    expect(await tables(conn)).toEqual(["t1", "t2"]);
    expect(await versions(conn)).toEqual(["r1"]);

    const next = await migrator("upgrade", "head");
    expect(next.code).toBe(1);
    expect(next.stderr).toContain('The upgrade of revision "r2" was interrupted');
    expect(next.stderr).toContain("1 of its statements had completed and stay applied");
    expect(next.stderr).toContain('the version table is still at "r1"');
    expect(next.stderr).toContain('"migrator stamp r2"');
    expect(next.stderr).toContain('"migrator repair"');
    expect(next.stderr).not.toContain("already exists");

    const check = await migrator("check-history");
    expect(check.code).toBe(4);
    expect(check.stdout).toContain("incomplete: r2");
    expect((await migrator("history", "--applied")).stdout).toMatch(/upgrade r2 started \(1 statement\(s\)/);
    const rows = JSON.parse((await migrator("history", "--applied", "--json")).stdout) as { revision: string; direction: string; state: string; statements: number; checksum: string }[];
    expect(rows.map((r) => [r.revision, r.direction, r.state, r.statements])).toEqual([
      ["r2", "upgrade", "started", 1],
      ["r1", "upgrade", "completed", 1],
    ]);
    expect(rows[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);

    // Undo by hand, then tell migrator: the revision runs again from the start.
    await conn.execute("DROP TABLE t2");
    const repaired = await migrator("repair");
    expect(repaired.code).toBe(0);
    expect(repaired.stderr).toContain('Cleared the record of "r2"');
    const done = await migrator("upgrade", "head");
    expect(done.code).toBe(0);
    expect(await tables(conn)).toEqual(["t1", "t2", "t3"]);
    expect(await versions(conn)).toEqual(["r2"]);
    expect((await migrator("check-history")).code).toBe(0);
  }, 60_000);

  test("stamp past it after finishing it by hand clears the record", async () => {
    const { conn, migrator } = await interrupted();
    await conn.execute("CREATE TABLE t3 (id INT)");
    const stamped = await migrator("stamp", "r2");
    expect(stamped.code).toBe(0);
    expect(stamped.stderr).toContain('cleared the record of "r2"');
    const next = await migrator("upgrade", "head");
    expect(next.code).toBe(0);
    expect(next.stderr).toContain('Nothing to do: the database is at "r2"');
    expect((await migrator("check-history")).code).toBe(0);
  }, 60_000);

  test("a re-runnable revision resumes at the first statement that did not complete", async () => {
    const { dir, conn, migrator } = await interrupted();
    writeFileSync(join(dir, "migrations", "versions", "r2_b.ts"), R2(true));
    const resumed = await migrator("upgrade", "head");
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain("Running upgrade r1 -> r2 (resumed at statement 2: those before it completed in an earlier run)");
    expect(await tables(conn)).toEqual(["t1", "t2", "t3"]);
    expect(await versions(conn)).toEqual(["r2"]);
    const history = await conn.query<{ revision: string; state: string; statements: unknown }>("SELECT revision, state, statements FROM migrator_history ORDER BY id");
    expect(history.map((r) => [r.revision, r.state, Number(r.statements)])).toEqual([
      ["r1", "completed", 1],
      ["r2", "cleared", 1],
      ["r2", "completed", 3],
    ]);
    expect((await migrator("check-history")).code).toBe(0);
  }, 60_000);
});
