import { describe, expect, test } from "bun:test";
import { commandHelp, mainHelp } from "./help.ts";
import { COMMANDS } from "./spec.ts";

describe("--help", () => {
  test("every command's help is self-contained: usage, examples, exit codes, environment", () => {
    for (const [name, spec] of Object.entries(COMMANDS)) {
      const help = commandHelp(name, spec);
      expect(help).toStartWith(`usage: migrator ${name}`);
      for (const section of ["examples:\n  migrator ", "exit codes:\n    0  success\n    1  ", "environment:\n  DATABASE_URL "]) {
        if (!help.includes(section) && !(section.startsWith("examples") && name === "completion")) throw new Error(`${name} --help lacks "${section.split("\n")[0]}"`);
      }
      expect(help.includes("  6  the database cannot be reached")).toBe(spec.connects === true);
    }
  });

  test("the commands that take a revision say what one may be", () => {
    const flat = (name: string) => commandHelp(name, COMMANDS[name]!).replace(/\s+/g, " ");
    for (const name of ["upgrade", "downgrade", "stamp", "show", "merge"]) expect(flat(name)).toContain("relative moves +2, -1");
    expect(flat("history")).toContain("-3: the last three");
    expect(flat("downgrade")).toContain("Down to base, the version table stays (empty, as Alembic's does) and so does the history table");
    expect(mainHelp()).toContain('"up" runs upgrade');
  });

  test("upgrade and current describe fleets once, with their options", () => {
    for (const name of ["upgrade", "current"]) {
      const help = commandHelp(name, COMMANDS[name]!);
      expect(help.split("Fleets: with --urls-file").length).toBe(2);
      for (const option of ["--urls-file FILE", "--urls-query SQL", "--schemas PATTERN", "--concurrency N", "--continue-on-error"]) expect(help).toContain(`      ${option}`);
    }
  });
});
