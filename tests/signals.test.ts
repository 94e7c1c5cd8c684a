/**
 * SIGINT / SIGTERM while `upgrade` runs: the binary stops within moments (a statement in flight is
 * cancelled), prints one line saying where it was stopped and the state left, and exits 130 / 143.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDatabaseUrl } from "../src/config/url.ts";
import type { Connection } from "../src/dialects/connection.ts";
import { loadDialect } from "../src/dialects/registry.ts";
import { binary, ensureBinary } from "./binary.ts";
import { DATABASES, type TestDatabase } from "./backend/databases.ts";
import { removeDir, tempDir } from "./project.ts";

const A1 = `import type { Operations } from "migrator";
export const revision = "a1";
export const downRevision = null;
export async function upgrade(op: Operations) { await op.createTable("t1", [{ name: "id", type: "integer", primaryKey: true }]); }
export async function downgrade(op: Operations) { await op.dropTable("t1"); }
`;
const A2 = `import type { Operations } from "migrator";
export const revision = "a2";
export const downRevision = "a1";
export async function upgrade(op: Operations) {
  await op.createTable("t2", [{ name: "id", type: "integer", primaryKey: true }]);
  if (op.context.x["sleep"]) await op.execute("SELECT pg_sleep(" + op.context.x["sleep"] + ")");
  if (op.context.x["mysleep"]) await op.execute("SELECT SLEEP(" + op.context.x["mysleep"] + ")");
  for (let i = 0; i < Number(op.context.x["loops"] ?? 1000000); i++) await op.execute("SELECT 1");
}
export async function downgrade(op: Operations) { await op.dropTable("t2"); }
`;

const dirs: string[] = [];
let pg: TestDatabase;
let admin: Connection;
const app = `migrator_signal_${Math.random().toString(36).slice(2, 10)}`;

beforeAll(async () => {
  ensureBinary();
  pg = await DATABASES["postgres"]!();
  const url = parseDatabaseUrl(pg.url);
  admin = await (await loadDialect(url.dialect)).connect(url, { timeoutMs: 5000 });
}, 120_000);

afterAll(async () => {
  await admin?.close();
  await pg?.drop();
  dirs.forEach(removeDir);
});

function project(ini = ""): string {
  const dir = tempDir("migrator-signal-");
  dirs.push(dir);
  mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
  writeFileSync(join(dir, "migrations", "versions", "a1_a.ts"), A1);
  writeFileSync(join(dir, "migrations", "versions", "a2_b.ts"), A2);
  if (ini) writeFileSync(join(dir, "migrator.ini"), `[migrator]\n${ini}\n`);
  return dir;
}

/** Start `upgrade head`, send `signal` once `ready()` holds, and wait for the exit. */
async function interrupt(dir: string, url: string, signal: "SIGINT" | "SIGTERM", ready: () => Promise<boolean>, x: string[] = []) {
  const proc = Bun.spawn([binary, "upgrade", "head", ...x.flatMap((a) => ["-x", a])], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", HOME: dir, DATABASE_URL: url },
    stderr: "pipe",
    stdout: "ignore",
  });
  const started = Date.now();
  while (!(await ready())) {
    if (Date.now() - started > 10_000) throw new Error("the run never got ready");
    await Bun.sleep(20);
  }
  proc.kill(signal);
  const sent = Date.now();
  const guard = setTimeout(() => proc.kill(9), 10_000);
  const code = await proc.exited;
  clearTimeout(guard);
  const errors = (await new Response(proc.stderr).text()).split("\n").filter((l) => l.startsWith("error:"));
  return { code, errors, ms: Date.now() - sent };
}

const active = (query: string) => async () =>
  (await admin.query("SELECT 1 FROM pg_stat_activity WHERE application_name = ? AND state = 'active' AND query = ?", [app, query])).length > 0;

async function pgState() {
  const tables = await admin.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE tablename IN ('t1', 't2') ORDER BY tablename");
  // The version table exists once a revision has committed (it is created with the first one).
  const created = (await admin.query("SELECT 1 FROM pg_tables WHERE tablename = 'migrator_version'")).length > 0;
  const versions = created ? await admin.query<{ version_num: string }>("SELECT version_num FROM migrator_version") : [];
  const sessions = await admin.query("SELECT 1 FROM pg_stat_activity WHERE application_name = ?", [app]);
  return { tables: tables.map((t) => t.tablename), versions: versions.map((v) => v.version_num), sessions: sessions.length };
}

describe("a signal during a run", () => {
  test("PostgreSQL, SIGTERM while statements run: exit 143, rolled back, one line saying so", async () => {
    const r = await interrupt(project(), `${pg.url}?application_name=${app}`, "SIGTERM", active("SELECT 1"));
    expect(r.code).toBe(143);
    expect(r.ms).toBeLessThan(2000);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^error: Interrupted by SIGTERM during the upgrade of revision "a2"\. .*rolls back the open transaction \(with "a1" of this run\): the database is at base/);
    await Bun.sleep(200);
    expect(await pgState()).toEqual({ tables: [], versions: [], sessions: 0 });
  }, 30_000);

  test("PostgreSQL, SIGINT during a long statement, one transaction per revision: exit 130, the statement cancelled, a1 kept", async () => {
    const r = await interrupt(project("transaction_per_migration = true"), `${pg.url}?application_name=${app}`, "SIGINT", active("SELECT pg_sleep(30)"), ["sleep=30"]);
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(2000);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^error: Interrupted by SIGINT during the upgrade of revision "a2" \("a1" of this run had been committed\)\. .*the database is at "a1"/);
    // The cancel request ended the server's statement too: no session is left sleeping.
    await Bun.sleep(300);
    expect(await pgState()).toEqual({ tables: ["t1"], versions: ["a1"], sessions: 0 });
  }, 30_000);

  test("SQLite (a synchronous driver), SIGTERM: the run still sees it, rolls back and exits 143", async () => {
    const dir = project();
    const path = join(dir, "app.db");
    // Practically endless (about an hour): only the signal ends it.
    const r = await interrupt(dir, `sqlite:///${path}`, "SIGTERM", async () => {
      await Bun.sleep(800);
      return true;
    }, ["loops=1000000000"]);
    expect(r.code).toBe(143);
    expect(r.ms).toBeLessThan(2000);
    expect(r.errors).toEqual([
      'error: Interrupted by SIGTERM during the upgrade of revision "a2". The transaction was rolled back (with "a1" of this run): the database is at base (no revision applied)',
    ]);
    const db = new Database(path, { readonly: true });
    const tables = db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    db.close();
    // Everything rolled back, the bookkeeping tables' creation too; the interruption is in the history.
    expect(tables).toEqual([{ name: "migrator_history" }]);
  }, 30_000);

  test("MariaDB, SIGTERM during a long statement: the session is killed, what DDL committed is said", async () => {
    const maria = await DATABASES["mysql"]!();
    const url = parseDatabaseUrl(maria.url);
    const watcher = await (await loadDialect(url.dialect)).connect(url, { timeoutMs: 5000 });
    const sessions = () => watcher.query("SELECT id FROM information_schema.PROCESSLIST WHERE db = DATABASE() AND id <> CONNECTION_ID() AND info LIKE 'SELECT SLEEP%'");
    try {
      const r = await interrupt(project(), maria.url, "SIGTERM", async () => (await sessions()).length > 0, ["mysleep=30"]);
      expect(r.code).toBe(143);
      expect(r.ms).toBeLessThan(2000);
      expect(r.errors).toHaveLength(1);
      // a1 committed on its own (MySQL: a transaction per revision); a2's CREATE TABLE committed implicitly.
      expect(r.errors[0]).toMatch(
        /^error: Interrupted by SIGTERM during the upgrade of revision "a2", 1 statement\(s\) of which had already been committed and stay applied \("a1" of this run had been committed\)\. .*the database is at "a1"/,
      );
      await Bun.sleep(300);
      expect(await sessions()).toEqual([]);
    } finally {
      await watcher.close();
      await maria.drop();
    }
  }, 30_000);
});
