/**
 * Read-only servers: a hot standby made with pg_basebackup from a primary of its own, and a database with
 * default_transaction_read_only on the system's server. `upgrade` fails at once, naming the host, before
 * any lock; read commands work there.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseDatabaseUrl } from "../../src/config/url.ts";
import type { Connection } from "../../src/dialects/connection.ts";
import { loadDialect } from "../../src/dialects/registry.ts";
import { ensureBinary } from "../binary.ts";
import { removeDir, tempDir, writeProject } from "../project.ts";
import { startCluster, startStandby, SYSTEM_PG_BIN, type Running } from "./servers.ts";

const SERVER_PORT = Number(process.env["MIGRATOR_TEST_PG_PORT"] ?? 5432);
const bins = { bin: SYSTEM_PG_BIN };

let primary: Running;
let standby: Running;
let dir: string;

async function connect(url: string): Promise<Connection> {
  const parsed = parseDatabaseUrl(url);
  return (await loadDialect(parsed.dialect)).connect(parsed, { timeoutMs: 5000 });
}

function migrator(args: string[], url: string) {
  const r = Bun.spawnSync([ensureBinary(), ...args], { cwd: dir, env: { ...process.env, DATABASE_URL: url } });
  return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

beforeAll(async () => {
  ensureBinary();
  dir = tempDir("migrator-replica-");
  writeProject(dir, [
    { id: "a1", down: null },
    { id: "a2", down: "a1" },
  ]);
  primary = await startCluster(bins, { wal_level: "replica", max_wal_senders: "4" });
  standby = await startStandby(bins, primary);
}, 120_000);

afterAll(async () => {
  await standby?.stop();
  await primary?.stop();
  removeDir(dir);
}, 60_000);

describe("a hot standby (pg_basebackup -R)", () => {
  test("upgrade fails at once, naming the host, before taking any lock; read commands work", async () => {
    expect(migrator(["upgrade", "a1"], primary.url()).code).toBe(0);
    // Wait for the standby to replay the primary's version table.
    const reader = await connect(standby.url());
    try {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const rows = await reader.query("SELECT 1 FROM pg_catalog.pg_tables WHERE tablename = 'migrator_version'");
        if (rows.length > 0) break;
        if (Date.now() > deadline) throw new Error("the standby never replayed the version table");
        await Bun.sleep(100);
      }
    } finally {
      await reader.close();
    }
    const started = Date.now();
    const up = migrator(["upgrade", "head", "--lock-timeout", "30"], standby.url());
    const ms = Date.now() - started;
    expect(up.code).toBe(1);
    expect(up.stderr).toContain("read-only (a replica?)");
    expect(up.stderr).toContain(`PostgreSQL at 127.0.0.1:${standby.port} is a hot standby (in recovery)`);
    expect(ms).toBeLessThan(3000);
    const stamp = migrator(["stamp", "head"], standby.url());
    expect(stamp.code).toBe(1);
    expect(stamp.stderr).toContain("read-only (a replica?)");
    const current = migrator(["current"], standby.url());
    expect(current.stderr).toBe("");
    expect(current.code).toBe(0);
    expect(current.stdout).toContain("a1");
    expect(migrator(["history"], standby.url()).code).toBe(0);
    // The primary still takes the upgrade.
    expect(migrator(["upgrade", "head"], primary.url()).code).toBe(0);
  }, 60_000);
});

describe("a database with default_transaction_read_only = on", () => {
  const db = `migrator_readonly_${Math.random().toString(36).slice(2, 8)}`;
  let admin: Connection;
  beforeAll(async () => {
    admin = await connect(`postgresql://postgres@127.0.0.1:${SERVER_PORT}/postgres`);
    await admin.execute(`CREATE DATABASE "${db}"`);
    await admin.execute(`ALTER DATABASE "${db}" SET default_transaction_read_only = on`);
  });
  afterAll(async () => {
    await admin?.execute(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    await admin?.close();
  });

  test("upgrade is refused with the setting named; current works", () => {
    const url = `postgresql://postgres@127.0.0.1:${SERVER_PORT}/${db}`;
    const up = migrator(["upgrade", "head"], url);
    expect(up.code).toBe(1);
    expect(up.stderr).toContain(`This server is read-only (a replica?): PostgreSQL at 127.0.0.1:${SERVER_PORT} has default_transaction_read_only = on`);
    expect(migrator(["current"], url).code).toBe(0);
  });
});
