import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ScriptError } from "../errors.ts";
import type { Operations } from "../operations/operations.ts";
import { readHeader } from "./header.ts";
import { importHeader, loadMigration, loadMigrations, registerMigratorModule } from "./load.ts";
import type { Revision } from "./revision.ts";
import { readSqlHeader } from "./sql_revision.ts";
import { removeScratchDirs, scratchDir } from "../testing/scratch.ts";

afterAll(removeScratchDirs);

/** An `op` that records what execute() receives. */
function recorder(): { op: Operations; executed: string[] } {
  const executed: string[] = [];
  const op = { execute: async (s: string) => void executed.push(s), context: { quoteSyntax: {} } } as unknown as Operations;
  return { op, executed };
}

const dir = scratchDir("migrator-load-");

function tsFile(name: string, body: string): Revision {
  const path = join(dir, name);
  writeFileSync(path, body);
  const rev = readHeader(body, path);
  if (!rev || "dynamic" in rev) throw new Error("test file must have a static header");
  return rev;
}

function sqlFile(name: string, body: string): Revision {
  const path = join(dir, name);
  writeFileSync(path, body);
  return readSqlHeader(body, path) as Revision;
}

const HEAD = (id: string, down = "null") => `export const revision = "${id}";\nexport const downRevision = ${down};\n`;

beforeAll(async () => {
  // While mod.ts cannot load (other modules being written), "migrator" falls back to the sql tag it re-exports.
  await registerMigratorModule(() => import("../../mod.ts").catch(() => import("../operations/sql_tag.ts")));
});

describe("loadMigration (modules)", () => {
  test("imports a module that imports values from \"migrator\" (a folder without node_modules)", async () => {
    const rev = tsFile(
      "a1.ts",
      `import type { Operations } from "migrator";\nimport { sql } from "migrator";\n${HEAD("a1")}` +
        `export async function upgrade(op: Operations): Promise<void> { await op.execute(sql\`up \${1}\`.sql); }\n` +
        `export async function downgrade(op: Operations): Promise<void> { await op.execute("down"); }\n`,
    );
    const mod = await loadMigration(rev);
    const { op, executed } = recorder();
    await mod.upgrade(op);
    await mod.downgrade(op);
    expect(executed[1]).toBe("down");
    expect(executed[0]).toStartWith("up ");
    expect(mod.transactional).toBe(true);
    expect(mod.transactionalDown).toBeUndefined();
  });

  test("reads transactional flags", async () => {
    const rev = tsFile("a2.mjs", `${HEAD("a2")}export const transactional = false;\nexport const transactionalDown = true;\nexport function upgrade() {}\n`);
    expect(await loadMigration(rev)).toMatchObject({ transactional: false, transactionalDown: true });
  });

  test("missing upgrade is a ScriptError; missing downgrade throws when called", async () => {
    const noUp = tsFile("a3.ts", `${HEAD("a3")}export function downgrade() {}\n`);
    await expect(loadMigration(noUp)).rejects.toThrow(/exports no upgrade\(\)/);
    const noDown = await loadMigration(tsFile("a4.ts", `${HEAD("a4")}export function upgrade() {}\n`));
    expect(() => noDown.downgrade(recorder().op)).toThrow(/cannot be downgraded/);
  });

  test("exports that disagree with the static header are ScriptErrors naming file and field", async () => {
    const rev = tsFile("a5.ts", `${HEAD("a5", '"p"')}export function upgrade() {}\n`);
    const lie: Revision = { ...rev, downRevisions: ["q"] };
    await expect(loadMigration(lie)).rejects.toThrow(/a5\.ts: the exported "downRevision" is "p" but the source text reads "q"/);
    await expect(loadMigration({ ...rev, dependsOn: ["x"] })).rejects.toThrow(/"dependsOn"/);
  });

  test("an import failure is a ScriptError naming the file", async () => {
    const rev = tsFile("a6.ts", `${HEAD("a6")}import "./does-not-exist.ts";\nexport function upgrade() {}\n`);
    const error = await loadMigration(rev).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScriptError);
    expect(String(error)).toContain("Cannot import");
  });

  test("importHeader reads computed headers", async () => {
    const path = join(dir, "a7.ts");
    writeFileSync(path, `const base = "a7";\nexport const revision = base + "x";\nexport const downRevisions = ["p", "q"];\nexport const branchLabels = "lbl";\n`);
    expect(await importHeader(path)).toEqual({
      revision: "a7x",
      downRevisions: ["p", "q"],
      branchLabels: ["lbl"],
      dependsOn: [],
      message: "",
      path,
    });
    const helper = join(dir, "helper.ts");
    writeFileSync(helper, "export const x = 1;\n");
    expect(await importHeader(helper)).toBeUndefined();
  });

  test("loads 1,000 modules in parallel, in order (timing: bench/run.ts)", async () => {
    const revs = Array.from({ length: 1000 }, (_, i) =>
      tsFile(`bulk_${i}.ts`, `import type { Operations } from "migrator";\n${HEAD(`b${i}`)}export async function upgrade(op: Operations) { await op.execute("x"); }\n`)
    );
    const mods = await loadMigrations(revs);
    expect(mods).toHaveLength(1000);
    expect(mods.every((m) => typeof m.upgrade === "function")).toBe(true);
  });
});

describe("loadMigration (SQL)", () => {
  test("runs each statement of each section", async () => {
    const rev = sqlFile(
      "s1.sql",
      "-- revision: s1\n-- down_revision: none\n-- migrate:up\nCREATE TABLE a (x text DEFAULT ';');\nINSERT INTO a VALUES ('1');\n-- migrate:down\nDROP TABLE a;\n",
    );
    const mod = await loadMigration(rev);
    const { op, executed } = recorder();
    await mod.upgrade(op);
    await mod.downgrade(op);
    expect(executed).toEqual(["CREATE TABLE a (x text DEFAULT ';')", "INSERT INTO a VALUES ('1')", "DROP TABLE a"]);
    expect(mod.transactional).toBe(true);
  });

  test("transaction:false, and no down section", async () => {
    const rev = sqlFile("s2.sql", "-- revision: s2\n-- down_revision: s1\n-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON a (x);\n");
    const mod = await loadMigration(rev);
    expect(mod.transactional).toBe(false);
    expect(() => mod.downgrade(recorder().op)).toThrow(/has no "-- migrate:down" section/);
  });

  test("a revision without a path cannot be loaded", async () => {
    await expect(loadMigration({ ...sqlFile("s3.sql", "-- revision: s3\n-- down_revision: none\n-- migrate:up\n"), path: "" })).rejects.toThrow(
      /no file to load/,
    );
  });
});

describe("loadMigration errors", () => {
  test("a syntax error names the file, line and column", async () => {
    const rev = tsFile("broken.ts", `export const revision = "br";\nexport const downRevision = null;\nexport async function upgrade(op) {\n  await op.execute("x" }\n}\n`);
    await expect(loadMigration(rev)).rejects.toThrow(/broken\.ts: line 4:\d+: Expected "\)" but found "\}"/);
  });
});
