import { afterAll, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chain, removeDir, tempDir, testConfig, writeProject } from "../../tests/project.ts";
import { ConfigError } from "../errors.ts";
import { fleetTargets } from "./sources.ts";

const dir = tempDir("migrator-fleet-sources-");
afterAll(() => removeDir(dir));
writeProject(dir, chain(1));

test("a URL list whose databases would share the config's version_table_schema table is refused", async () => {
  const list = (name: string, lines: string[]) => {
    writeFileSync(join(dir, name), `${lines.join("\n")}\n`);
    return { urlsFile: name };
  };
  const context = { cwd: dir, env: {} };
  const withSchema = { ...testConfig(dir, "sqlite:///unused.db"), versionTableSchema: "ops" };
  const pgTenants = list("pg.txt", ["a postgresql://u:pw@db/app?search_path=a", "b postgresql://u:pw@db/app?search_path=b"]);
  const error = await fleetTargets(withSchema, pgTenants, context).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect(String((error as Error).message)).toContain("a and b one version table (ops.");
  expect(String((error as Error).message)).not.toContain("pw");
  // MySQL: a schema is a database, so two databases of one server share ops.<version table>.
  const myTenants = list("my.txt", ["mysql://root@db:3306/a", "mysql://root@db:3306/b"]);
  expect(await fleetTargets(withSchema, myTenants, context).catch((e: unknown) => e)).toBeInstanceOf(ConfigError);
  // Apart: other databases (PostgreSQL), other servers, or no version_table_schema.
  const pgDatabases = list("pgdb.txt", ["postgresql://db/a", "postgresql://db/b", "mysql://db1/a", "mysql://db2/a"]);
  expect((await fleetTargets(withSchema, pgDatabases, context)).length).toBe(4);
  expect((await fleetTargets({ ...withSchema, versionTableSchema: null }, pgTenants, context)).length).toBe(2);
});
