import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeScratchDirs, scratchDir } from "../testing/scratch.ts";
import { isDynamicHeader, readHeader } from "./header.ts";

afterAll(removeScratchDirs);

const P = "/m/v/abc_x.ts";

describe("readHeader", () => {
  test("reads every export of a typical revision and the Create Date", () => {
    const src = `/**
 * add account
 *
 * Revision ID: abc
 * Revises: p1, p2
 * Create Date: 2024-05-01T12:00:00.000+00:00
 */
import type { Operations } from "migrator";

export const revision = "abc";
export const downRevision = ["p1", 'p2'];
export const branchLabels = ["billing"];
export const dependsOn = null;
export const message = "add \\"account\\" table";

export async function upgrade(op: Operations): Promise<void> {}
`;
    expect(readHeader(src, P)).toEqual({
      revision: "abc",
      downRevisions: ["p1", "p2"],
      branchLabels: ["billing"],
      dependsOn: [],
      message: 'add "account" table',
      path: P,
      createDate: "2024-05-01T12:00:00.000+00:00",
    });
  });

  test("accepts single strings, downRevisions, backticks, type annotations and as const", () => {
    const src = [
      "export const revision: string = 'r2' as const;",
      "export const downRevisions = `r1`;",
      'export const branchLabels = "main";',
      "export const dependsOn: readonly string[] = [\n  'x',\n  \"y\",\n];",
      "export const message = `it's \\`quoted\\``;",
    ].join("\n");
    const rev = readHeader(src, P);
    expect(rev).toMatchObject({ revision: "r2", downRevisions: ["r1"], branchLabels: ["main"], dependsOn: ["x", "y"], message: "it's `quoted`" });
  });

  test("null downRevision is a base; message falls back to the doc comment's first line", () => {
    const src = "/**\n * First revision\n */\nexport const revision = \"a\";\nexport const downRevision = null;\n";
    expect(readHeader(src, P)).toMatchObject({ downRevisions: [], branchLabels: [], dependsOn: [], message: "First revision" });
  });

  test("undefined when the module exports no revision", () => {
    expect(readHeader("export function helper() {}\nconst revision = 'x';\n", P)).toBeUndefined();
  });

  test("computed values give a DynamicHeader naming the field", () => {
    const computed = readHeader('export const revision = makeId("a");\nexport const downRevision = null;\n', P);
    expect(isDynamicHeader(computed)).toBe(true);
    expect(computed).toEqual({ dynamic: true, path: P, field: "revision" });
    const interp = readHeader("export const revision = 'a';\nexport const downRevision = null;\nexport const message = `v${n}`;\n", P);
    expect(interp).toMatchObject({ dynamic: true, field: "message" });
    expect(readHeader("const revision = 'a';\nexport { revision };\n", P)).toMatchObject({ dynamic: true });
    expect(readHeader("export const revision = 'a' + 'b';\nexport const downRevision = null;\n", P)).toMatchObject({ dynamic: true });
  });

  test("a header the text cannot settle (no downRevision seen, or seen twice) is left to an import", () => {
    expect(readHeader('export const revision = "a";\n', P)).toEqual({ dynamic: true, path: P, field: "downRevision" });
    expect(readHeader('export const revision = "a"; export const downRevision = null; export function upgrade() {}\n', P)).toMatchObject({ dynamic: true });
    expect(readHeader('export const revision = "a";\nexport const downRevision = null;\nconst s = `\nexport const downRevision = "z";`;\n', P)).toMatchObject({
      dynamic: true,
      field: "downRevision",
    });
    expect(() => readHeader('export const revision = "";\nexport const downRevision = null;\n', P)).toThrow(/non-empty/);
  });

  test("Windows line endings", () => {
    const src = "/**\r\n * Create Date: 2024-01-01\r\n */\r\nexport const revision = \"a\";\r\nexport const downRevision = \"b\";\r\n";
    expect(readHeader(src, P)).toMatchObject({ revision: "a", downRevisions: ["b"], createDate: "2024-01-01" });
  });

  test("unicode escapes", () => {
    expect(readHeader('export const revision = "a";\nexport const downRevision = null;\nexport const message = "caf\\u00e9 \\u{1F600}";', P))
      .toMatchObject({ message: "café 😀" });
  });

  test("the one-match path for plain values reads what the general path reads", () => {
    // A line terminator inside a string: the export after it is seen (the text is ambiguous), as before.
    expect(readHeader('export const revision = "a\u2028export const downRevision = null";\nexport const downRevision = "b";\n', P))
      .toEqual({ dynamic: true, path: P, field: "downRevision" });
    expect(readHeader('export const revision = "a\rexport const downRevision = null";\nexport const downRevision = "b";\n', P))
      .toEqual({ dynamic: true, path: P, field: "downRevision" });
    expect(readHeader('export const revision = "a"; // \u2028export const downRevision = null\n', P)).toMatchObject({ revision: "a", downRevisions: [] });
    expect(readHeader("export const revision = 'a' // note\nexport const downRevision = [ ];\nexport const branchLabels = [\n];\n", P))
      .toMatchObject({ revision: "a", downRevisions: [], branchLabels: [] });
    expect(readHeader('  export  const revision: string = "a"  as  const ;\n\texport var downRevisions = "b"\n', P)).toMatchObject({ downRevisions: ["b"] });
    expect(readHeader('export const revision = "a";\nexport const downRevision = nullish;\n', P)).toEqual({ dynamic: true, path: P, field: "downRevision" });
    expect(() => readHeader("export const revision = null as const;\nexport const downRevision = null;\n", P)).toThrow(/non-empty/);
  });

  test("an export counts only at the start of a line, after spaces and tabs", () => {
    const src = [
      "exportconst revision = 'no';",
      "x; export const revision = 'no';",
      "\t export\tconst revision = 'a';",
      "export  let downRevision = null; export const message = 'not this one';",
      "/* export const message = 'nor this' */",
      "export var message = 'm';",
    ].join("\n");
    expect(readHeader(src, P)).toMatchObject({ revision: "a", downRevisions: [], message: "m" });
  });

  test("reads 5,000 files from disk (timing: bench/run.ts)", () => {
    const dir = scratchDir("migrator-header-");
    const paths: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const p = join(dir, `r${i}.ts`);
      writeFileSync(
        p,
        `/**\n * m ${i}\n *\n * Revision ID: r${i}\n * Create Date: 2024-01-01\n */\nimport type { Operations } from "migrator";\n\n` +
          `export const revision = "r${i}";\nexport const downRevision = ${i ? `"r${i - 1}"` : "null"};\nexport const branchLabels = null;\n` +
          `export const dependsOn = null;\nexport const message = "m ${i}";\n\nexport async function upgrade(op: Operations): Promise<void> {\n  await op.execute("CREATE TABLE t${i} (id integer)");\n}\n`,
      );
      paths.push(p);
    }
    let n = 0;
    for (const p of paths) if (readHeader(readFileSync(p, "utf8"), p)) n++;
    expect(n).toBe(5000);
    // Writing 5,000 files takes seconds on a loaded machine: the time is bench/'s to measure, not this test's.
  }, 60_000);
});
