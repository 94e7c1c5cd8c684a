/**
 * Fleets through the binary: `upgrade` and `current` over many databases at once (--urls-file,
 * --urls-query, --schemas), on SQLite files, PostgreSQL schemas (schema per tenant) and MariaDB
 * databases, with one broken or unreachable tenant among good ones.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { ensureBinary, runIn } from "./binary.ts";
import { DATABASES, MYSQL_URL, type TestDatabase } from "./backend/databases.ts";
import { chain, removeDir, tempDir, writeProject, type RevSpec } from "./project.ts";
import { parseDatabaseUrl } from "../src/config/url.ts";
import { loadDialect } from "../src/dialects/registry.ts";
import type { Connection } from "../src/dialects/connection.ts";

const UNREACHABLE = "postgresql://fleet:Sup3rSecretPw@127.0.0.1:1/nowhere";

/** A revision that logs when it starts and ends (to $FLEET_LOG) around a 150 ms sleep: how many ran at once. */
const SLOW: RevSpec = {
  id: "r2",
  down: "r1",
  extra: 'import { appendFileSync } from "node:fs";',
  up: `appendFileSync(process.env.FLEET_LOG!, \`start \${Date.now()}\\n\`);
  await new Promise((r) => setTimeout(r, 150));
  appendFileSync(process.env.FLEET_LOG!, \`end \${Date.now()}\\n\`);
  await op.createTable("t_r2", [{ name: "id", type: "integer", primaryKey: true }]);`,
};

/** The most intervals open at one moment. */
function peakOverlap(intervals: readonly [number, number][]): number {
  const events = intervals.flatMap(([s, e]) => [[s, 1], [e, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, d] of events) peak = Math.max(peak, (open += d));
  return peak;
}

function logIntervals(file: string): [number, number][] {
  const starts: number[] = [];
  const out: [number, number][] = [];
  for (const line of readFileSync(file, "utf8").trim().split("\n")) {
    const [kind, ms] = line.split(" ");
    if (kind === "start") starts.push(Number(ms));
    else out.push([starts.shift()!, Number(ms)]);
  }
  return out;
}

async function connect(url: string): Promise<Connection> {
  const parsed = parseDatabaseUrl(url);
  return (await loadDialect(parsed.dialect)).connect(parsed, { timeoutMs: 5000 });
}

beforeAll(() => void ensureBinary());

describe("SQLite fleet (--urls-file)", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir("migrator-fleet-sqlite-");
    writeProject(dir, [...chain(1), SLOW]);
  });
  afterAll(() => removeDir(dir));

  test("30 files, 3 at a time: every one upgraded under its own lock, at most 3 at once, then already at head", () => {
    const urls = Array.from({ length: 30 }, (_, i) => `sqlite:///db${String(i).padStart(2, "0")}.db`);
    writeFileSync(join(dir, "urls.txt"), `# thirty tenants\n${urls.join("\n")}\n`);
    const log = join(dir, "slow.log");
    const run = runIn(dir, ["upgrade", "--urls-file", "urls.txt", "--concurrency", "3"], { FLEET_LOG: log });
    expect(run.stderr).toMatch(/^30 databases: 30 upgraded in \d+\.\d+ s$/m);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^db00\.db: applied 2 revisions in \d+ ms \(now at r2\)$/m);
    const peak = peakOverlap(logIntervals(log));
    // Bounded (never 4) and concurrent (a serial run would give 1).
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThanOrEqual(2);
    for (const i of [0, 17, 29]) {
      const db = new Database(join(dir, `db${String(i).padStart(2, "0")}.db`), { readonly: true });
      expect(db.query("SELECT version_num FROM migrator_version").all()).toEqual([{ version_num: "r2" }]);
      db.close();
    }
    expect(existsSync(join(dir, "db05.db-migrator.lock"))).toBe(true);
    const again = runIn(dir, ["upgrade", "--urls-file", "urls.txt"]);
    expect(again.stderr).toMatch(/^30 databases: 30 already at head in /m);
    expect(again.code).toBe(0);
  });

  test("--concurrency 1 runs one at a time", () => {
    writeFileSync(join(dir, "serial.txt"), "a sqlite:///serial_a.db\nb sqlite:///serial_b.db\nc sqlite:///serial_c.db\n");
    const log = join(dir, "serial.log");
    const run = runIn(dir, ["upgrade", "--urls-file", "serial.txt", "--concurrency", "1"], { FLEET_LOG: log });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^a: applied 2 revisions .*\nb: applied .*\nc: applied .*\n3 databases: 3 upgraded in /m);
    expect(peakOverlap(logIntervals(log))).toBe(1);
  });

  test("the first failure starts no new database: the rest are listed as skipped, untouched; exit code of the failure", () => {
    writeFileSync(join(dir, "stop.txt"), `one sqlite:///stop_1.db\ndown ${UNREACHABLE}\nthree sqlite:///stop_3.db\nfour sqlite:///stop_4.db\n`);
    const run = runIn(dir, ["upgrade", "--urls-file", "stop.txt", "--concurrency", "1"], { FLEET_LOG: join(dir, "stop.log") });
    expect(run.stderr).toContain("one: applied 2 revisions");
    expect(run.stderr).toMatch(/^down: failed: Cannot connect to PostgreSQL at 127\.0\.0\.1:1 /m);
    expect(run.stderr).toContain("three: skipped (not started)\nfour: skipped (not started)\n");
    expect(run.stderr).toMatch(/^4 databases: 1 upgraded, 1 failed, 2 skipped in /m);
    expect(run.code).toBe(6); // the one failure's own code: cannot connect
    expect(existsSync(join(dir, "stop_3.db"))).toBe(false);
    expect(run.stderr + run.stdout).not.toContain("Sup3rSecretPw");
  });

  test("--continue-on-error runs every database; --json is one document; the password is never printed", () => {
    writeFileSync(join(dir, "all.txt"), `one sqlite:///all_1.db\n${UNREACHABLE}\nthree sqlite:///all_3.db\n`);
    const run = runIn(dir, ["upgrade", "--urls-file", "all.txt", "--continue-on-error", "--json"], { FLEET_LOG: join(dir, "all.log") });
    expect(run.code).toBe(6);
    expect(run.stderr).toBe("");
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ ok: false, exitCode: 6, concurrency: 4, counts: { upgraded: 2, "at-head": 0, failed: 1, skipped: 0 } });
    expect(doc.databases.map((d: { name: string; status: string }) => [d.name, d.status])).toEqual([
      ["one", "upgraded"],
      ["postgresql://fleet:***@127.0.0.1:1/nowhere", "failed"],
      ["three", "upgraded"],
    ]);
    expect(doc.databases[0]).toMatchObject({ applied: ["r1", "r2"], heads: ["r2"] });
    expect(doc.databases[1]).toMatchObject({ exitCode: 6 });
    expect(doc.databases[1].error).toContain('as "fleet", database "nowhere"');
    expect(run.stdout).not.toContain("Sup3rSecretPw");
  });

  test("SIGTERM: the databases running roll back, none starts after it, exit 143", async () => {
    const slow: RevSpec = { id: "s1", down: null, up: 'await op.createTable("s1", [{ name: "id", type: "integer", primaryKey: true }]);\n  await new Promise((r) => setTimeout(r, 400));' };
    const sigDir = join(dir, "sig");
    writeProject(sigDir, [slow]);
    writeFileSync(join(sigDir, "urls.txt"), Array.from({ length: 8 }, (_, i) => `sqlite:///db${i}.db`).join("\n") + "\n");
    const p = Bun.spawn([ensureBinary(), "upgrade", "--urls-file", "urls.txt", "--concurrency", "2", "--json"], { cwd: sigDir, env: { PATH: process.env.PATH ?? "" }, stdout: "pipe", stderr: "pipe" });
    await new Promise((r) => setTimeout(r, 300));
    p.kill("SIGTERM");
    expect(await p.exited).toBe(143);
    const doc = JSON.parse(await new Response(p.stdout).text());
    const statuses: string[] = doc.databases.map((d: { status: string }) => d.status);
    expect(statuses).toContain("failed");
    expect(statuses.at(-1)).toBe("skipped");
    for (const [i, d] of (doc.databases as { status: string; error?: string }[]).entries()) {
      const file = join(sigDir, `db${i}.db`);
      if (d.status === "failed") expect(d.error).toContain("Interrupted by SIGTERM");
      if (d.status === "skipped") expect(existsSync(file)).toBe(false);
      if (d.status !== "failed") continue;
      // Rolled back whole: no table, no version row.
      const db = new Database(file, { readonly: true });
      expect(db.query("SELECT name FROM sqlite_master WHERE name IN ('s1', 'migrator_version')").all()).toEqual([]);
      db.close();
    }
  });

  test("current over the fleet: a line per database; --check-heads exits 5 when one is behind", () => {
    writeFileSync(join(dir, "cur.txt"), "done sqlite:///db00.db\nfresh sqlite:///fresh.db\n");
    const run = runIn(dir, ["current", "--urls-file", "cur.txt"]);
    expect(run.stdout).toBe("done: r2 (head)\nfresh: base, 2 revisions to apply\n");
    expect(run.code).toBe(0);
    const check = runIn(dir, ["current", "--urls-file", "cur.txt", "--check-heads", "--continue-on-error"]);
    expect(check.stdout).toMatch(/^fresh: failed: The database is not at head: 2 revision/m);
    expect(check.code).toBe(5);
  });

  test("a multidb config's databases run as a fleet with --concurrency", () => {
    writeFileSync(join(dir, "multi.ini"), "[migrator]\ndatabases = east, west\n\n[east]\nurl = sqlite:///east.db\n\n[west]\nurl = sqlite:///west.db\n");
    const run = runIn(dir, ["-c", "multi.ini", "upgrade", "--concurrency", "2", "--json"], { FLEET_LOG: join(dir, "multi.log") });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).databases.map((d: { name: string; status: string }) => [d.name, d.status])).toEqual([["east", "upgraded"], ["west", "upgraded"]]);
  });

  test("usage: one source, a positive --concurrency, no --sql, fleet flags need a fleet", () => {
    const cases = [
      ["upgrade", "--urls-file", "cur.txt", "--concurrency", "0"],
      ["upgrade", "--urls-file", "cur.txt", "--schemas", "x*"],
      ["upgrade", "--urls-file", "cur.txt", "--sql"],
      ["upgrade", "--concurrency", "2"],
      ["downgrade", "base", "--urls-file", "cur.txt"],
    ];
    for (const args of cases) expect([args.join(" "), runIn(dir, args, { DATABASE_URL: "sqlite:///x.db" }).code]).toEqual([args.join(" "), 2]);
  });
});

describe("PostgreSQL schema per tenant (--schemas)", () => {
  let db: TestDatabase;
  let conn: Connection;
  let dir: string;
  const good = Array.from({ length: 8 }, (_, i) => `tenant_${String(i + 1).padStart(2, "0")}`);
  beforeAll(async () => {
    db = await DATABASES.postgres!();
    conn = await connect(db.url);
    for (const s of [...good, "tenant_broken", "other", "fleet_probe"]) await conn.execute(`CREATE SCHEMA ${s}`);
    await conn.execute("CREATE TABLE fleet_probe.log (tenant text, started timestamptz, ended timestamptz)");
    // A tenant at a revision this project does not have.
    await conn.execute("CREATE TABLE tenant_broken.migrator_version (version_num varchar(32) PRIMARY KEY)");
    await conn.execute("INSERT INTO tenant_broken.migrator_version VALUES ('zzz')");
    dir = tempDir("migrator-fleet-pg-");
    writeProject(dir, [
      { id: "p1", down: null, up: 'await op.createTable("accounts", [{ name: "id", type: "integer", primaryKey: true }]);', down_: 'await op.dropTable("accounts");' },
      {
        id: "p2",
        down: "p1",
        up: `await op.execute("INSERT INTO fleet_probe.log (tenant, started) VALUES (current_schema(), clock_timestamp())");
  await op.execute("SELECT pg_sleep(0.3)");
  await op.execute("UPDATE fleet_probe.log SET ended = clock_timestamp() WHERE tenant = current_schema()");
  await op.addColumn("accounts", { name: "name", type: "text" });`,
        down_: 'await op.dropColumn("accounts", "name");',
      },
    ]);
  }, 60_000);
  afterAll(async () => {
    await conn?.close();
    await db?.drop();
    if (dir) removeDir(dir);
  });

  test("every matching schema upgraded in its own schema, 3 at once as the server saw it, the broken one failed alone", async () => {
    const run = runIn(dir, ["upgrade", "--schemas", "tenant_*", "--concurrency", "3", "--continue-on-error"], { DATABASE_URL: db.url });
    expect(run.stderr).toMatch(/^tenant_broken: failed: The database is at "zzz" \(in "tenant_broken"\."migrator_version"\)/m);
    expect(run.stderr).toMatch(/^9 databases: 8 upgraded, 1 failed in /m);
    expect(run.code).toBe(1);
    for (const s of good) {
      expect(await conn.query(`SELECT version_num FROM ${s}.migrator_version`)).toEqual([{ version_num: "p2" }]);
      expect(await conn.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = '${s}' AND table_name = 'accounts' ORDER BY 1`)).toEqual([
        { column_name: "id" },
        { column_name: "name" },
      ]);
    }
    // The broken tenant and the schemas that do not match are untouched; nothing landed in public.
    expect(await conn.query("SELECT version_num FROM tenant_broken.migrator_version")).toEqual([{ version_num: "zzz" }]);
    expect(await conn.query("SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ('tenant_broken', 'other', 'public') ORDER BY 1, 2")).toEqual([
      { table_schema: "tenant_broken", table_name: "migrator_version" },
    ]);
    // Timestamps from the server: at most 3 tenants inside the slow revision at once, and more than one
    // (each schema has its own advisory lock key: a shared key would have run them one by one).
    const rows = await conn.query<{ s: number; e: number }>("SELECT extract(epoch FROM started) * 1000 AS s, extract(epoch FROM ended) * 1000 AS e FROM fleet_probe.log");
    expect(rows.length).toBe(8);
    const peak = peakOverlap(rows.map((r) => [Number(r.s), Number(r.e)]));
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThanOrEqual(2);
  }, 60_000);

  test("current --schemas --json: one document with each tenant's heads", () => {
    const run = runIn(dir, ["current", "--schemas", "tenant_0*,other", "--json"], { DATABASE_URL: db.url });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.counts).toEqual({ "at-head": 8, behind: 1, failed: 0, skipped: 0 });
    expect(doc.databases.map((d: { name: string }) => d.name)).toEqual(["other", ...good]);
    expect(doc.databases[0]).toMatchObject({ name: "other", status: "behind", heads: [], pending: ["p1", "p2"] });
  });

  test("--urls-file of ?search_path= URLs on one database: each its own version table and lock, side by side", async () => {
    const schemas = ["url_a", "url_b", "url_c"];
    for (const s of schemas) await conn.execute(`CREATE SCHEMA ${s}`);
    writeFileSync(join(dir, "paths.txt"), schemas.map((s) => `${s} ${db.url}?search_path=${s}`).join("\n") + "\n");
    const run = runIn(dir, ["upgrade", "--urls-file", "paths.txt", "--concurrency", "3"]);
    expect(run.stderr).toMatch(/^3 databases: 3 upgraded in /m);
    expect(run.code).toBe(0);
    for (const s of schemas) expect(await conn.query(`SELECT version_num FROM ${s}.migrator_version`)).toEqual([{ version_num: "p2" }]);
    const rows = await conn.query<{ s: number; e: number }>("SELECT extract(epoch FROM started) * 1000 AS s, extract(epoch FROM ended) * 1000 AS e FROM fleet_probe.log WHERE tenant LIKE 'url\\_%'");
    expect(rows.length).toBe(3);
    // One shared lock key (the unqualified table name alone) would have run them one after the other.
    expect(peakOverlap(rows.map((r) => [Number(r.s), Number(r.e)]))).toBeGreaterThanOrEqual(2);
  }, 60_000);

  test("--urls-query: the names and URLs a query returns on the config's database", () => {
    const query = `SELECT name, '${db.url}?search_path=' || name AS url FROM (VALUES ('tenant_01'), ('other')) v(name)`;
    const run = runIn(dir, ["current", "--urls-query", query], { DATABASE_URL: db.url });
    expect(run.stdout).toBe("tenant_01: p2 (head)\nother: base, 2 revisions to apply\n");
    expect(run.code).toBe(0);
  });
});

describe("MariaDB databases (--urls-file, --schemas)", () => {
  const prefix = `migrator_fleet_${Math.random().toString(36).slice(2, 8)}`;
  const names = ["a", "b", "c"].map((n) => `${prefix}_${n}`);
  let admin: Connection;
  let dir: string;
  const url = (name: string) => MYSQL_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  beforeAll(async () => {
    admin = await connect(MYSQL_URL);
    for (const n of names) await admin.execute(`CREATE DATABASE \`${n}\``);
    dir = tempDir("migrator-fleet-mysql-");
    writeProject(dir, chain(2));
  }, 60_000);
  afterAll(async () => {
    for (const n of names) await admin?.execute(`DROP DATABASE IF EXISTS \`${n}\``);
    await admin?.close();
    if (dir) removeDir(dir);
  });

  test("a URL list of databases: each upgraded in its own database", async () => {
    writeFileSync(join(dir, "urls.txt"), names.slice(0, 2).map((n) => `${n} ${url(n)}`).join("\n") + "\n");
    const run = runIn(dir, ["upgrade", "--urls-file", "urls.txt", "--concurrency", "2"]);
    expect(run.stderr).toMatch(/^2 databases: 2 upgraded in /m);
    expect(run.code).toBe(0);
    for (const n of names.slice(0, 2)) expect(await admin.query(`SELECT version_num FROM \`${n}\`.migrator_version`)).toEqual([{ version_num: "r2" }]);
  });

  test("--schemas on MariaDB: every database matching the pattern", async () => {
    const run = runIn(dir, ["upgrade", "--schemas", `${prefix}_*`], { DATABASE_URL: MYSQL_URL });
    expect(run.stderr).toContain(`${names[0]}: already at r2\n`);
    expect(run.stderr).toContain(`${names[2]}: applied 2 revisions`);
    expect(run.stderr).toMatch(/^3 databases: 1 upgraded, 2 already at head in /m);
    expect(run.code).toBe(0);
    expect(await admin.query(`SELECT version_num FROM \`${names[2]}\`.migrator_version`)).toEqual([{ version_num: "r2" }]);
  });
});
