/**
 * The binary explains what it does: progress with durations and a summary, what it waits for, JSON of a
 * run, `wait`, and exit codes that tell the failures apart. Run from empty folders.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { binary, ensureBinary, runIn } from "./binary.ts";
import { DATABASES } from "./backend/databases.ts";
import { chain, removeDir, tempDir, writeProject } from "./project.ts";

beforeAll(() => void ensureBinary(), 120_000);
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
function project(): string {
  const dir = tempDir("migrator-progress-");
  dirs.push(dir);
  return dir;
}

const run = runIn;

const SQLITE = { DATABASE_URL: "sqlite:///app.db" };

describe("progress and summary", () => {
  test("one line per revision with its duration, then a summary; -q and --json are quiet", () => {
    const dir = project();
    writeProject(dir, chain(2));
    const up = run(dir, ["upgrade", "head"], SQLITE);
    expect(up.code).toBe(0);
    expect(up.stderr).toMatch(/^Running upgrade  -> r1, rev r1 \.\.\. \d+\.\d\d s\nRunning upgrade r1 -> r2, rev r2 \.\.\. \d+\.\d\d s\nApplied 2 revisions in \d+\.\d\d s\n$/);
    expect(run(dir, ["upgrade", "head"], SQLITE).stderr).toBe('Nothing to do: the database is at "r2"\n');
    const down = run(dir, ["downgrade", "base", "-q"], SQLITE);
    expect(down).toEqual({ code: 0, stdout: "", stderr: "" });
    const json = run(dir, ["upgrade", "head", "--json"], SQLITE);
    expect(json.stderr).toBe("");
    const result = JSON.parse(json.stdout);
    expect(result.heads).toEqual(["r2"]);
    expect(result.steps.map((s: { revision: string; durationMs: number }) => [s.revision, typeof s.durationMs])).toEqual([["r1", "number"], ["r2", "number"]]);
    expect(typeof result.durationMs).toBe("number");
    const reverted = JSON.parse(run(dir, ["downgrade", "r1", "--json"], SQLITE).stdout);
    expect(reverted.steps.map((s: { direction: string }) => s.direction)).toEqual(["downgrade"]);
    expect(JSON.parse(run(dir, ["stamp", "head", "--json"], SQLITE).stdout)).toMatchObject({ heads: ["r2"], updates: [{ kind: "update", from: "r1", to: "r2" }] });
  });

  test("a revision that fails: its line is ended, the error on a line of its own", () => {
    const dir = project();
    writeProject(dir, [{ id: "a1", down: null }, { id: "b2", down: "a1", up: `await op.execute("SELECT * FROM nope");` }]);
    const r = run(dir, ["upgrade"], SQLITE);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Running upgrade  -> a1, rev a1 \.\.\. \d+\.\d\d s\nRunning upgrade a1 -> b2, rev b2 \.\.\.\nerror: Upgrade of revision "b2" failed/);
  });

  for (const name of ["sqlite", "postgres", "mysql"]) {
    test(`a run waiting for another one's lock says so (${name})`, async () => {
      const db = await DATABASES[name]!();
      try {
        const dir = project();
        writeProject(dir, [{ id: "s1", down: null, up: "await new Promise((r) => setTimeout(r, 1500));" }]);
        const env = { PATH: process.env.PATH ?? "", DATABASE_URL: db.url };
        const first = Bun.spawn([binary, "upgrade", "head"], { cwd: dir, env, stderr: "pipe" });
        await Bun.sleep(500);
        const second = Bun.spawn([binary, "upgrade", "head"], { cwd: dir, env, stderr: "pipe" });
        expect(await Promise.all([first.exited, second.exited])).toEqual([0, 0]);
        const text = await new Response(second.stderr).text();
        expect(text).toBe('waiting for the migration lock held by another process\nNothing to do: the database is at "s1"\n');
      } finally {
        await db.drop();
      }
    }, 30_000);
  }

  test.skipIf(!Bun.which("script"))("on a terminal (script(1) gives it one): colours, unless NO_COLOR is set", () => {
    const dir = project();
    writeProject(dir, chain(1));
    const onTerminal = (args: string, env: Record<string, string> = {}) =>
      Bun.spawnSync(["script", "-qec", `"${binary}" ${args}`, "/dev/null"], { cwd: dir, env: { PATH: process.env.PATH ?? "", ...SQLITE, ...env } }).stdout.toString();
    expect(onTerminal("upgrade")).toMatch(/\x1b\[32mApplied 1 revision\x1b\[0m in /);
    expect(onTerminal("upgrade nope")).toStartWith("\x1b[31merror:\x1b[0m ");
    expect(onTerminal("downgrade base", { NO_COLOR: "1" })).not.toContain("\x1b[");
  });

  test("NO_COLOR, or a pipe: no escape codes", () => {
    const dir = project();
    writeProject(dir, chain(1));
    expect(run(dir, ["upgrade", "head"], SQLITE).stderr).not.toContain("\x1b[");
    expect(run(dir, ["upgrade", "nope"], { ...SQLITE, NO_COLOR: "1" }).stderr).toStartWith("error: ");
  });
});

describe("wait and exit codes", () => {
  test("wait: gives up with exit 6 and says why every few seconds; an unknown database stops at once", () => {
    const dir = project();
    const started = performance.now();
    const gaveUp = run(dir, ["wait", "--wait-timeout", "4", "--url", "postgresql://postgres@127.0.0.1:1/test"]);
    expect(gaveUp.code).toBe(6);
    expect(gaveUp.stderr).toContain("waiting for the database (last error: Cannot connect to PostgreSQL at 127.0.0.1:1");
    // The whole timeout is waited: the last attempt is at the deadline, not a back-off step before it.
    expect(gaveUp.stderr).toMatch(/error: .*\(gave up after 4\.[0-9] s of --wait-timeout 4 s\)\n$/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(4000);
    const t0 = performance.now();
    const unknown = run(dir, ["wait", "--url", "postgresql://postgres@127.0.0.1:5432/no_such_database_here"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('database "no_such_database_here" does not exist');
    expect(performance.now() - t0).toBeLessThan(3000);
    // MySQL: an unknown database and a refused login, even under --wait.
    const t1 = performance.now();
    for (const url of ["mysql://root@127.0.0.1:3306/no_such_database_here", "mysql://no_such_user@127.0.0.1:3306/test"]) {
      const refused = run(dir, ["current", "--wait", "--url", url]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).not.toContain("waiting for the database");
    }
    expect(performance.now() - t1).toBeLessThan(3000);
    const up = run(dir, ["wait", "--url", "postgresql://postgres@127.0.0.1:5432/test"]);
    expect(up.code).toBe(0);
    expect(up.stderr).toMatch(/^The database accepts connections \(after \d+\.\d\d s\)\n$/);
  }, 30_000);

  test("current --check-heads: 5 while the database is behind, 0 at head", () => {
    const dir = project();
    writeProject(dir, chain(1));
    expect(run(dir, ["current", "--check-heads"], SQLITE).code).toBe(5);
    run(dir, ["upgrade", "head"], SQLITE);
    expect(run(dir, ["current", "--check-heads"], SQLITE).code).toBe(0);
  });
});
