/**
 * An offline script has the lock wait deadline an online run has (table_lock_timeout): run by the server's
 * own client (psql, mariadb) while another session holds a lock on the table it alters, it fails at the
 * deadline instead of waiting (and queueing every later query on the table behind it).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { upgrade } from "../../src/commands/migrate.ts";
import { parseDatabaseUrl } from "../../src/config/url.ts";
import type { Connection } from "../../src/dialects/connection.ts";
import { loadDialect } from "../../src/dialects/registry.ts";
import { removeDir, tempDir, testConfig, writeProject } from "../project.ts";
import { DATABASES, type TestDatabase } from "./databases.ts";

const REVISION = { id: "a1", down: null, up: `await op.addColumn("busy", { name: "extra", type: "integer" });`, down_: `await op.dropColumn("busy", "extra");` };

/** The client command that runs a script from stdin and stops at its first error. */
function client(name: string, url: string): string[] {
  const u = new URL(url);
  const db = u.pathname.slice(1);
  if (name === "postgres") return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", u.hostname, "-p", u.port || "5432", "-U", decodeURIComponent(u.username), "-d", db];
  return ["mariadb", "-h", u.hostname, "-P", u.port || "3306", "-u", decodeURIComponent(u.username), db];
}

for (const name of ["postgres", "mysql"]) {
  describe(`an offline script's lock waits: ${name}`, () => {
    let db: TestDatabase;
    let holder: Connection;
    const dirs: string[] = [];
    beforeAll(async () => {
      db = await DATABASES[name]!();
      const parsed = parseDatabaseUrl(db.url);
      holder = await (await loadDialect(parsed.dialect)).connect(parsed, { timeoutMs: 5000 });
      await holder.execute("CREATE TABLE busy (id integer)");
    }, 60_000);
    afterAll(async () => {
      await holder?.close();
      await db?.drop();
      for (const d of dirs) removeDir(d);
    }, 60_000);

    const script = async (tableLockTimeoutMs: number) => {
      const dir = tempDir(`migrator-script-lock-${name}-`);
      dirs.push(dir);
      writeProject(dir, [REVISION]);
      return (await upgrade({ config: testConfig(dir, db.url, { tableLockTimeoutMs }), revision: "head", sql: true })).script!;
    };

    /** Run the script with the client while the table is held; the client's exit and output, or hung after boundMs. */
    const runHeld = async (text: string, boundMs: number) => {
      // The other session's hold on the table: a transaction that read it (its lock lasts until it ends).
      await holder.begin();
      await holder.execute("SELECT * FROM busy");
      try {
        const proc = Bun.spawn(client(name, db.url), { stdin: new Blob([text]), stdout: "pipe", stderr: "pipe" });
        const started = Date.now();
        const timer = setTimeout(() => proc.kill(9), boundMs);
        const code = await proc.exited;
        clearTimeout(timer);
        return { code, ms: Date.now() - started, hung: proc.signalCode === "SIGKILL", stderr: await new Response(proc.stderr).text() };
      } finally {
        await holder.rollback();
      }
    };

    test("with table_lock_timeout = 1 the script fails at the deadline, naming the lock wait, and leaves nothing", async () => {
      const run = await runHeld(await script(1000), 15_000);
      expect(run.hung).toBe(false);
      expect(run.code).not.toBe(0);
      expect(run.ms).toBeLessThan(8000);
      expect(run.stderr).toMatch(name === "postgres" ? /canceling statement due to lock timeout/ : /Lock wait timeout exceeded/);
      const columns = await holder.query<{ c: unknown }>(
        name === "postgres" ? "SELECT count(*) AS c FROM information_schema.columns WHERE table_name = 'busy' AND column_name = 'extra'" : "SELECT count(*) AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'busy' AND COLUMN_NAME = 'extra'",
      );
      expect(Number(columns[0]?.c)).toBe(0);
      await holder.execute("DROP TABLE IF EXISTS migrator_version");
    }, 30_000);

    test("with table_lock_timeout = 0 the script sets nothing: it waits for the lock as long as the server lets it", async () => {
      const text = await script(0);
      expect(text).not.toContain("lock_timeout");
      expect(text).not.toContain("lock_wait_timeout");
      const run = await runHeld(text, 3000);
      expect(run.hung).toBe(true);
      await holder.execute("DROP TABLE IF EXISTS migrator_version");
    }, 30_000);
  });
}
