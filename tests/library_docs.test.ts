/**
 * docs/library.md describes every export of mod.ts, and its examples type-check under Bun (tsc, with
 * the repository's strict settings) and under Deno (deno check, with deno.json's import map).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dir, "..");
const doc = readFileSync(join(root, "docs", "library.md"), "utf8");
const work = join(root, ".tmp", "library-docs");
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The names mod.ts exports, values and types (the op types of `export type *` are covered as a group). */
function exportNames(): string[] {
  const source = readFileSync(join(root, "mod.ts"), "utf8");
  const lists = [...source.matchAll(/^export (?:type )?\{([^}]*)\}/gm)].map((m) => m[1]!);
  return lists.flatMap((list) => list.split(",").map((s) => s.trim().replace(/^type /, "").split(/\s+as\s+/).pop()!).filter(Boolean));
}

function examples(): { deno: boolean; bun: boolean; code: string }[] {
  return [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => {
    const code = m[1]!;
    return { code, deno: true, bun: !code.startsWith("// Deno only") };
  });
}

function writeExamples(): { bun: string[]; deno: string[] } {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const files = { bun: [] as string[], deno: [] as string[] };
  examples().forEach((e, i) => {
    const file = join(work, `example_${i + 1}.ts`);
    writeFileSync(file, e.code);
    if (e.bun) files.bun.push(file);
    if (e.deno) files.deno.push(file);
  });
  writeFileSync(join(work, "tsconfig.json"), JSON.stringify({ extends: "../../tsconfig.json", compilerOptions: { noUnusedLocals: false }, include: files.bun.map((f) => f.slice(work.length + 1)) }));
  return files;
}

describe("docs/library.md", () => {
  test("names every export of mod.ts", () => {
    const names = exportNames();
    expect(names.length).toBeGreaterThan(80);
    expect(names.filter((n) => !doc.includes(`\`${n}`) && !new RegExp(`\\b${n}\\b`).test(doc))).toEqual([]);
    expect(doc).toContain("src/operations/ops.ts"); // the op types of `export type *`
  });

  test("every example type-checks with tsc (Bun) and deno check (Deno)", () => {
    const files = writeExamples();
    expect(files.bun.length).toBeGreaterThanOrEqual(8);
    const tsc = Bun.spawnSync([join(root, "node_modules", ".bin", "tsc"), "--noEmit", "-p", join(work, "tsconfig.json")], { cwd: root });
    expect({ code: tsc.exitCode, out: tsc.exitCode === 0 ? "" : tsc.stdout.toString() }).toEqual({ code: 0, out: "" });
    const deno = Bun.spawnSync([join(root, "node_modules", ".bin", "deno"), "check", "--config", join(root, "deno.json"), ...files.deno], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? root, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    });
    expect({ code: deno.exitCode, err: deno.exitCode === 0 ? "" : deno.stderr.toString() }).toEqual({ code: 0, err: "" });
  }, 120_000);
});
