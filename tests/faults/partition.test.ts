/**
 * A silent network partition (partition.ts: every packet dropped, no RST or FIN ever arrives) while the
 * binary waits for the server: during a long statement, while it waits for the migration lock, when it sends
 * a statement after a pause in the revision, during the COMMIT, and while it connects. Every time the binary
 * must exit within network_timeout (3 s here) and a second or so, with one line naming the lost connection,
 * and once the network is back the server must have let go of the session and the next run must understand
 * the state left (PostgreSQL: rolled back, the run completes; MariaDB: the revision's committed DDL reported
 * as interrupted). Without the watch, each of these waited for TCP: 70 s (keepalive) or about 15 minutes.
 * Behind PgBouncer too, whose checks ask the pooler alone (pooler_check.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDatabaseUrl } from "../../src/config/url.ts";
import type { Connection } from "../../src/dialects/connection.ts";
import { mysqlLockName } from "../../src/dialects/mysql/lock.ts";
import { advisoryKey } from "../../src/dialects/postgres/lock.ts";
import { loadDialect } from "../../src/dialects/registry.ts";
import { removeDir, tempDir, writeProject } from "../project.ts";
import { ensureBinary, FaultDatabase, printFigures, runBinary, spawnBinary, waitFor, type Spawned } from "./harness.ts";
import { Partition } from "./partition.ts";
import { startPgBouncer } from "../topologies/servers.ts";

/** network_timeout in the tests, and how long after the cut the binary may take to exit. */
const TIMEOUT_S = 3;
const EXIT_BOUND_MS = 7000;
const RUN_BOUND_MS = 30_000;

const REVISION = {
  id: "p1",
  down: null,
  up: `const x = op.context.x;
  await op.createTable("t1", [{ name: "id", type: "integer" }]);
  if (x["stmt"]) await op.execute(x["stmt"]);
  if (x["pause"]) await new Promise((r) => setTimeout(r, Number(x["pause"])));
  if (x["slowCommit"]) {
    await op.execute("CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(" + x["slowCommit"] + "); RETURN NULL; END $$");
    await op.execute("CREATE CONSTRAINT TRIGGER t1_slow AFTER INSERT ON t1 DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()");
  }
  await op.execute("INSERT INTO t1 VALUES (1)");`,
  down_: `await op.dropTable("t1");`,
};

const SERVERS: Readonly<Record<string, { port: number; label: string; sleep: string; healthy: string; running: string }>> = {
  postgres: {
    port: 5432,
    label: "PostgreSQL",
    sleep: "SELECT pg_sleep(600)",
    healthy: `SELECT pg_sleep(${2.5 * TIMEOUT_S})`,
    running: "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE ?",
  },
  mysql: {
    port: 3306,
    label: "MySQL",
    sleep: "SELECT SLEEP(600)",
    healthy: `SELECT SLEEP(${2.5 * TIMEOUT_S})`,
    running: "SELECT count(*) AS n FROM information_schema.processlist WHERE db = DATABASE() AND info LIKE ?",
  },
};

beforeAll(() => void ensureBinary(), 120_000);

for (const name of ["postgres", "mysql"]) {
  const server = SERVERS[name]!;
  describe(`a silent network partition: ${name}`, () => {
    let db: FaultDatabase;
    let partition: Partition;
    let dir: string;
    let url: string;
    const exits: number[] = [];
    beforeAll(async () => {
      db = await FaultDatabase.create(name);
      partition = Partition.create();
      url = partition.url(db.url, await partition.relay(server.port));
      dir = tempDir(`migrator-partition-${name}-`);
      writeProject(dir, [REVISION]);
      // The config key, not the flag, so that a binary without it runs (and hangs) rather than refusing the flag.
      writeFileSync(join(dir, "migrator.ini"), `[migrator]\nscript_location = %(here)s/migrations\nnetwork_timeout = ${TIMEOUT_S}\n`);
    }, 60_000);
    afterEach(async () => {
      partition.heal();
      await db.sessionsEnded(10_000);
      await db.reset();
    }, 30_000);
    afterAll(async () => {
      partition?.destroy();
      await db?.drop();
      if (dir) removeDir(dir);
      printFigures(`silent partition, ${name}`, { cases: exits.length, "slowest exit after the cut ms": Math.max(0, ...exits), hangs: 0 });
    }, 60_000);

    /** Start `upgrade head` in the partition's namespace. */
    const start = (args: readonly string[]): Spawned => spawnBinary(["upgrade", "head", ...args], dir, url, RUN_BOUND_MS, partition.prefix);

    /** Cut, and expect the run to exit within the bound with one line naming the lost connection; how long it took. */
    async function cutAndExpectLost(run: Spawned, line: RegExp): Promise<void> {
      partition.cut();
      const cutAt = Date.now();
      const exit = await run.exit;
      const took = Date.now() - cutAt;
      exits.push(took);
      expect({ hung: exit.hung, code: exit.code, errors: exit.errors.length }).toEqual({ hung: false, code: 1, errors: 1 });
      expect(took).toBeLessThan(EXIT_BOUND_MS);
      expect(exit.errors[0]).toMatch(line);
      expect(exit.errors[0]!.toLowerCase()).toContain(`the connection to ${server.label.toLowerCase()} at ${partition.host}:`);
      expect(exit.errors[0]).toContain(`was lost (no answer for ${TIMEOUT_S} s, the deadline set by "network_timeout" in [migrator] (`);
    }

    /** Heal; the server lets go of the session (it hears our FIN), and the next run completes from base. */
    async function healAndRerun(): Promise<void> {
      partition.heal();
      expect(await db.sessionsEnded(10_000)).toBe(true);
      const next = await runBinary(["upgrade", "head"], dir, url, RUN_BOUND_MS, partition.prefix);
      if (name === "mysql" && (await db.tables()).includes("t1") && next.code !== 0) {
        // The revision's CREATE TABLE committed at once: the next run names the revision as interrupted.
        expect(next.errors[0]).toContain(`The upgrade of revision "p1" was interrupted`);
        expect(next.errors[0]).toContain("1 of its statements had completed");
        return;
      }
      expect({ code: next.code, errors: next.errors }).toEqual({ code: 0, errors: [] });
      expect(await db.versions()).toEqual(["p1"]);
    }

    test("without a partition, a statement running longer than network_timeout runs to its end", async () => {
      const started = Date.now();
      const run = await runBinary(["upgrade", "head", "-x", `stmt=${server.healthy}`], dir, url, RUN_BOUND_MS, partition.prefix);
      expect({ code: run.code, errors: run.errors }).toEqual({ code: 0, errors: [] });
      expect(Date.now() - started).toBeGreaterThan(2.5 * TIMEOUT_S * 1000);
      expect(await db.versions()).toEqual(["p1"]);
    }, 60_000);

    test("during a long statement", async () => {
      const run = start(["-x", `stmt=${server.sleep}`]);
      expect(await waitFor(async () => Number((await db.query<{ n: unknown }>(server.running, [server.sleep]))[0]?.n) > 0, 15_000)).toBe(true);
      await cutAndExpectLost(run, /^error: Upgrade of revision "p1" failed in execute\(\): /);
      await healAndRerun();
    }, 60_000);

    test("while waiting for the migration lock another session holds", async () => {
      const parsed = parseDatabaseUrl(db.url);
      const holder: Connection = await (await loadDialect(parsed.dialect)).connect(parsed, { timeoutMs: 5000 });
      try {
        if (name === "postgres") await holder.query("SELECT pg_advisory_lock(CAST(? AS bigint))", [advisoryKey("public.migrator_version")]);
        else await holder.query("SELECT GET_LOCK(?, 0)", [mysqlLockName(parsed.database ?? "", "migrator_version")]);
        const run = start(["--lock-timeout", "60"]);
        expect(await waitFor(async () => (await db.sessions()).length > 1, 15_000)).toBe(true);
        await Bun.sleep(500);
        await cutAndExpectLost(run, /^error: The connection to /);
      } finally {
        await holder.close();
      }
      await healAndRerun();
    }, 60_000);

    test("when the revision sends its next statement after a pause", async () => {
      const run = start(["-x", "pause=1500"]);
      expect(await waitFor(() => run.seen("Running upgrade") > 0, 15_000)).toBe(true);
      await Bun.sleep(300);
      await cutAndExpectLost(run, /^error: Upgrade of revision "p1" failed in execute\(\): .*statement: INSERT INTO t1 VALUES \(1\)/);
      await healAndRerun();
    }, 60_000);

    if (name === "mysql") {
      test("the partition stays: the server ends the orphaned session once idle for twice network_timeout, and a run from elsewhere takes the lock", async () => {
        const run = start(["-x", "pause=1500"]);
        expect(await waitFor(() => run.seen("Running upgrade") > 0, 15_000)).toBe(true);
        await Bun.sleep(300);
        await cutAndExpectLost(run, /^error: Upgrade of revision "p1" failed in execute\(\): /);
        const cutAt = Date.now() - exits.at(-1)!;
        // Still cut: the server never hears of our end. It ends the session, idle since the cut, at wait_timeout
        // (2 × network_timeout); before, after 8 hours (the server's default), holding the lock.
        expect(await db.sessionsEnded(4 * TIMEOUT_S * 1000)).toBe(true);
        const ended = Date.now() - cutAt;
        exits.push(ended);
        expect(ended).toBeLessThan((2 * TIMEOUT_S + 3) * 1000);
        // A run that does not go through the partition (another container) gets the lock at once and finds
        // the revision's committed CREATE TABLE reported.
        const next = await runBinary(["upgrade", "head", "--lock-timeout", "5"], dir, db.url, RUN_BOUND_MS);
        expect(next.code).toBe(1);
        expect(next.errors[0]).toContain(`The upgrade of revision "p1" was interrupted`);
      }, 60_000);
    }

    if (name === "postgres") {
      test("during the COMMIT: its outcome is unknown, and the server rolls it back once the network is back", async () => {
        const run = start(["-x", "slowCommit=30"]);
        expect(await waitFor(async () => Number((await db.query<{ n: unknown }>(server.running, ["COMMIT"]))[0]?.n) > 0, 15_000)).toBe(true);
        await cutAndExpectLost(run, /^error: The commit of revision "p1" failed: .*whether it took effect is unknown/);
        await healAndRerun();
      }, 60_000);
    }

    test("while connecting: the connect deadline", async () => {
      partition.cut();
      const cutAt = Date.now();
      const exit = await start(["--connect-timeout", "2"]).exit;
      expect({ hung: exit.hung, code: exit.code, errors: exit.errors.length }).toEqual({ hung: false, code: 6, errors: 1 });
      expect(Date.now() - cutAt).toBeLessThan(4000);
      expect(exit.errors[0]).toContain(`Cannot connect to ${server.label} at ${partition.host}:`);
      expect(exit.errors[0]).toContain("no answer within 2 s, the deadline set by --connect-timeout");
      await healAndRerun();
    }, 60_000);
  });
}

// Behind PgBouncer (transaction pooling, a pool of 1 server connection, which the run's own session holds
// during its transaction): the checks ask the pooler (an SSLRequest), not the server, so they neither wait
// in the pooler's queue (a healthy long statement runs to its end) nor leave a partition unseen.
describe("a silent network partition: postgres behind PgBouncer (pool of 1)", () => {
  let db: FaultDatabase;
  let partition: Partition;
  let bouncer: Awaited<ReturnType<typeof startPgBouncer>>;
  let dir: string;
  let url: string;
  beforeAll(async () => {
    db = await FaultDatabase.create("postgres");
    bouncer = await startPgBouncer(SERVERS["postgres"]!.port, 1);
    partition = Partition.create();
    url = partition.url(bouncer.url(parseDatabaseUrl(db.url).database ?? ""), await partition.relay(bouncer.port));
    dir = tempDir("migrator-partition-pooler-");
    writeProject(dir, [REVISION]);
    writeFileSync(join(dir, "migrator.ini"), `[migrator]\nscript_location = %(here)s/migrations\nnetwork_timeout = ${TIMEOUT_S}\n`);
  }, 60_000);
  afterAll(async () => {
    partition?.destroy();
    await bouncer?.stop();
    await db?.drop();
    if (dir) removeDir(dir);
  }, 60_000);

  test("without a partition, a statement running longer than network_timeout runs to its end", async () => {
    const started = Date.now();
    const run = await runBinary(["upgrade", "head", "-x", `stmt=${SERVERS["postgres"]!.healthy}`], dir, url, RUN_BOUND_MS, partition.prefix);
    expect({ code: run.code, errors: run.errors }).toEqual({ code: 0, errors: [] });
    expect(Date.now() - started).toBeGreaterThan(2.5 * TIMEOUT_S * 1000);
    expect(await db.versions()).toEqual(["p1"]);
    await db.reset();
  }, 60_000);

  test("during a long statement: the run exits within network_timeout, and the next one completes", async () => {
    const sleep = SERVERS["postgres"]!.sleep;
    const run = spawnBinary(["upgrade", "head", "-x", `stmt=${sleep}`], dir, url, RUN_BOUND_MS, partition.prefix);
    expect(await waitFor(async () => Number((await db.query<{ n: unknown }>(SERVERS["postgres"]!.running, [sleep]))[0]?.n) > 0, 15_000)).toBe(true);
    partition.cut();
    const cutAt = Date.now();
    const exit = await run.exit;
    const took = Date.now() - cutAt;
    printFigures("silent partition, postgres behind PgBouncer", { "exit after the cut ms": took, hung: exit.hung ? 1 : 0 });
    expect({ hung: exit.hung, code: exit.code, errors: exit.errors.length }).toEqual({ hung: false, code: 1, errors: 1 });
    expect(took).toBeLessThan(EXIT_BOUND_MS);
    expect(exit.errors[0]).toMatch(/^error: Upgrade of revision "p1" failed in execute\(\): /);
    expect(exit.errors[0]).toContain(`was lost (no answer for ${TIMEOUT_S} s, the deadline set by "network_timeout" in [migrator] (`);
    partition.heal();
    // The pooler hears our FIN once the network is back and gives its server connection back (the statement
    // it runs for us is cancelled or ends); then the next run completes.
    await db.killSessions();
    const next = await runBinary(["upgrade", "head"], dir, url, RUN_BOUND_MS, partition.prefix);
    expect({ code: next.code, errors: next.errors }).toEqual({ code: 0, errors: [] });
    expect(await db.versions()).toEqual(["p1"]);
  }, 60_000);
});
