/**
 * Smoke tests of the compiled binary, run from empty folders with no node_modules anywhere near them,
 * as a user would run it in a container.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binary, ensureBinary } from "./binary.ts";
import { chain, removeDir, tempDir, withoutTimes, writeProject } from "./project.ts";

beforeAll(() => void ensureBinary(), 120_000);

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
function project(): string {
  const dir = tempDir("migrator-bin-");
  dirs.push(dir);
  return dir;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cwd: string, args: string[], env: Record<string, string> = {}): Run {
  const p = Bun.spawnSync([binary, ...args], { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd, ...env } });
  return { code: p.exitCode ?? -1, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}

function ok(r: Run): Run {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
}

describe("the compiled binary", () => {
  test("--version and --help", () => {
    const dir = project();
    expect(ok(run(dir, ["--version"])).stdout).toMatch(/^migrator \d+\.\d+\.\d+\n$/);
    expect(ok(run(dir, ["--help"])).stdout).toContain("upgrade");
    const help = ok(run(dir, ["upgrade", "--help"])).stdout;
    expect(help).toContain("--sql");
    // Self-contained: the default target, what a revision may be, examples, exit codes, environment.
    expect(help).toContain("(default: head;");
    expect(help).toContain("relative moves +2, -1");
    expect(help).toMatch(/examples:\n  migrator upgrade +# to head\n/);
    expect(help).toContain("  6  the database cannot be reached");
    expect(help).toContain("143  stopped by SIGTERM");
    expect(help).toMatch(/environment:\n  DATABASE_URL /);
    expect(ok(run(dir, ["current", "--help"])).stdout).toContain("  5  --check-heads: the database is not at every head");
    expect(ok(run(dir, ["check", "--help"])).stdout).toContain("  3  the database (or the history) differs");
    expect(ok(run(dir, ["heads", "--help"])).stdout).not.toContain("  6  ");
  });

  test("a misspelt config key is a warning naming the setting; -c naming a folder says so", () => {
    const dir = project();
    writeProject(dir, chain(1));
    writeFileSync(join(dir, "migrator.ini"), "[migrator]\nscript_location = %(here)s/migrations\ntransaction_per_migraton = true\n");
    const upgraded = ok(run(dir, ["upgrade", "head"], { DATABASE_URL: "sqlite:///app.db" }));
    expect(upgraded.stderr).toStartWith(
      `warning: "transaction_per_migraton" in [migrator] (${join(dir, "migrator.ini")}:3) is not a setting and is ignored; did you mean "transaction_per_migration"?\n`,
    );
    const folder = run(dir, ["current", "-c", "migrations"], { DATABASE_URL: "sqlite:///app.db" });
    expect(folder.code).toBe(1);
    expect(folder.stderr).toBe(`error: Config file ${join(dir, "migrations")} is a directory; name the file, e.g. -c ${join(dir, "migrations", "migrator.ini")}\n`);
  });

  test("init, revisions with a branch and a merge, upgrade, history, current, downgrade", () => {
    const dir = project();
    expect(existsSync(join(dir, "node_modules"))).toBe(false);
    ok(run(dir, ["init", "migrations"]));
    const env = { DATABASE_URL: "sqlite:///app.db" };
    ok(run(dir, ["revision", "-m", "create users", "--rev-id", "a1"], env));
    ok(run(dir, ["revision", "-m", "add posts", "--rev-id", "b2"], env));
    ok(run(dir, ["revision", "-m", "side branch", "--rev-id", "c3", "--head", "a1", "--splice", "--branch-label", "side"], env));
    const heads = ok(run(dir, ["heads"], env)).stdout;
    expect(heads).toContain("b2 (head)");
    expect(heads).toContain("c3 (side) (head)");
    const refused = run(dir, ["upgrade", "head"], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toContain("heads");
    ok(run(dir, ["merge", "heads", "-m", "merge", "--rev-id", "d4"], env));
    const up = ok(run(dir, ["upgrade", "head"], env));
    expect(up.stderr).toContain("Running upgrade a1 -> b2");
    expect(up.stderr).toContain("Running upgrade b2, c3 -> d4");
    expect(ok(run(dir, ["current"], env)).stdout).toBe("d4 (side) (head)\n"); // labels apply down the branch, as in Alembic
    const history = ok(run(dir, ["history"], env)).stdout;
    expect(history.split("\n")[0]).toBe("b2, c3 -> d4 (side) (head) (mergepoint), merge");
    expect(history).toContain("<base> -> a1 (branchpoint), create users");
    // A range as an option value, in every spelling.
    const ranged = ok(run(dir, ["history", "-r", "a1:b2"], env)).stdout;
    expect(ranged.split("\n").filter(Boolean)).toHaveLength(2);
    expect(ok(run(dir, ["history", "-r=a1:b2"], env)).stdout).toBe(ranged);
    expect(ok(run(dir, ["history", "--rev-range=a1:b2"], env)).stdout).toBe(ranged);
    const json = JSON.parse(ok(run(dir, ["history", "--json"], env)).stdout);
    expect(json.revisions.map((r: { revision: string }) => r.revision)).toHaveLength(4);
    ok(run(dir, ["downgrade", "b2"], env));
    expect(ok(run(dir, ["current"], env)).stdout.split("\n").filter(Boolean).sort()).toEqual(["b2", "c3 (side)"]);
    ok(run(dir, ["downgrade", "base"], env));
    expect(ok(run(dir, ["current"], env)).stdout).toBe("");
  });

  test("without any config file, DATABASE_URL and ./migrations/versions are enough", () => {
    const dir = project();
    const env = { DATABASE_URL: "sqlite:///app.db" };
    expect(run(dir, ["upgrade", "head"], env).stderr).toContain("migrations/versions does not exist");
    ok(run(dir, ["revision", "-m", "first", "--rev-id", "f1"], env));
    expect(existsSync(join(dir, "migrations", "versions", "f1_first.ts"))).toBe(true);
    expect(ok(run(dir, ["upgrade", "head"], env)).stderr).toMatch(/^Running upgrade  -> f1, first \.\.\. \d+\.\d\d s\nApplied 1 revision in \d+\.\d\d s\n$/);
    expect(ok(run(dir, ["current"], env)).stdout).toBe("f1 (head)\n");
  });

  test("multidb: each database on its own, or all in turn; one URL for two databases is refused", () => {
    const dir = project();
    ok(run(dir, ["init", "-t", "multidb", "migrations"]));
    const env = { PRIMARY_DATABASE_URL: "sqlite:///p.db", ANALYTICS_DATABASE_URL: "sqlite:///a.db" };
    ok(run(dir, ["-n", "primary", "revision", "-m", "users", "--rev-id", "p1"], env));
    ok(run(dir, ["-n", "analytics", "revision", "-m", "events", "--rev-id", "a1"], env));
    const up = ok(run(dir, ["upgrade", "head"], env));
    expect(withoutTimes(up.stderr)).toBe("[primary]\nRunning upgrade  -> p1, users\n[analytics]\nRunning upgrade  -> a1, events\n");
    expect(ok(run(dir, ["-n", "analytics", "current"], env)).stdout).toBe("a1 (head)\n");
    const same = run(dir, ["upgrade", "head"], { DATABASE_URL: "sqlite:///same.db" });
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('Databases "primary" and "analytics" have the same URL');
    expect(Object.keys(JSON.parse(ok(run(dir, ["current", "--json"], env)).stdout))).toEqual(["primary", "analytics"]);
  });

  test("offline --sql prints the script without a database", () => {
    const dir = project();
    writeProject(dir, chain(2));
    const r = ok(run(dir, ["upgrade", "head", "--sql"], { DATABASE_URL: "sqlite:///never-created.db" }));
    expect(r.stdout).toStartWith("BEGIN;\n");
    expect(r.stdout).toContain('CREATE TABLE "migrator_version"');
    expect(r.stdout).toContain("-- Running upgrade  -> r1, rev r1");
    expect(r.stdout).toContain(`INSERT INTO "migrator_version" ("version_num") VALUES ('r1');`);
    expect(r.stdout).toContain(`UPDATE "migrator_version" SET "version_num" = 'r2' WHERE "version_num" = 'r1';`);
    expect(r.stdout.trimEnd()).toEndWith("COMMIT;");
    expect(existsSync(join(dir, "never-created.db"))).toBe(false);
    const down = ok(run(dir, ["downgrade", "r2:base", "--sql"], { DATABASE_URL: "sqlite:///x.db" }));
    expect(down.stdout).toContain('DROP TABLE "t_r2"');
    expect(down.stdout).toContain(`DELETE FROM "migrator_version" WHERE "version_num" = 'r1';`);
    // Down to base, the script ends by dropping the version table it would have created (as Alembic's).
    expect(down.stdout).toEndWith(`DROP TABLE "migrator_version";\n\nCOMMIT;\n`);
  });

  test("an offline script runs as printed, even when a statement ends in a comment", () => {
    const dir = project();
    writeProject(dir, [{ id: "c1", down: null, up: `await op.execute("CREATE TABLE c (x int) -- trailing; comment");\n  await op.execute("INSERT INTO c VALUES (?) -- one ?", [1]);` }]);
    const script = ok(run(dir, ["upgrade", "head", "--sql"], { DATABASE_URL: "sqlite:///x.db" })).stdout;
    const db = new Database(":memory:");
    db.exec(script);
    expect(db.query("SELECT x FROM c").all()).toEqual([{ x: 1 }]);
    expect(db.query("SELECT version_num FROM migrator_version").all()).toEqual([{ version_num: "c1" }]);
    db.close();
  });

  test("errors are one line with a non-zero exit, and never show the password", () => {
    const dir = project();
    const unknown = run(dir, ["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('error: Unknown command "frobnicate"; run "migrator --help" for the list of commands\n');
    const badFlag = run(dir, ["upgrade", "--nope"]);
    expect(badFlag.code).toBe(2);
    writeProject(dir, chain(1));
    const noUrl = run(dir, ["upgrade", "head"]);
    expect(noUrl.code).toBe(1);
    expect(noUrl.stderr).toContain("DATABASE_URL");
    const secret = run(dir, ["current"], { DATABASE_URL: "postgresql://app:s3cr#t%40pw@127.0.0.1:1/db" });
    expect(secret.code).toBe(6);
    expect(secret.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(secret.stderr).not.toContain("s3cr");
    const verbose = run(dir, ["current", "--verbose"], { DATABASE_URL: "postgresql://app:s3cr#t%40pw@127.0.0.1:1/db" });
    expect(verbose.stderr).not.toContain("s3cr");
  });

  test("migrations value-import from \"migrator\" and .sql revisions run", () => {
    const dir = project();
    const versions = writeProject(dir, [
      { id: "r1", down: null, up: `const { sql } = await import("migrator");\n  await op.execute("CREATE TABLE tagged (v TEXT)");\n  await op.execute(sql\`INSERT INTO tagged VALUES (\${"it's"})\`);`, down_: `await op.dropTable("tagged");` },
    ]);
    writeFileSync(
      join(versions, "r2_plain.sql"),
      "-- revision: r2\n-- down_revision: r1\n-- message: plain sql\n\n-- migrate:up\nCREATE TABLE plain (id INTEGER);\nINSERT INTO plain VALUES (1);\n\n-- migrate:down\nDROP TABLE plain;\n",
    );
    ok(run(dir, ["upgrade", "head"], { DATABASE_URL: "sqlite:///app.db" }));
    const db = new Database(join(dir, "app.db"), { readonly: true });
    expect(db.query("SELECT count(*) AS n FROM plain").get()).toEqual({ n: 1 });
    expect(db.query("SELECT v FROM tagged").get()).toEqual({ v: "it's" });
    db.close();
    ok(run(dir, ["downgrade", "base"], { DATABASE_URL: "sqlite:///app.db" }));
  });

  test("revision files are read once and run as read: helper modules beside them (CommonJS too) and a .mjs revision load too", () => {
    const dir = project();
    const versions = writeProject(dir, [{ id: "h1", down: null, up: `const { columns } = await import("./_columns.ts");\n  await op.createTable("helped", columns);` }]);
    writeFileSync(join(versions, "_columns.ts"), `export const columns = [{ name: "id", type: "integer", primaryKey: true }];\n`);
    // CommonJS helpers (which the scan never reads) keep module.exports, imported or required.
    writeFileSync(join(versions, "_names.js"), `module.exports = { table: "helped", column: "note" };\n`);
    writeFileSync(join(versions, "_types.js"), `exports.text = "text";\n`);
    writeFileSync(
      join(versions, "h2_plain.mjs"),
      `import names from "./_names.js";\nimport { createRequire } from "node:module";\n` +
        `export const revision = "h2";\nexport const downRevision = "h1";\n` +
        `export async function upgrade(op) { const types = createRequire(import.meta.url)("./_types.js"); await op.addColumn(names.table, { name: names.column, type: types.text }); }\n`,
    );
    const script = ok(run(dir, ["upgrade", "head", "--sql"], { DATABASE_URL: "sqlite:///x.db" })).stdout;
    expect(script).toContain('CREATE TABLE "helped"');
    expect(script).toContain('ALTER TABLE "helped" ADD COLUMN "note" TEXT;');
  });

  test("current --check-heads fails until the database is at head; --wait retries the connection", () => {
    const dir = project();
    writeProject(dir, chain(2));
    const env = { DATABASE_URL: "sqlite:///app.db" };
    expect(ok(run(dir, ["current"], env)).stdout).toBe("");
    expect(existsSync(join(dir, "app.db"))).toBe(false); // reading creates nothing
    const before = run(dir, ["current", "--check-heads"], env);
    expect(before.code).toBe(5);
    expect(before.stderr).toContain("2 revision(s) not applied (r1, r2)");
    ok(run(dir, ["upgrade", "head"], env));
    expect(ok(run(dir, ["current", "--check-heads"], env)).stdout).toBe("r2 (head)\n");
    // Relative ranges look like options; every spelling works.
    const last = ok(run(dir, ["history", "-r", "-1:"], env)).stdout;
    expect(last).toBe("r1 -> r2 (head) (current), rev r2\n<base> -> r1, rev r1\n");
    expect(ok(run(dir, ["history", "-r=-1:"], env)).stdout).toBe(last);
    expect(ok(run(dir, ["history", "--rev-range", "-1:"], env)).stdout).toBe(last);
    const started = performance.now();
    const waited = run(dir, ["current", "--wait", "--wait-timeout", "1"], { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/test" });
    expect(waited.code).toBe(6);
    expect(waited.stderr).toMatch(/\(gave up after 1\.[0-9] s of --wait-timeout 1 s\)/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
  });

  test(".env is read by migrator's rules, bunfig.toml ignored; bad inputs are one line", () => {
    const dir = project();
    writeProject(dir, chain(1));
    writeFileSync(join(dir, ".env"), "DATABASE_URL=sqlite:///from_dotenv.db\n");
    writeFileSync(join(dir, "bunfig.toml"), 'preload = ["./pre.ts"]\n');
    writeFileSync(join(dir, "pre.ts"), 'console.log("PRELOAD RAN");\n');
    expect(run(dir, ["current", "--check-heads"]).stderr).toBe("error: The database is not at head: 1 revision(s) not applied (r1); run \"migrator upgrade heads\"\n");
    expect(run(dir, ["upgrade"]).code).toBe(0);
    expect(existsSync(join(dir, "from_dotenv.db"))).toBe(true);
    // The environment wins over .env.
    expect(run(dir, ["upgrade"], { DATABASE_URL: "sqlite:///from_env.db" }).code).toBe(0);
    expect(existsSync(join(dir, "from_env.db"))).toBe(true);
    writeFileSync(join(dir, "other.env"), "DATABASE_URL='sqlite:///other.db' # a comment\n");
    expect(run(dir, ["upgrade", "--env-file", "other.env"]).code).toBe(0);
    expect(existsSync(join(dir, "other.db"))).toBe(true);
    expect(run(dir, ["current", "--env-file", "missing.env"]).stderr).toStartWith("error: Cannot read the env file");
    const r = run(dir, ["current", "--no-env-file"]);
    expect(r).toEqual({ code: 1, stdout: "", stderr: "error: No database URL: set DATABASE_URL (in the environment or in .env), pass --url, or set url in the config file\n" });
    writeFileSync(join(dir, "notdb.db"), "hello");
    expect(run(dir, ["current", "--url", "sqlite:///notdb.db"]).stderr).toBe('error: Cannot open the SQLite database "notdb.db": file is not a database\n');
    // "unable to open database file" alone does not say why: the file system does.
    const noFolder = run(dir, ["upgrade", "--url", "sqlite:///missing/app.db"]);
    expect(noFolder.code).toBe(1);
    expect(noFolder.stderr).toBe(`error: Cannot open the SQLite database "missing/app.db": unable to open database file; the folder ${join(dir, "missing")} does not exist (create it, or fix the path in the URL: sqlite:///relative.db, sqlite:////absolute.db)\n`);
    mkdirSync(join(dir, "data"));
    expect(run(dir, ["upgrade", "--url", "sqlite:///data"]).stderr).toEndWith("unable to open database file; that path is a folder: name a file in it (sqlite:///data/app.db)\n");
    const purge = run(dir, ["stamp", "--purge", "head", "--sql"], { DATABASE_URL: "sqlite:///app.db" });
    expect(purge.code).toBe(2);
    expect(purge.stderr).toStartWith("error: --purge cannot be used with --sql");
    const env = { DATABASE_URL: "sqlite:///app.db" };
    ok(run(dir, ["stamp", "head"], env));
    const db = new Database(join(dir, "app.db"));
    db.run("INSERT INTO migrator_version VALUES ('deadbeef')");
    db.close();
    const unknown = run(dir, ["current", "--check-heads"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('"deadbeef", which this project does not have');
    const upgrading = run(dir, ["upgrade", "head"], env);
    expect(upgrading.code).toBe(1);
    expect(upgrading.stderr).toContain(`The database is at "deadbeef" (in "migrator_version"), which this project's revisions do not include`);
  });

  test("eight processes upgrading at once apply each revision exactly once", async () => {
    const dir = project();
    const revs = chain(5).map((r) => ({
      ...r,
      up: `await op.execute("CREATE TABLE IF NOT EXISTS applied (rev TEXT)");\n  await op.execute("INSERT INTO applied VALUES (?)", [${JSON.stringify(r.id)}]);`,
      down_: `await op.execute("DELETE FROM applied WHERE rev = ?", [${JSON.stringify(r.id)}]);`,
    }));
    writeProject(dir, revs);
    const procs = Array.from({ length: 8 }, () =>
      Bun.spawn([binary, "upgrade", "head"], { cwd: dir, env: { PATH: process.env.PATH ?? "", DATABASE_URL: "sqlite:///app.db" }, stderr: "pipe" }),
    );
    const codes = await Promise.all(procs.map((p) => p.exited));
    expect(codes).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    const db = new Database(join(dir, "app.db"), { readonly: true });
    expect(db.query("SELECT rev, count(*) AS n FROM applied GROUP BY rev ORDER BY rev").all()).toEqual(
      ["r1", "r2", "r3", "r4", "r5"].map((rev) => ({ rev, n: 1 })),
    );
    expect(db.query("SELECT version_num FROM migrator_version").all()).toEqual([{ version_num: "r5" }]);
    db.close();
  });
});

