import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { removeScratchDirs, scratchDir } from "../testing/scratch.ts";
import { forgetSources, keepSource, keptModulesFilter, takeSource } from "./sources.ts";

afterAll(removeScratchDirs);
afterEach(forgetSources);

describe("kept sources", () => {
  test("a text is given once, and not at all after forgetSources()", () => {
    keepSource("/p/versions/a1.ts", "A");
    keepSource("/p/versions/a2.ts", "B");
    expect(takeSource("/p/versions/a1.ts")).toBe("A");
    expect(takeSource("/p/versions/a1.ts")).toBeUndefined();
    forgetSources();
    expect(takeSource("/p/versions/a2.ts")).toBeUndefined();
    expect(keptModulesFilter()).toBeUndefined();
  });

  test("the loader's filter takes the revision modules of kept folders, and leaves helpers, tests, declarations and .sql to Bun", () => {
    keepSource("/p/versions/a1_x.ts", "A");
    keepSource("/p/versions/sub/b1.mjs", "B");
    const filter = keptModulesFilter()!;
    for (const path of ["/p/versions/a1_x.ts", "/p/versions/other.js", "/p/versions/c.mts", "/p/versions/sub/b1.mjs"]) {
      expect(filter.test(path)).toBe(true);
    }
    for (const path of [
      "/p/versions/_util.js", "/p/versions/.hidden.ts", "/p/versions/types.d.ts", "/p/versions/a.test.ts", "/p/versions/a.spec.mjs",
      "/p/versions/helper.cjs", "/p/versions/r.sql", "/p/versions/deeper/x/y.ts", "/p/versionsX/a1.ts", "/q/p/versions/a1.ts",
    ]) {
      expect(filter.test(path)).toBe(false);
    }
  });

  test("a folder reached through a symbolic link is matched and taken by its real path too", () => {
    const root = scratchDir("migrator-sources-");
    mkdirSync(join(root, "real"));
    symlinkSync(join(root, "real"), join(root, "link"));
    keepSource(join(root, "link", "a1.ts"), "A");
    const filter = keptModulesFilter()!;
    expect(filter.test(join(root, "link", "a1.ts"))).toBe(true);
    expect(filter.test(join(root, "real", "a1.ts"))).toBe(true);
    expect(takeSource(join(root, "real", "a1.ts"))).toBe("A");
    expect(takeSource(join(root, "link", "a1.ts"))).toBeUndefined();
  });
});
