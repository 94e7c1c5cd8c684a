/**
 * PgBouncer in transaction pooling mode (pool of 4) in front of the system's PostgreSQL: racing
 * `upgrade head` runs with a plain URL (no migrator_lock) all succeed, each revision runs once, and no
 * advisory lock is left on a pooled server connection; a lock holder killed with SIGKILL does not block
 * the next run beyond the holder's statement.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseDatabaseUrl } from "../../src/config/url.ts";
import type { Connection } from "../../src/dialects/connection.ts";
import { loadDialect } from "../../src/dialects/registry.ts";
import { PostgresConnection } from "../../src/dialects/postgres/connection.ts";
import { ensureBinary } from "../binary.ts";
import { removeDir, tempDir, withoutTimes, writeProject, type RevSpec } from "../project.ts";
import { startPgBouncer, type Running } from "./servers.ts";

const SERVER_PORT = Number(process.env["MIGRATOR_TEST_PG_PORT"] ?? 5432);
const db = `migrator_pgbouncer_${Math.random().toString(36).slice(2, 8)}`;

let bouncer: Running & { readonly log: string };
let admin: Connection;
let direct: Connection;

async function connect(url: string): Promise<Connection> {
  const parsed = parseDatabaseUrl(url);
  return (await loadDialect(parsed.dialect)).connect(parsed, { timeoutMs: 5000 });
}

beforeAll(async () => {
  ensureBinary();
  admin = await connect(`postgresql://postgres@127.0.0.1:${SERVER_PORT}/postgres`);
  await admin.execute(`CREATE DATABASE "${db}"`);
  direct = await connect(`postgresql://postgres@127.0.0.1:${SERVER_PORT}/${db}`);
  bouncer = await startPgBouncer(SERVER_PORT, 4);
}, 60_000);

afterAll(async () => {
  await bouncer?.stop();
  await direct?.close();
  await admin?.execute(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  await admin?.close();
}, 60_000);

/** Revisions that each log themselves in `applied`; a second run of one would fail on its CREATE TABLE. */
function revisions(prefix: string, count: number, sleep: number): RevSpec[] {
  const revs: RevSpec[] = [];
  for (let i = 1; i <= count; i++) {
    const id = `${prefix}${i}`;
    const first = i === 1 ? `await op.execute("CREATE TABLE IF NOT EXISTS applied (rev text NOT NULL, at timestamptz DEFAULT clock_timestamp())");\n  ` : "";
    revs.push({
      id,
      down: i === 1 ? null : `${prefix}${i - 1}`,
      up: `${first}await op.createTable("t_${id}", [{ name: "id", type: "integer", primaryKey: true }]);\n  await op.execute("INSERT INTO applied (rev) VALUES ('${id}')");\n  await op.execute("SELECT pg_sleep(${sleep})");`,
    });
  }
  return revs;
}

function spawnUpgrade(dir: string, url: string, extraEnv: Record<string, string> = {}) {
  return Bun.spawn([ensureBinary(), "upgrade", "head", "--lock-timeout", "60"], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: url, ...extraEnv },
    stdout: "pipe",
    stderr: "pipe",
  });
}

async function advisoryLocks(): Promise<number> {
  const rows = await direct.query<{ n: unknown }>(
    "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
  );
  return Number(rows[0]?.n);
}

describe("PgBouncer, transaction pooling, pool of 4", () => {
  test("the connection sees the pooler (BackendKeyData's pid is not the server process)", async () => {
    const through = await connect(bouncer.url(db));
    try {
      expect(through).toBeInstanceOf(PostgresConnection);
      expect((through as PostgresConnection).server.pooled).toBe(true);
      expect((direct as PostgresConnection).server.pooled).toBe(false);
    } finally {
      await through.close();
    }
  });

  test("16 racing `upgrade head` with a plain URL: all exit 0, each revision once, nothing left locked", async () => {
    const dir = tempDir("migrator-pgbouncer-race-");
    try {
      writeProject(dir, revisions("r", 6, 0.1));
      const started = Date.now();
      const procs = Array.from({ length: 16 }, () => spawnUpgrade(dir, bouncer.url(db)));
      const codes = await Promise.all(procs.map((p) => p.exited));
      const seconds = (Date.now() - started) / 1000;
      const failures = await Promise.all(procs.map(async (p, i) => (codes[i] === 0 ? "" : `#${i}: ${await new Response(p.stderr).text()}`)));
      expect(failures.filter(Boolean)).toEqual([]);
      expect(codes.every((c) => c === 0)).toBe(true);
      const applied = await direct.query<{ rev: string; n: unknown }>("SELECT rev, count(*) AS n FROM applied GROUP BY rev ORDER BY rev");
      expect(applied.map((r) => `${r.rev}:${Number(r.n)}`)).toEqual(["r1:1", "r2:1", "r3:1", "r4:1", "r5:1", "r6:1"]);
      expect((await direct.query<{ version_num: string }>("SELECT version_num FROM migrator_version")).map((r) => r.version_num)).toEqual(["r6"]);
      expect(await advisoryLocks()).toBe(0);
      // A later run does not wait for anything: no lock stayed on a pooled server connection.
      const again = Date.now();
      const next = spawnUpgrade(dir, bouncer.url(db));
      expect(await next.exited).toBe(0);
      expect(Date.now() - again).toBeLessThan(4000);
      console.log(`16 racers through PgBouncer: ${seconds.toFixed(1)} s; a later run ${(Date.now() - again) / 1000} s`);
    } finally {
      removeDir(dir);
      await direct.execute("DROP TABLE IF EXISTS applied, migrator_version, t_r1, t_r2, t_r3, t_r4, t_r5, t_r6");
    }
  }, 120_000);

  for (const via of ["PgBouncer", "the server itself"] as const) {
  test(`kill -9 of the lock holder through ${via}: the next run proceeds once the server has dropped the holder's lock`, async () => {
    const url = via === "PgBouncer" ? bouncer.url(db) : `postgresql://postgres@127.0.0.1:${SERVER_PORT}/${db}`;
    const dir = tempDir("migrator-pgbouncer-kill-");
    try {
      // The holder's revision sleeps 20 s in its transaction; it is killed after it has taken the lock.
      writeProject(dir, revisions("k", 1, 20));
      const holder = spawnUpgrade(dir, url);
      const deadline = Date.now() + 15_000;
      while ((await advisoryLocks()) === 0) {
        if (Date.now() > deadline) throw new Error(`the holder never took the lock: ${await new Response(holder.stderr).text()}`);
        await Bun.sleep(50);
      }
      holder.kill("SIGKILL");
      await holder.exited;
      const killedAt = Date.now();
      writeProject(dir, revisions("k", 1, 0)); // the same revision without the sleep
      const next = spawnUpgrade(dir, url);
      const code = await next.exited;
      const waited = (Date.now() - killedAt) / 1000;
      expect(`${code} ${withoutTimes(await new Response(next.stderr).text()).replace(/^waiting for the migration lock held by another process\n/m, "")}`).toBe("0 Running upgrade  -> k1, rev k1\n");
      console.log(`${via}: after kill -9 of the holder, the next run finished in ${waited.toFixed(1)} s`);
      // The server noticed the dead client (client_connection_check_interval), not the end of its 20 s sleep.
      expect(waited).toBeLessThan(10);
      expect(await advisoryLocks()).toBe(0);
      expect((await direct.query<{ rev: string }>("SELECT rev FROM applied")).map((r) => r.rev)).toEqual(["k1"]);
    } finally {
      removeDir(dir);
      await direct.execute("DROP TABLE IF EXISTS applied, migrator_version, t_k1");
    }
  }, 120_000);
  }
});
