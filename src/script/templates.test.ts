import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { generateTemplatesSource, OUTPUT_FILE } from "../../scripts/gen_templates.ts";
import { UsageError } from "../errors.ts";
import { builtinTemplate, listTemplates } from "./templates.ts";

describe("templates", () => {
  test("templates.gen.ts is up to date with templates/ (run `bun run scripts/gen_templates.ts`)", () => {
    expect(readFileSync(OUTPUT_FILE, "utf8")).toBe(generateTemplatesSource());
  });

  test("listTemplates names generic, multidb and sql with descriptions", () => {
    const list = listTemplates();
    expect(list.map((t) => t.name)).toEqual(["generic", "multidb", "sql"]);
    for (const t of list) expect(t.description.length).toBeGreaterThan(10);
  });

  test("each template has an ini, a README and a versions folder per database", () => {
    expect(Object.keys(builtinTemplate("generic").files)).toEqual([
      "migrations/README",
      "migrations/script.ts.tmpl",
      "migrations/versions/.gitkeep",
      "migrator.ini",
    ]);
    expect(builtinTemplate("sql").files).toHaveProperty(["migrations/script.sql.tmpl"]);
    const multi = builtinTemplate("multidb").files;
    for (const db of ["primary", "analytics"]) {
      expect(multi).toHaveProperty([`migrations/${db}/versions/.gitkeep`]);
      expect(multi).toHaveProperty([`migrations/${db}/script.ts.tmpl`]);
      expect(multi["migrator.ini"]).toContain(`[${db}]\n`);
    }
    expect(multi["migrator.ini"]).toContain("databases = primary, analytics");
  });

  test("unknown template is a UsageError listing the available ones", () => {
    expect(() => builtinTemplate("nope")).toThrow(UsageError);
    expect(() => builtinTemplate("toString")).toThrow('No template named "toString"; available: generic, multidb, sql');
  });
});
