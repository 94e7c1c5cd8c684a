/**
 * table_lock_timeout: a migration's statement that waits for a lock an application's open transaction holds
 * (the classic ALTER TABLE behind a long transaction, which on PostgreSQL also queues every later query on
 * the table) gives up after the deadline with one line naming the session that holds the lock and how to
 * end it, leaves the database where it was, and the next run completes once the lock is gone; 0 waits as long
 * as it takes. Runs the compiled binary against the real servers.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDatabaseUrl } from "../src/config/url.ts";
import type { Connection } from "../src/dialects/connection.ts";
import { loadDialect } from "../src/dialects/registry.ts";
import { binary, ensureBinary } from "./binary.ts";
import { DATABASES } from "./backend/databases.ts";
import { removeDir, tempDir } from "./project.ts";

const AA1 = `import type { Operations } from "migrator";
export const revision = "aa1";
export const downRevision = null;
export async function upgrade(op: Operations) { await op.createTable("lk", [{ name: "id", type: "integer", primaryKey: true }]); }
export async function downgrade(op: Operations) { await op.dropTable("lk"); }
`;
const AA2 = `import type { Operations } from "migrator";
export const revision = "aa2";
export const downRevision = "aa1";
export async function upgrade(op: Operations) { await op.addColumn("lk", { name: "note", type: "text" }); }
export async function downgrade(op: Operations) { await op.dropColumn("lk", "note"); }
`;

const cleanup: (() => Promise<void>)[] = [];
beforeAll(() => void ensureBinary(), 120_000);
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
});

interface Run {
  readonly code: number;
  readonly stderr: string;
  readonly stdout: string;
  readonly ms: number;
}

async function connect(url: string): Promise<Connection> {
  const parsed = parseDatabaseUrl(url);
  const conn = await (await loadDialect(parsed.dialect)).connect(parsed, { timeoutMs: 5000 });
  cleanup.push(() => conn.close());
  return conn;
}

const CASES = [
  { dialect: "postgres", pid: "SELECT pg_backend_pid() AS id", app: "?application_name=webapp", names: (id: number) => [`pid ${id} (`, `application "webapp"`, `SELECT pg_terminate_backend(${id})`] },
  { dialect: "mysql", pid: "SELECT CONNECTION_ID() AS id", app: "", names: (id: number) => [`perhaps session ${id} (`, `KILL ${id}`] },
] as const;

/** A fresh database and project holding aa1 and aa2 (and `extra` revision files), with table_lock_timeout = 2. */
async function project(dialect: "postgres" | "mysql", extra: Record<string, string> = {}) {
  const db = await DATABASES[dialect]!();
  cleanup.push(() => db.drop());
  const dir = tempDir("migrator-table-lock-");
  cleanup.push(async () => removeDir(dir));
  mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
  writeFileSync(join(dir, "migrations", "versions", "aa1_a.ts"), AA1);
  writeFileSync(join(dir, "migrations", "versions", "aa2_b.ts"), AA2);
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, "migrations", "versions", name), text);
  writeFileSync(join(dir, "migrator.ini"), "[migrator]\nscript_location = migrations\nurl = ${DATABASE_URL}\ntable_lock_timeout = 2\n");
  const env = { PATH: process.env.PATH ?? "", HOME: dir, DATABASE_URL: db.url };
  const migrator = async (...args: string[]): Promise<Run> => {
    const started = Date.now();
    const proc = Bun.spawn([binary, ...args], { cwd: dir, env, stdout: "pipe", stderr: "pipe" });
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    return { code, stdout, stderr, ms: Date.now() - started };
  };
  return { db, migrator };
}

describe.each(CASES)("a migration behind an open transaction: $dialect", ({ dialect, pid, app, names }) => {
  test("gives up after table_lock_timeout naming who holds the lock, changes nothing, and completes once it is released; 0 waits", async () => {
    const { db, migrator } = await project(dialect);
    expect((await migrator("upgrade", "aa1", "-q")).code).toBe(0);

    // The application: a transaction that has read the table and stays open.
    const app_ = await connect(db.url + app);
    const id = Number((await app_.query<{ id: unknown }>(pid))[0]!.id);
    await app_.begin();
    await app_.query("SELECT * FROM lk");

    const failed = await migrator("upgrade", "head", "-q");
    expect(failed.code).toBe(1);
    expect(failed.ms).toBeGreaterThan(1800);
    expect(failed.ms).toBeLessThan(15_000);
    const lines = failed.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toStartWith(`error: Upgrade of revision "aa2" failed in addColumn("lk"): the statement waited 2 s (table_lock_timeout) for a lock that another session holds`);
    for (const name of names(id)) expect(lines[0]).toContain(name);
    expect(lines[0]).toContain("raise table_lock_timeout (--table-lock-timeout; 0 waits as long as it takes)");
    expect((await migrator("current")).stdout.trim()).toBe("aa1");

    // 0: no deadline; the run says what it waits for, waits until the application's transaction ends, then applies aa2.
    const waiting = migrator("upgrade", "head", "--table-lock-timeout", "0");
    await new Promise((r) => setTimeout(r, 3000));
    await app_.rollback();
    const done = await waiting;
    expect(done.code).toBe(0);
    expect(done.ms).toBeGreaterThan(2500);
    const said = done.stderr.split("\n").filter((l) => l.startsWith("waiting for a lock"));
    expect(said).toHaveLength(1);
    expect(said[0]).toStartWith("waiting for a lock that another session holds");
    expect(said[0]).toEndWith("(no deadline: table_lock_timeout = 0)");
    expect(said[0]).toContain(names(id)[0]);
    expect((await migrator("current")).stdout.trim()).toBe("aa2 (head)");
  }, 60_000);

  test("a long statement that waits for no lock says nothing of locks, while another session is busy", async () => {
    const sleepSql = dialect === "postgres" ? "SELECT pg_sleep(2.5)" : "SELECT SLEEP(2.5)";
    const { db, migrator } = await project(dialect, {
      "aa3_c.ts": `import type { Operations } from "migrator";
export const revision = "aa3";
export const downRevision = "aa2";
export async function upgrade(op: Operations) { await op.execute("${sleepSql}"); }
export async function downgrade() {}
`,
    });
    expect((await migrator("upgrade", "aa2", "-q")).code).toBe(0);
    // Another session of the same database busy in an open transaction on the table: the migration does not wait for it.
    const other = await connect(db.url);
    await other.begin();
    await other.query("SELECT * FROM lk");
    const run = await migrator("upgrade", "head");
    await other.rollback();
    expect(run.code).toBe(0);
    expect(run.ms).toBeGreaterThan(2400);
    expect(run.stderr).not.toContain("waiting for a lock");
  }, 60_000);
});

test("PostgreSQL: a lower lock_timeout of the database stays, and its error does not blame table_lock_timeout", async () => {
  const { db, migrator } = await project("postgres");
  expect((await migrator("upgrade", "aa1", "-q")).code).toBe(0);
  const admin = await connect(db.url);
  const name = new URL(db.url).pathname.slice(1);
  await admin.execute(`ALTER DATABASE "${name}" SET lock_timeout = '500ms'`);
  const holder = await connect(db.url);
  await holder.begin();
  await holder.query("SELECT * FROM lk");
  const failed = await migrator("upgrade", "head", "-q");
  await holder.rollback();
  expect(failed.code).toBe(1);
  // 0.5 s, not table_lock_timeout's 2 s.
  expect(failed.ms).toBeLessThan(1900);
  expect(failed.stderr).toContain("failed in addColumn(\"lk\"): the statement gave up after 0.");
  expect(failed.stderr).toContain("NOWAIT, or a lock timeout of the server, the role or the database URL lower than table_lock_timeout");
  expect(failed.stderr).toContain("or raise that lock timeout");
  expect(failed.stderr).not.toContain("waited 2 s");
}, 60_000);

test("PostgreSQL: a revision outside a transaction (transactional = false) gets the deadline too, and runs once the lock is gone", async () => {
  const { db, migrator } = await project("postgres", {
    "aa2_b.ts": AA2.replace('export const downRevision = "aa1";', 'export const downRevision = "aa1";\nexport const transactional = false;'),
  });
  expect((await migrator("upgrade", "aa1", "-q")).code).toBe(0);
  const holder = await connect(db.url);
  const id = Number((await holder.query<{ id: unknown }>("SELECT pg_backend_pid() AS id"))[0]!.id);
  await holder.begin();
  await holder.query("SELECT * FROM lk");
  const failed = await migrator("upgrade", "head", "-q");
  expect(failed.code).toBe(1);
  expect(failed.ms).toBeLessThan(15_000);
  expect(failed.stderr).toContain(`the statement waited 2 s (table_lock_timeout) for a lock that another session holds: pid ${id} (`);
  await holder.rollback();
  expect((await migrator("upgrade", "head", "-q")).code).toBe(0);
  expect((await migrator("current")).stdout.trim()).toBe("aa2 (head)");
}, 60_000);
