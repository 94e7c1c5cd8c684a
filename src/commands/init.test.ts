import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, ScriptError, UsageError } from "../errors.ts";
import { init } from "./init.ts";
import { removeScratchDirs, scratchDir } from "../testing/scratch.ts";

afterAll(removeScratchDirs);

const cwd = () => scratchDir("migrator-init-");

describe("init", () => {
  test("generic: migrations folder and migrator.ini pointing at it", () => {
    const dir = cwd();
    const { files } = init({ directory: "db/migrations", cwd: dir });
    expect(files.sort()).toEqual([
      join(dir, "db/migrations/README"),
      join(dir, "db/migrations/script.ts.tmpl"),
      join(dir, "db/migrations/versions/.gitkeep"),
      join(dir, "migrator.ini"),
    ]);
    const ini = readFileSync(join(dir, "migrator.ini"), "utf8");
    expect(ini).toContain("\nscript_location = %(here)s/db/migrations\n");
    expect(ini).toContain("# version_locations = %(here)s/db/migrations/versions %(here)s/other/versions\n");
    expect(ini).toContain("url = ${DATABASE_URL}");
  });

  test("with declarations: migrator.d.ts, and a tsconfig.json and deno.json mapping it unless they exist", () => {
    const dir = cwd();
    writeFileSync(join(dir, "deno.jsonc"), "{}");
    const { files, kept } = init({ directory: "db/migrations", cwd: dir, declarations: "declare module \"migrator\" {}\n" });
    expect(files).toContain(join(dir, "migrator.d.ts"));
    expect(files).toContain(join(dir, "tsconfig.json"));
    expect(kept).toEqual([join(dir, "deno.json")]);
    expect(existsSync(join(dir, "deno.json"))).toBe(false);
    expect(readFileSync(join(dir, "migrator.d.ts"), "utf8")).toBe("declare module \"migrator\" {}\n");
    const tsconfig = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8"));
    expect(tsconfig.compilerOptions.paths).toEqual({ migrator: ["./migrator.d.ts"] });
    expect(tsconfig.include).toEqual(["migrator.d.ts", "db/migrations"]);
  });

  test("sql and multidb templates", () => {
    const a = cwd();
    init({ directory: "migrations", template: "sql", cwd: a });
    expect(existsSync(join(a, "migrations/script.sql.tmpl"))).toBe(true);
    expect(readFileSync(join(a, "migrator.ini"), "utf8")).toContain("revision_language = sql");
    const b = cwd();
    init({ directory: "dbs", template: "multidb", cwd: b });
    const ini = readFileSync(join(b, "migrator.ini"), "utf8");
    expect(ini).toContain("script_location = %(here)s/dbs/primary\n");
    expect(ini).toContain("script_location = %(here)s/dbs/analytics\n");
    expect(existsSync(join(b, "dbs/analytics/versions/.gitkeep"))).toBe(true);
  });

  test("an existing empty folder is fine; a non-empty one is refused", () => {
    const dir = cwd();
    mkdirSync(join(dir, "migrations"));
    init({ directory: "migrations", cwd: dir });
    const other = cwd();
    mkdirSync(join(other, "migrations"));
    writeFileSync(join(other, "migrations/x"), "");
    expect(() => init({ directory: "migrations", cwd: other })).toThrow(ScriptError);
    expect(() => init({ directory: "migrations", cwd: other })).toThrow(/exists and is not empty/);
  });

  test("an existing migrator.ini is refused before anything is written", () => {
    const dir = cwd();
    writeFileSync(join(dir, "migrator.ini"), "[migrator]\n");
    expect(() => init({ directory: "migrations", cwd: dir })).toThrow(ConfigError);
    expect(existsSync(join(dir, "migrations"))).toBe(false);
  });

  test("unknown template", () => {
    expect(() => init({ directory: "m", template: "nope", cwd: cwd() })).toThrow(UsageError);
  });

  test("a folder outside cwd is written as an absolute path", () => {
    const dir = cwd();
    const outside = join(cwd(), "m");
    init({ directory: outside, cwd: dir });
    expect(readFileSync(join(dir, "migrator.ini"), "utf8")).toContain(`\nscript_location = ${outside}\n`);
  });
});
