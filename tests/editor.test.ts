/**
 * A project that has only the binary type-checks its migrations: `migrator init` writes migrator.d.ts
 * (built into the binary from mod.ts), a tsconfig.json and a deno.json mapping "migrator" to it;
 * `migrator types` rewrites it. Checked with tsc --strict and deno check, with no node_modules in reach.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binary, ensureBinary, root } from "./binary.ts";
import { removeDir, tempDir } from "./project.ts";

beforeAll(() => void ensureBinary(), 120_000);
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const tsc = join(root, "node_modules", ".bin", "tsc");
const deno = join(root, "node_modules", ".bin", "deno");

function run(cmd: string[], cwd: string) {
  const p = Bun.spawnSync(cmd, { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" } });
  return { code: p.exitCode, out: p.stdout.toString() + p.stderr.toString() };
}

/** A fresh project: init, then one revision whose upgrade is `body`, and a schema module. */
function project(body: string): { dir: string; revision: string } {
  const dir = tempDir("migrator-editor-");
  dirs.push(dir);
  expect(run([binary, "init", "migrations"], dir).code).toBe(0);
  expect(run([binary, "revision", "-m", "create account", "--rev-id", "a1"], dir).code).toBe(0);
  const versions = join(dir, "migrations", "versions");
  const revision = join(versions, readdirSync(versions).find((f) => f.startsWith("a1"))!);
  writeFileSync(revision, readFileSync(revision, "utf8").replace(/\/\/ Add this revision's changes here.*/, body));
  writeFileSync(
    join(dir, "migrations", "schema.ts"),
    `import { defineSchema, table } from "migrator";
export default defineSchema({
  tables: [table("account", [{ name: "id", type: "integer", primaryKey: true }, { name: "email", type: "text", nullable: false }], { indexes: [{ columns: ["email"], unique: true }] })],
});
`,
  );
  return { dir, revision };
}

const GOOD = `await op.createTable("account", [{ name: "id", type: "integer", primaryKey: true }]);`;

describe("editors and type checking without node_modules", () => {
  test("init writes migrator.d.ts, tsconfig.json and deno.json; tsc --noEmit --strict passes", () => {
    const { dir } = project(GOOD);
    expect(readdirSync(dir).sort()).toEqual(["deno.json", "migrations", "migrator.d.ts", "migrator.ini", "tsconfig.json"]);
    expect(readFileSync(join(dir, "migrator.d.ts"), "utf8")).toContain(`declare module "migrator" {`);
    const r = run([tsc, "--noEmit", "--strict", "-p", "."], dir);
    expect(r).toEqual({ code: 0, out: "" });
  }, 60_000);

  test("a typo in an op name or a schema property fails tsc", () => {
    const { dir, revision } = project(`await op.createTabel("account", []);`);
    writeFileSync(join(dir, "migrations", "schema.ts"), `import { table } from "migrator";\nexport const t = table("a", [{ name: "id", type: "integer", nulable: true }]);\n`);
    const r = run([tsc, "--noEmit", "--strict", "-p", "."], dir);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(`${revision.slice(dir.length + 1)}(`);
    expect(r.out).toContain(`error TS2551: Property 'createTabel' does not exist on type 'Operations'. Did you mean 'createTable'?`);
    expect(r.out).toContain(`'nulable' does not exist in type 'DeclaredColumn'`);
  }, 60_000);

  test("deno check uses deno.json's mapping: passes, and fails on a typo", () => {
    const { dir, revision } = project(GOOD);
    expect(run([deno, "check", revision, join(dir, "migrations", "schema.ts")], dir)).toMatchObject({ code: 0 });
    writeFileSync(revision, readFileSync(revision, "utf8").replace("op.createTable", "op.createTabel"));
    const r = run([deno, "check", revision], dir);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain("Property 'createTabel' does not exist on type 'Operations'");
  }, 60_000);

  test("migrator types rewrites migrator.d.ts beside the config; init keeps an existing tsconfig.json", () => {
    const dir = tempDir("migrator-editor-");
    dirs.push(dir);
    writeFileSync(join(dir, "tsconfig.json"), "{}\n");
    const init = run([binary, "init", "migrations"], dir);
    expect(init.out).toContain(`Keeping ${join(dir, "tsconfig.json")}: map "migrator" to ./migrator.d.ts in it`);
    expect(readFileSync(join(dir, "tsconfig.json"), "utf8")).toBe("{}\n");
    const shipped = readFileSync(join(dir, "migrator.d.ts"), "utf8");
    writeFileSync(join(dir, "migrator.d.ts"), "stale");
    expect(run([binary, "types"], join(dir, "migrations"))).toMatchObject({ code: 0 }); // no config here: writes in cwd
    expect(run([binary, "-c", join(dir, "migrator.ini"), "types"], join(dir, "migrations"))).toEqual({ code: 0, out: `Wrote ${join(dir, "migrator.d.ts")}\n` });
    expect(readFileSync(join(dir, "migrator.d.ts"), "utf8")).toBe(shipped);
  }, 60_000);
});
