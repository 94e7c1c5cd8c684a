import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScriptError } from "../errors.ts";
import { scanRevisions } from "./directory.ts";
import { registerMigratorModule } from "./load.ts";
import { removeScratchDirs, scratchDir } from "../testing/scratch.ts";

afterAll(removeScratchDirs);

// While mod.ts cannot load (other modules being written), "migrator" falls back to the sql tag it re-exports.
beforeAll(() => registerMigratorModule(() => import("../../mod.ts").catch(() => import("../operations/sql_tag.ts"))));

const TS = (id: string, down = "null") => `export const revision = "${id}";\nexport const downRevision = ${down};\nexport function upgrade() {}\n`;
const SQL = (id: string) => `-- revision: ${id}\n-- down_revision: none\n-- migrate:up\nSELECT 1;\n`;

function tree(files: Record<string, string>): string {
  const root = scratchDir("migrator-dir-");
  for (const [rel, text] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, text);
  }
  return root;
}

describe("scanRevisions", () => {
  test("takes .ts .mts .js .mjs .sql, skips helpers, tests, declarations and non-revision modules", async () => {
    const root = tree({
      "a.ts": TS("a"),
      "b.mts": TS("b", '"a"'),
      "c.js": TS("c", '"b"'),
      "d.mjs": TS("d", '"c"'),
      "e.sql": SQL("e"),
      "types.d.ts": TS("no1"),
      "a.test.ts": TS("no2"),
      "_helper.ts": TS("no3"),
      ".hidden.ts": TS("no4"),
      "notes.txt": "x",
      "_shared.ts": "export const table = 'account';\n",
      "sub/f.ts": TS("f"),
    });
    const revs = await scanRevisions([root]);
    expect(revs.map((r) => r.revision)).toEqual(["a", "b", "c", "d", "e"]);
    expect(revs[1]).toMatchObject({ downRevisions: ["a"], path: join(root, "b.mts") });
  });

  test("a module without a revision export is an error (a typo like revison), not silently skipped", async () => {
    const root = tree({ "a.ts": TS("a"), "b_typo.ts": 'export const revison = "b";\nexport const downRevision = "a";\n' });
    await expect(scanRevisions([root])).rejects.toThrow(/b_typo\.ts exports no "revision".*rename it to start with "_"/);
  });

  test("several exports on one line are read by importing the module", async () => {
    const root = tree({ "a.ts": 'export const revision = "a"; export const downRevision = null; export async function upgrade() {}\n' });
    expect((await scanRevisions([root])).map((r) => [r.revision, r.downRevisions])).toEqual([["a", []]]);
  });

  test("recursive option descends into subfolders, except _ . and node_modules ones", async () => {
    const root = tree({ "a.ts": TS("a"), "2024/b.ts": TS("b"), "2024/05/c.sql": SQL("c"), "_old/x.ts": TS("x"), "node_modules/y.ts": TS("y") });
    expect((await scanRevisions([root], { recursive: true })).map((r) => r.revision).sort()).toEqual(["a", "b", "c"]);
  });

  test("revisions come in path order, subfolders included (sub.ts before sub/, as the full paths sort)", async () => {
    const root = tree({ "sub/b.ts": TS("b"), "sub.ts": TS("s"), "a.ts": TS("a"), "sub/a/z.ts": TS("z"), "sub-x.ts": TS("x"), "Z.ts": TS("Z") });
    const revs = await scanRevisions([root], { recursive: true });
    expect(revs.map((r) => r.revision)).toEqual(["Z", "a", "x", "s", "z", "b"]);
    expect(revs.map((r) => r.path)).toEqual(["Z.ts", "a.ts", "sub-x.ts", "sub.ts", "sub/a/z.ts", "sub/b.ts"].map((f) => join(root, f)));
  });

  test("several version locations", async () => {
    const one = tree({ "a.ts": TS("a") });
    const two = tree({ "b.ts": TS("b", '"a"') });
    expect((await scanRevisions([one, two])).map((r) => r.revision)).toEqual(["a", "b"]);
  });

  test("falls back to importing modules with computed headers", async () => {
    const root = tree({ "a.ts": TS("a"), "z.ts": 'const id = ["z", "1"].join("");\nexport const revision = id;\nexport const downRevision = "a";\n' });
    const revs = await scanRevisions([root]);
    expect(revs.map((r) => [r.revision, r.downRevisions])).toEqual([["a", []], ["z1", ["a"]]]);
  });

  test("a missing folder tells the user to run init or set version_locations", async () => {
    await expect(scanRevisions([join(tmpdir(), "migrator-nope-404")])).rejects.toThrow(/run "migrator init".*version_locations/);
  });

  test("a .sql file without a revision header is a ScriptError", async () => {
    const root = tree({ "seed.sql": "INSERT INTO a VALUES (1);\n" });
    await expect(scanRevisions([root])).rejects.toThrow(ScriptError);
  });

  test("scans 5,000 revisions (timing: bench/run.ts)", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 5000; i++) files[`r${i}_slug.ts`] = TS(`r${i}`, i ? `"r${i - 1}"` : "null");
    const root = tree(files);
    const revs = await scanRevisions([root]);
    expect(revs).toHaveLength(5000);
    expect(revs.find((r) => r.revision === "r4999")).toMatchObject({ downRevisions: ["r4998"] });
  });
});
