/**
 * The same CLI and library under Deno (from npm, `deno run`): embedded SQLite through node:sqlite,
 * migrations importing "migrator" through deno.json's import map.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { chain, removeDir, tempDir, withoutTimes, writeProject } from "./project.ts";

const root = resolve(import.meta.dir, "..");
const deno = join(root, "node_modules", ".bin", "deno");
const dirs: string[] = [];
const pgEnv = (): Record<string, string> => {
  const url = process.env["MIGRATOR_TEST_PG_URL"];
  return url ? { MIGRATOR_TEST_PG_URL: url } : {};
};
afterAll(() => dirs.forEach(removeDir));

function denoRun(cwd: string, args: string[], env: Record<string, string>) {
  const p = Bun.spawnSync([deno, "run", "-A", "--config", join(root, "deno.json"), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? cwd, DENO_NO_UPDATE_CHECK: "1", ...env },
  });
  return { code: p.exitCode, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}

describe("under Deno", () => {
  test("deno check type-checks the library, the CLI and the Deno suite", () => {
    const p = Bun.spawnSync([deno, "check", "--config", join(root, "deno.json"), "mod.ts", "cli.ts", "tests/deno/cli_suite.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? root, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    });
    expect({ code: p.exitCode, stderr: p.exitCode === 0 ? "" : p.stderr.toString() }).toEqual({ code: 0, stderr: "" });
  }, 120_000);

  // init, revision, upgrade, downgrade and --sql on SQLite and PostgreSQL: the suite `deno task test` runs.
  test("deno test tests/deno/cli_suite.ts passes", () => {
    const p = Bun.spawnSync([deno, "test", "-A", "--config", join(root, "deno.json"), "tests/deno/cli_suite.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? root, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1", ...pgEnv() },
    });
    const output = p.stdout.toString() + p.stderr.toString();
    expect({ code: p.exitCode, output: p.exitCode === 0 ? "" : output }).toEqual({ code: 0, output: "" });
    expect(output).toContain("2 passed | 0 failed");
  }, 180_000);

  test("deno run cli.ts upgrades an SQLite database and reports current", () => {
    const dir = tempDir("migrator-deno-");
    dirs.push(dir);
    writeProject(dir, [...chain(2), { id: "r3", down: "r2", up: `const { sql } = await import("migrator");\n  await op.execute(sql\`INSERT INTO t_r1 (id) VALUES (\${7})\`);`, down_: `await op.execute("DELETE FROM t_r1");` }]);
    const env = { DATABASE_URL: "sqlite:///app.db" };
    const up = denoRun(dir, [join(root, "cli.ts"), "upgrade", "head"], env);
    expect({ code: up.code, stderr: withoutTimes(up.stderr) }).toEqual({ code: 0, stderr: "Running upgrade  -> r1, rev r1\nRunning upgrade r1 -> r2, rev r2\nRunning upgrade r2 -> r3, rev r3\n" });
    expect(denoRun(dir, [join(root, "cli.ts"), "current"], env).stdout).toBe("r3 (head)\n");
    const db = new Database(join(dir, "app.db"), { readonly: true });
    expect(db.query("SELECT id FROM t_r1").all()).toEqual([{ id: 7 }]);
    db.close();
  }, 60_000);

  test("Deno code imports migrator as a library", () => {
    const dir = tempDir("migrator-deno-lib-");
    dirs.push(dir);
    writeProject(dir, chain(2));
    writeFileSync(
      join(dir, "main.ts"),
      `import { loadConfig, upgrade, heads } from "migrator";
const config = loadConfig({ cwd: Deno.cwd(), env: { DATABASE_URL: "sqlite:///lib.db" } });
const result = await upgrade({ config, revision: "head" });
console.log(JSON.stringify({ steps: result.steps.map((s) => s.revision), heads: (await heads({ config })).map((h) => h.revision) }));
`,
    );
    const r = denoRun(dir, ["main.ts"], {});
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ steps: ["r1", "r2"], heads: ["r2"] });
  }, 60_000);
});
