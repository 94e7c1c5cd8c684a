/**
 * A MariaDB Galera cluster of 3 nodes on loopback (galera.ts starts it, about 15 s): 16 racing
 * `upgrade head` spread round-robin over the nodes, on a fresh database and a half-migrated one, all exit
 * 0 and apply each revision once (race_log, the version and history tables and the tables agree on every
 * node) and leave no lease behind; a lock holder killed with SIGKILL is taken over within its lease; a
 * holder whose renewals are held back past its lease stops before its next revision; a revision creating
 * a MyISAM table is refused with one line; so is a node with wsrep_OSU_method = RSU.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ensureBinary } from "../binary.ts";
import { chain, removeDir, tempDir, writeProject } from "../project.ts";
import { startGalera, type GaleraCluster } from "./galera.ts";

const REVISIONS = 6;
const RACERS = 16;

let cluster: GaleraCluster;
let dir: string;

/** Each revision creates its table and logs itself with the node it ran on; c3 sleeps SLOW_C3 seconds (0 by default). */
function writeRaceProject(): void {
  writeProject(
    dir,
    chain(REVISIONS, "c").map((r) => ({
      ...r,
      // c3 may be interrupted by the kill test: the next run resumes it at the statement that did not finish.
      ...(r.id === "c3" ? { extra: "export const rerunnable = true;" } : {}),
      up:
        `await op.createTable("t_${r.id}", [{ name: "id", type: "integer", primaryKey: true }]);\n` +
        (r.id === "c3" ? `  await op.execute("SELECT SLEEP(" + Number(process.env.SLOW_C3 ?? 0) + ")");\n` : "") +
        `  await op.execute("INSERT INTO race_log (rev, node) VALUES (?, @@wsrep_node_name)", ["${r.id}"]);`,
      down_: `await op.dropTable("t_${r.id}");`,
    })),
  );
}

function run(node: number, database: string, args: string[], env: Record<string, string> = {}, suffix = "") {
  const url = cluster.nodes[node]!.url(database) + suffix;
  return Bun.spawn([ensureBinary(), ...args], { cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: dir, DATABASE_URL: url, ...env }, stderr: "pipe", stdout: "ignore" });
}

let databases = 0;
function freshDatabase(): string {
  const name = `galera_${++databases}`;
  cluster.sql(0, `CREATE DATABASE ${name}`);
  cluster.sql(0, "CREATE TABLE race_log (id INT AUTO_INCREMENT PRIMARY KEY, rev VARCHAR(10) NOT NULL, node VARCHAR(20) NOT NULL)", name);
  return name;
}

/** What every node has, read with causal reads so that each has applied what the cluster committed. */
function state(node: number, database: string) {
  const q = (sql: string) => cluster.sql(node, `SET SESSION wsrep_sync_wait = 1; ${sql}`, database);
  return {
    log: q("SELECT rev FROM race_log ORDER BY rev").split("\n").filter(Boolean),
    versions: q("SELECT version_num FROM migrator_version").split("\n").filter(Boolean),
    history: q("SELECT revision FROM migrator_history WHERE direction = 'upgrade' AND state = 'completed' ORDER BY revision").split("\n").filter(Boolean),
    tables: q("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 't\\_c%' ORDER BY table_name").split("\n").filter(Boolean),
    leases: q("SELECT COUNT(*) FROM migrator_lock"),
  };
}

async function race(database: string) {
  const started = Date.now();
  const procs = Array.from({ length: RACERS }, (_, i) => run(i % 3, database, ["upgrade", "head", "--lock-timeout", "120"]));
  const guard = setTimeout(() => procs.forEach((p) => p.kill(9)), 150_000);
  const codes = await Promise.all(procs.map((p) => p.exited));
  clearTimeout(guard);
  const errors = (await Promise.all(procs.map((p) => new Response(p.stderr).text()))).flatMap((s) => s.split("\n").filter((l) => l.startsWith("error:")));
  return { codes, errors, ms: Date.now() - started };
}

function expectEachRevisionOnce(database: string): void {
  const revs = chain(REVISIONS, "c").map((r) => r.id);
  for (const node of [0, 1, 2]) {
    const s = state(node, database);
    expect({ node, ...s }).toEqual({ node, log: revs, versions: [`c${REVISIONS}`], history: revs, tables: revs.map((r) => `t_${r}`), leases: "0" });
  }
}

beforeAll(async () => {
  ensureBinary();
  dir = tempDir("migrator-galera-project-");
  writeRaceProject();
  cluster = await startGalera(3, 110_000);
  console.log(`galera figures: cluster of 3 formed in ${(cluster.formedInMs / 1000).toFixed(1)} s`);
}, 140_000);

afterAll(async () => {
  await cluster?.stop();
  removeDir(dir);
}, 30_000);

describe("a Galera cluster of 3 nodes", () => {
  test("the nodes form one cluster of 3 with DDL in total order (TOI)", () => {
    expect(cluster.sql(1, "SELECT @@wsrep_on, @@wsrep_OSU_method")).toBe("1\tTOI");
    expect(cluster.sql(2, "SHOW STATUS LIKE 'wsrep_cluster_size'")).toBe("wsrep_cluster_size\t3");
  });

  test(`${RACERS} racing upgrade head over the 3 nodes, fresh: all exit 0, each revision once, no lease left`, async () => {
    const database = freshDatabase();
    const r = await race(database);
    console.log(`galera figures: ${RACERS} racers (fresh) exit codes ${r.codes.join(",")} in ${(r.ms / 1000).toFixed(1)} s`);
    expect(r.errors).toEqual([]);
    expect(r.codes).toEqual(Array(RACERS).fill(0));
    expectEachRevisionOnce(database);
  }, 160_000);

  test(`${RACERS} racing upgrade head over the 3 nodes, half-migrated: all exit 0, each revision once`, async () => {
    const database = freshDatabase();
    const first = run(1, database, ["upgrade", "c3"]);
    expect(await first.exited).toBe(0);
    const r = await race(database);
    console.log(`galera figures: ${RACERS} racers (half-migrated) exit codes ${r.codes.join(",")} in ${(r.ms / 1000).toFixed(1)} s`);
    expect(r.errors).toEqual([]);
    expect(r.codes).toEqual(Array(RACERS).fill(0));
    expectEachRevisionOnce(database);
  }, 160_000);

  test("the lock holder killed with SIGKILL: a run on another node takes over within the lease", async () => {
    const database = freshDatabase();
    const lease = 5;
    const holder = run(0, database, ["upgrade", "head"], { SLOW_C3: "30" }, `?migrator_lease=${lease}`);
    // Wait until it holds the lease and is in c3's sleep.
    const deadline = Date.now() + 30_000;
    while (!cluster.sql(0, "SELECT COUNT(*) FROM race_log WHERE rev = 'c2'", database).startsWith("1")) {
      if (Date.now() > deadline) throw new Error("the holder never applied c2");
      await Bun.sleep(100);
    }
    expect(cluster.sql(0, "SELECT COUNT(*) FROM migrator_lock", database)).toBe("1");
    // Past its first lease the holder still holds it (renewed on its own connection): a run on another node waits and times out.
    await Bun.sleep((lease + 1) * 1000);
    const waiter = run(2, database, ["upgrade", "head", "--lock-timeout", "1"]);
    expect(await waiter.exited).toBe(1);
    expect(await new Response(waiter.stderr).text()).toContain("Another migrator process has held the lock");
    holder.kill(9);
    await holder.exited;
    const started = Date.now();
    const next = run(1, database, ["upgrade", "head", "--lock-timeout", "60"]);
    const code = await next.exited;
    const ms = Date.now() - started;
    console.log(`galera figures: after kill -9 of the holder, the next run on another node finished in ${(ms / 1000).toFixed(1)} s (lease ${lease} s)`);
    expect(await new Response(next.stderr).text()).not.toContain("error:");
    expect(code).toBe(0);
    expect(ms).toBeLessThan((lease + 10) * 1000);
    expectEachRevisionOnce(database);
  }, 90_000);

  test("the lease's renewals held back past its end (another session locks its row): the holder stops before its next revision, without waiting for the lock; a later run completes", async () => {
    const database = freshDatabase();
    const lease = 2;
    // c3 sleeps 4 s, during which the row lock holds back every renewal for longer than the lease.
    const holder = run(0, database, ["upgrade", "head"], { SLOW_C3: "4" }, `?migrator_lease=${lease}`);
    const guard = setTimeout(() => holder.kill(9), 60_000);
    const deadline = Date.now() + 30_000;
    while (!cluster.sql(0, "SELECT COUNT(*) FROM race_log WHERE rev = 'c2'", database).startsWith("1")) {
      if (Date.now() > deadline) throw new Error("the holder never applied c2");
      await Bun.sleep(50);
    }
    const node = cluster.nodes[0]!.port;
    const locker = Bun.spawn(["mariadb", "-h127.0.0.1", `-P${node}`, "-uroot", database, "-e", "START TRANSACTION; SELECT * FROM migrator_lock FOR UPDATE; SELECT SLEEP(40); ROLLBACK;"], { stdout: "ignore", stderr: "ignore" });
    const started = Date.now();
    const code = await holder.exited;
    const ms = Date.now() - started;
    clearTimeout(guard);
    const errors = (await new Response(holder.stderr).text()).split("\n").filter((l) => l.startsWith("error:"));
    console.log(`galera figures: lease row locked during c3 (lease ${lease} s): the holder stopped ${(ms / 1000).toFixed(1)} s after c2, exit ${code}`);
    expect(code).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`The migration lease on "migrator_version" could not be renewed`);
    expect(errors[0]).toContain(`The run stopped before the upgrade of revision "c4"`);
    expect(errors[0]).toContain(`The database is at "c3"`);
    // c3's sleep, the lease's end and the release's 5 s bound: well before the row lock ends (40 s).
    expect(ms).toBeLessThan(20_000);
    // The locker is ended; the holder's row expires by itself and the next run takes it over.
    for (const id of cluster.sql(0, "SELECT id FROM information_schema.processlist WHERE info LIKE 'SELECT SLEEP(40)%'").split("\n").filter(Boolean)) cluster.sql(0, `KILL ${id}`);
    await locker.exited;
    const next = run(1, database, ["upgrade", "head"]);
    expect(await next.exited).toBe(0);
    expectEachRevisionOnce(database);
  }, 90_000);

  test("a node with wsrep_OSU_method = RSU is refused before any lock, with what to set", async () => {
    const database = freshDatabase();
    cluster.sql(2, "SET GLOBAL wsrep_OSU_method = 'RSU'");
    try {
      const p = run(2, database, ["upgrade", "head"]);
      expect(await p.exited).toBe(1);
      expect(await new Response(p.stderr).text()).toBe(
        `error: The Galera node at 127.0.0.1:${cluster.nodes[2]!.port} has wsrep_OSU_method = RSU, which runs DDL on this node only; set it to TOI (SET GLOBAL wsrep_OSU_method = 'TOI') before migrating\n`,
      );
    } finally {
      cluster.sql(2, "SET GLOBAL wsrep_OSU_method = 'TOI'");
    }
    expect(cluster.sql(0, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '${database}' AND table_name LIKE 'migrator%'`)).toBe("0");
  }, 30_000);

  test("a revision creating a MyISAM table is refused with one line", async () => {
    const database = freshDatabase();
    const project = tempDir("migrator-galera-myisam-");
    try {
      writeProject(project, [{ id: "m1", down: null, up: `await op.execute("CREATE TABLE m (id INT PRIMARY KEY) ENGINE=MyISAM");` }]);
      const p = Bun.spawnSync([ensureBinary(), "upgrade", "head"], { cwd: project, env: { PATH: process.env.PATH ?? "", HOME: project, DATABASE_URL: cluster.nodes[2]!.url(database) } });
      const stderr = p.stderr.toString();
      expect(p.exitCode).toBe(1);
      const errors = stderr.split("\n").filter((l) => l.startsWith("error:"));
      expect(errors.length).toBe(1);
      expect(errors[0]).toContain("This server is a Galera cluster node, and ENGINE=MyISAM tables are not replicated by Galera (only InnoDB is): use ENGINE=InnoDB");
      expect(cluster.sql(0, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '${database}' AND table_name = 'm'`)).toBe("0");
    } finally {
      removeDir(project);
    }
  }, 60_000);
});
