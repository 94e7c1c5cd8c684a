import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, ScriptError } from "../errors.ts";
import { readHeader } from "./header.ts";
import { parseSqlRevision } from "./sql_revision.ts";
import { dateParts, formatFileName, generateRevisionId, renderTemplate, slugify, writeRevisionFile, type WriteRevisionOptions } from "./write.ts";
import { removeScratchDirs, scratchDir } from "../testing/scratch.ts";

afterAll(removeScratchDirs);

const NOW = new Date("2024-05-01T22:30:05.120Z");

function project(): { scriptLocation: string; versions: string } {
  const scriptLocation = scratchDir("migrator-write-");
  const versions = join(scriptLocation, "versions");
  mkdirSync(versions);
  return { scriptLocation, versions };
}

function options(p: { scriptLocation: string; versions: string }, extra: Partial<WriteRevisionOptions> = {}): WriteRevisionOptions {
  return {
    config: { scriptLocation: p.scriptLocation, fileTemplate: "%(rev)s_%(slug)s", truncateSlugLength: 40, timezone: null },
    directory: p.versions,
    parents: [],
    message: "Create account table",
    language: "ts",
    now: NOW,
    ...extra,
  };
}

describe("writeRevisionFile", () => {
  test("writes a TypeScript revision the header reader reads back", () => {
    const p = project();
    const rev = writeRevisionFile(options(p, { revision: "abc123", parents: ["p1", "p2"], branchLabels: ["billing"], dependsOn: ["d1"] }));
    const path = join(p.versions, "abc123_create_account_table.ts");
    expect(rev).toMatchObject({ revision: "abc123", downRevisions: ["p1", "p2"], path, message: "Create account table" });
    const text = readFileSync(path, "utf8");
    expect(text).toContain('export const downRevision = ["p1","p2"];');
    expect(text).toContain(" * Revises: p1, p2\n");
    expect(text).toContain(" * Create Date: 2024-05-01T22:30:05.120+00:00\n");
    expect(readHeader(text, path)).toEqual(rev);
  });

  test("a base revision with a generated id and a quoted message", () => {
    const p = project();
    const rev = writeRevisionFile(options(p, { message: 'say "hi" */ now' }));
    expect(rev.revision).toMatch(/^[0-9a-f]{12}$/);
    const text = readFileSync(rev.path, "utf8");
    expect(text).toContain("export const downRevision = null;");
    expect(text).toContain(" * say \"hi\" * / now\n");
    expect(readHeader(text, rev.path)).toMatchObject({ message: 'say "hi" */ now', downRevisions: [] });
  });

  test("indents multi-line upgrades and downgrades", () => {
    const p = project();
    const rev = writeRevisionFile(options(p, { revision: "r1", upgrades: 'await op.execute("a");\nawait op.execute("b");', downgrades: "" }));
    expect(readFileSync(rev.path, "utf8")).toContain('Promise<void> {\n  await op.execute("a");\n  await op.execute("b");\n}');
  });

  test("writes SQL revisions that parse back", () => {
    const p = project();
    const rev = writeRevisionFile(
      options(p, { revision: "s1", parents: ["p1"], language: "sql", upgrades: "CREATE TABLE a (id int);", downgrades: "DROP TABLE a;" }),
    );
    expect(rev.path).toEndWith("s1_create_account_table.sql");
    const parsed = parseSqlRevision(readFileSync(rev.path, "utf8"), rev.path);
    expect(parsed.header).toEqual(rev);
    expect(parsed.up.statements).toEqual(["CREATE TABLE a (id int)"]);
    expect(parsed.down?.statements).toEqual(["DROP TABLE a"]);
  });

  test("uses the project's script.ts.tmpl; unknown placeholders are ScriptErrors", () => {
    const p = project();
    writeFileSync(
      join(p.scriptLocation, "script.ts.tmpl"),
      "// custom $${notAPlaceholder}\nexport const revision = \"${revision}\";\nexport const downRevision = ${downRevision};\n" +
        "export const branchLabels = ${branchLabels};\nexport const dependsOn = ${dependsOn};\n",
    );
    const rev = writeRevisionFile(options(p, { revision: "c1" }));
    expect(readFileSync(rev.path, "utf8")).toStartWith("// custom ${notAPlaceholder}\n");
    writeFileSync(join(p.scriptLocation, "script.ts.tmpl"), "export const revision = \"${revision}\";\n${oops}\n");
    expect(() => writeRevisionFile(options(p, { revision: "c2" }))).toThrow(/unknown placeholder "\$\{oops\}" \(line 2\)/);
  });

  test("a template whose output cannot be read back is refused", () => {
    const p = project();
    writeFileSync(join(p.scriptLocation, "script.ts.tmpl"), "export const revision = id(\"${revision}\");\n");
    expect(() => writeRevisionFile(options(p, { revision: "c3" }))).toThrow(/cannot be read back/);
  });

  test("refuses to overwrite, to write into a missing folder, and bad ids", () => {
    const p = project();
    writeRevisionFile(options(p, { revision: "dup" }));
    expect(() => writeRevisionFile(options(p, { revision: "dup" }))).toThrow(/already exists/);
    expect(() => writeRevisionFile(options(p, { directory: join(p.versions, "nope") }))).toThrow(/run "migrator init"/);
    expect(() => writeRevisionFile(options(p, { revision: "a-b" }))).toThrow(ScriptError);
  });

  test("file_template with dates in a time zone, and subfolders", () => {
    const p = project();
    const rev = writeRevisionFile(
      options(p, {
        revision: "t1",
        config: {
          scriptLocation: p.scriptLocation,
          fileTemplate: "%(year)d/%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d%(second).2d-%(rev)s_%(slug)s",
          truncateSlugLength: 40,
          timezone: "Europe/Paris",
        },
      }),
    );
    expect(rev.path).toBe(join(p.versions, "2024/2024_05_02_003005-t1_create_account_table.ts"));
    expect(rev.createDate).toBe("2024-05-02T00:30:05.120+02:00");
  });
});

describe("helpers", () => {
  test("formatFileName handles Python-style tokens", () => {
    const v = { rev: "abc", slug: "s", year: 2024, month: 5, day: 1, hour: 0, minute: 0, second: 0, epoch: 1714600000 };
    expect(formatFileName("%(epoch)s_%(month)02d_%(day).2d_%(rev).2s_100%%", v)).toBe("1714600000_05_01_ab_100%");
    expect(() => formatFileName("%(nope)s", v)).toThrow(ConfigError);
    expect(() => formatFileName("%(rev)s %", v)).toThrow(/unknown token "%"/);
    expect(() => formatFileName("../%(rev)s", v)).toThrow(/invalid file name/);
  });

  test("slugify follows Alembic", () => {
    expect(slugify("Add a column; to 'users'!", 40)).toBe("add_a_column_to_users");
    expect(slugify("one two three four", 10)).toBe("one_two_");
    expect(slugify("Ajouter l'élève", 40)).toBe("ajouter_l_élève");
    expect(slugify("", 40)).toBe("");
  });

  test("dateParts in UTC and in a zone; bad zones are ConfigErrors", () => {
    expect(dateParts(NOW, null)).toMatchObject({ year: 2024, month: 5, day: 1, hour: 22, minute: 30, second: 5 });
    expect(dateParts(NOW, "America/New_York").iso).toBe("2024-05-01T18:30:05.120-04:00");
    expect(() => dateParts(NOW, "Mars/Olympus")).toThrow(/Unknown timezone "Mars\/Olympus"/);
  });

  test("renderTemplate and generateRevisionId", () => {
    expect(renderTemplate("a ${x} $${y}", { x: "1" })).toBe("a 1 ${y}");
    expect(new Set(Array.from({ length: 100 }, generateRevisionId)).size).toBe(100);
  });
});
