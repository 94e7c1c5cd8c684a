/**
 * The binary answers mistakes with what to do: other tools' command names, typos, an empty versions
 * folder, malformed URLs; multidb as printed by init; a closed pipe. Run from empty folders.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binary, ensureBinary, runIn } from "./binary.ts";
import { chain, removeDir, tempDir, withoutTimes, writeProject } from "./project.ts";

beforeAll(() => void ensureBinary(), 120_000);
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
function project(): string {
  const dir = tempDir("migrator-usage-");
  dirs.push(dir);
  return dir;
}

const run = runIn;

const SQLITE = { DATABASE_URL: "sqlite:///app.db" };

describe("command names", () => {
  test("Alembic's and dbmate's names: up works, the others say which command does it; typos get a suggestion", () => {
    const dir = project();
    writeProject(dir, chain(1));
    expect(withoutTimes(run(dir, ["up"], SQLITE).stderr)).toBe("Running upgrade  -> r1, rev r1\n");
    const said = (name: string) => run(dir, [name], SQLITE);
    expect(said("rollback")).toMatchObject({ code: 2, stderr: 'error: Unknown command "rollback": to revert the last revision, run "migrator downgrade -1" (dbmate\'s rollback)\n' });
    expect(said("down").stderr).toContain('"migrator downgrade -1"');
    expect(said("status").stderr).toContain('"migrator history -i"');
    expect(said("new").stderr).toContain('"migrator revision -m MESSAGE"');
    expect(said("edit").stderr).toContain('"migrator show REVISION"');
    expect(said("upgarde").stderr).toBe('error: Unknown command "upgarde"; did you mean "upgrade"? (run "migrator --help" for the list of commands)\n');
    expect(said("hist").stderr).toContain('did you mean "history"?');
    expect(said("xyzzy").stderr).toBe('error: Unknown command "xyzzy"; run "migrator --help" for the list of commands\n');
  });

  test("show current, as in Alembic; revision with several heads names --head", () => {
    const dir = project();
    writeProject(dir, [...chain(1), { id: "b1", down: null }]);
    expect(run(dir, ["show", "current"], SQLITE)).toMatchObject({ code: 0, stdout: "", stderr: "The database is at base (no revision applied)\n" });
    run(dir, ["upgrade", "r1"], SQLITE);
    expect(run(dir, ["show", "current"], SQLITE).stdout).toContain("Rev: r1");
    const several = run(dir, ["revision", "-m", "next"], SQLITE);
    expect(several.code).toBe(1);
    expect(several.stderr).toContain("name the one to build on with --head");
  });
});

describe("an empty project and malformed URLs", () => {
  test("a versions folder with no revisions, or only Alembic .py files, is reported, and no version table is created", () => {
    const dir = project();
    const versions = join(dir, "migrations", "versions");
    mkdirSync(versions, { recursive: true });
    const empty = run(dir, ["upgrade"], SQLITE);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toStartWith(`error: No revisions in ${versions} (the folder is empty): create one with "migrator revision -m MESSAGE"`);
    writeFileSync(join(versions, "1975ea83b712_create.py"), "revision = '1975ea83b712'\n");
    writeFileSync(join(versions, "ae1027a6acf0_add.py"), "revision = 'ae1027a6acf0'\n");
    const python = run(dir, ["upgrade"], SQLITE);
    expect(python.stderr).toStartWith(`error: No revisions in ${versions}: it holds 2 Alembic .py file(s), which migrator does not run;`);
    expect(run(dir, ["stamp", "head"], SQLITE).code).toBe(1);
    expect(Bun.file(join(dir, "app.db")).size).toBe(0); // nothing created
  });

  test("sqlite:/app.db is refused with the accepted forms; --sql without a URL says a bare scheme is enough", () => {
    const dir = project();
    writeProject(dir, chain(1));
    const bad = run(dir, ["upgrade", "--url", "sqlite:/app.db"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("sqlite:///relative.db (in the working folder), sqlite:////absolute/path.db");
    const offline = run(dir, ["upgrade", "--sql"]);
    expect(offline.stderr).toContain("an offline script only needs the dialect, so --url postgresql:// (or mysql://, sqlite://) is enough");
    expect(run(dir, ["upgrade", "--sql", "--url", "postgresql://"]).stdout).toContain('CREATE TABLE "migrator_version"');
  });
});

describe("--verbose", () => {
  test("stack traces name source files and lines, not the binary's bundled chunks", () => {
    const dir = project();
    const r = run(dir, ["current", "-v"], SQLITE);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n    at listFiles \(src\/script\/directory\.ts:\d+:\d+\)\n/);
    expect(r.stderr).not.toContain("$bunfs");
  });
});

describe("multidb and pipes", () => {
  test("init -t multidb's hint works as printed; current prints each header with its rows; --json is one object per database", () => {
    const dir = project();
    const init = run(dir, ["init", "-t", "multidb", "migrations"]);
    const hint = /e\.g\. "migrator (-n primary revision -m 'first')"/.exec(init.stdout);
    expect(hint).not.toBeNull();
    const env = { PRIMARY_DATABASE_URL: "sqlite:///p.db", ANALYTICS_DATABASE_URL: "sqlite:///a.db" };
    expect(run(dir, ["-n", "primary", "revision", "-m", "first", "--rev-id", "p1"], env).code).toBe(0);
    expect(run(dir, ["-n", "analytics", "revision", "-m", "first", "--rev-id", "a1"], env).code).toBe(0);
    expect(run(dir, ["upgrade"], env).code).toBe(0);
    expect(run(dir, ["current"], env)).toMatchObject({ code: 0, stdout: "[primary]\np1 (head)\n[analytics]\na1 (head)\n", stderr: "" });
    const json = JSON.parse(run(dir, ["current", "--json"], env).stdout);
    expect(Object.keys(json)).toEqual(["primary", "analytics"]);
    expect(json.primary.heads).toEqual(["p1"]);
    expect(json.analytics.heads).toEqual(["a1"]);
  });

  test("a closed pipe (history | head) ends quietly with status 0", () => {
    const dir = project();
    writeProject(dir, chain(2000));
    const p = Bun.spawnSync(["bash", "-c", `"${binary}" history -v | head -1; echo "status \${PIPESTATUS[0]}" >&2`], { cwd: dir, env: { PATH: process.env.PATH ?? "" } });
    expect(p.stdout.toString()).toBe("Rev: r2000 (head)\n");
    expect(p.stderr.toString()).toBe("status 0\n");
    // A run whose progress reader goes away still finishes: every revision applied, its own status.
    const up = Bun.spawnSync(["bash", "-c", `"${binary}" upgrade 2>&1 | head -1; echo "status \${PIPESTATUS[0]}" >&2`], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", ...SQLITE },
    });
    expect(up.stdout.toString()).toStartWith("Running upgrade  -> r1, rev r1");
    expect(up.stderr.toString()).toBe("status 0\n");
    expect(run(dir, ["current"], SQLITE).stdout).toBe("r2000 (head)\n");
  }, 60_000);
});
