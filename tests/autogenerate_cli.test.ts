/**
 * Autogenerate and check as a user runs them: the compiled binary in an empty folder (no node_modules),
 * and the same commands from source under Deno.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureBinary, root } from "./binary.ts";
import { removeDir, tempDir } from "./project.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const SCHEMA = `import { defineSchema, table } from "migrator";
export default defineSchema({
  tables: [
    table("users", [
      { name: "id", type: "integer", primaryKey: true, autoincrement: true },
      { name: "email", type: "varchar(255)", nullable: false, unique: true },
    ], { indexes: [{ columns: ["email"], where: "email <> ''" }] }),
    table("posts", [
      { name: "id", type: "integer", primaryKey: true, autoincrement: true },
      { name: "user_id", type: "integer", nullable: false, references: "users.id" },
    ]),
  ],
});
`;

function project(): string {
  const dir = tempDir("migrator-autogen-cli-");
  dirs.push(dir);
  writeFileSync(join(dir, "migrator.ini"), "[migrator]\nscript_location = migrations\nurl = sqlite:///app.db\ntarget_schema = schema.ts\n");
  writeFileSync(join(dir, "schema.ts"), SCHEMA);
  mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
  return dir;
}

function run(cmd: string[], cwd: string, env: Record<string, string> = {}) {
  const p = Bun.spawnSync(cmd, { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd, DENO_NO_UPDATE_CHECK: "1", ...env } });
  return { code: p.exitCode, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}

describe("autogenerate with the binary, in a folder without node_modules", () => {
  test("check, revision --autogenerate, upgrade, check again (online and offline), then an edit", () => {
    const bin = ensureBinary();
    const dir = project();
    const m = (...args: string[]) => run([bin, ...args], dir);
    const first = m("check");
    expect(first.code).toBe(3);
    expect(first.stdout).toStartWith("3 change(s) between the database and the schema:\n  createTable(\"users\"");
    const gen = m("revision", "--autogenerate", "-m", "first", "--rev-id", "a1");
    expect({ code: gen.code, stderr: gen.stderr }).toEqual({ code: 0, stderr: "" });
    expect(gen.stdout).toEndWith(`migrations/versions/a1_first.ts ... done\n`);
    const file = readFileSync(join(dir, "migrations", "versions", "a1_first.ts"), "utf8");
    expect(file).toContain(`await op.createIndex("ix_users_email", "users", ["email"], { where: "email <> ''" });`);
    expect(file).toContain(`  await op.dropTable("posts");\n  await op.dropTable("users");`);
    expect(m("upgrade", "head").code).toBe(0);
    expect(m("check")).toEqual({ code: 0, stdout: "No differences: the database matches the schema.\n", stderr: "" });
    expect(m("check", "--offline").code).toBe(0);
    const nothing = m("revision", "--autogenerate", "-m", "again");
    expect(nothing.code).toBe(0);
    expect(nothing.stderr).toContain("No changes");
    expect(readdirSync(join(dir, "migrations", "versions"))).toEqual(["a1_first.ts"]);

    writeFileSync(join(dir, "schema.ts"), SCHEMA.replace(`{ name: "user_id"`, `{ name: "title", type: "text" },\n      { name: "user_id"`));
    const json = m("check", "--json");
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).changes.map((c: { op: { kind: string } }) => c.op.kind)).toEqual(["addColumn"]);
    const sql = m("check", "--sql");
    expect(sql.stdout).toContain(`ALTER TABLE "posts" ADD COLUMN "title" TEXT`);
  }, 60_000);

  test("a typo in the schema is one line naming the property and the nearest one; no schema configured says how", () => {
    const bin = ensureBinary();
    const dir = project();
    writeFileSync(join(dir, "schema.ts"), SCHEMA.replace("nullable: false, unique", "nulable: false, unique"));
    const typo = run([bin, "check"], dir);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toBe(`error: table "users" column "email": unknown property "nulable"; did you mean "nullable"? (known: name, type, nullable, primaryKey, autoincrement, default, unique, comment, references, check, generated, collation, renamedFrom)\n`);
    writeFileSync(join(dir, "migrator.ini"), "[migrator]\nurl = sqlite:///app.db\n");
    const none = run([bin, "check"], dir);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("No schema to compare with: set target_schema = schema.ts");
  }, 60_000);
});

describe("autogenerate under Deno", () => {
  test("deno run cli.ts: check --offline, revision --autogenerate, upgrade, check", () => {
    const dir = project();
    const deno = join(root, "node_modules", ".bin", "deno");
    const d = (...args: string[]) => run([deno, "run", "-A", "--config", join(root, "deno.json"), join(root, "cli.ts"), ...args], dir);
    expect(d("check", "--offline").code).toBe(3);
    expect(d("revision", "--autogenerate", "-m", "first", "--rev-id", "d1").code).toBe(0);
    expect(d("upgrade", "head").code).toBe(0);
    const check = d("check");
    expect({ code: check.code, stdout: check.stdout }).toEqual({ code: 0, stdout: "No differences: the database matches the schema.\n" });
  }, 120_000);
});

describe.skipIf(!Bun.which("script"))("on a terminal (script(1) gives one)", () => {
  test("check never asks whether a column was renamed (a CI job with a terminal must not wait); revision --autogenerate asks", () => {
    const bin = ensureBinary();
    const dir = project();
    expect(run([bin, "revision", "--autogenerate", "-m", "first", "--rev-id", "a1"], dir).code).toBe(0);
    expect(run([bin, "upgrade", "head"], dir).code).toBe(0);
    writeFileSync(join(dir, "schema.ts"), SCHEMA.replace(`{ name: "email", type: "varchar(255)"`, `{ name: "mail", type: "varchar(255)"`).replace(`columns: ["email"], where: "email <> ''"`, `columns: ["mail"], where: "mail <> ''"`));
    const onTerminal = (args: string, input: string) => {
      const p = Bun.spawnSync(["script", "-qec", `"${bin}" ${args}`, "/dev/null"], { cwd: dir, stdin: Buffer.from(input), env: { PATH: process.env.PATH ?? "", HOME: dir, NO_COLOR: "1" }, timeout: 20_000 });
      return { code: p.exitCode, out: p.stdout.toString() };
    };
    const check = onTerminal("check", "");
    expect(check.out).not.toContain("renamed to");
    expect(check.code).toBe(3);
    expect(check.out).toContain(`batch.dropColumn("email")`);
    const gen = onTerminal("revision --autogenerate -m rename --rev-id a2", "y\n");
    expect(gen.out).toContain(`Was column "users.email" renamed to "mail"? [y/N]`);
    expect(gen.code).toBe(0);
    expect(readFileSync(join(dir, "migrations", "versions", "a2_rename.ts"), "utf8")).toContain(`batch.alterColumn("email", { newName: "mail" });`);
  }, 60_000);
});
