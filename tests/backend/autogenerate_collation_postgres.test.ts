/**
 * PostgreSQL collations through a type change: a hand-written change to a type that takes none leaves
 * the column without one online and offline alike; a change to a domain over text keeps the declared
 * collation (autogenerate states it, the compiler writes it).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import type { Op } from "../../src/operations/ops.ts";
import { removeDir, schemaWriter, tempDir, testConfig, writeProject } from "../project.ts";
import { DATABASES, type TestDatabase } from "./databases.ts";

describe("PostgreSQL collations through a type change", () => {
  let db: TestDatabase;
  let dir: string;
  let config: Config;
  const writeSchema = schemaWriter(() => dir);
  const changes = async (schema: string, offline = false): Promise<Op[]> => (await diffSchema({ config, schema, offline })).changes.map((c) => c.op);

  beforeAll(async () => {
    db = await DATABASES["postgres"]!();
    dir = tempDir("migrator-collation-pg-");
    config = testConfig(dir, db.url);
    writeProject(dir, [
      {
        id: "p1",
        down: null,
        up: `await op.execute("CREATE DOMAIN email_d AS text");
  await op.createTable("t", [{ name: "id", type: "integer", primaryKey: true }, { name: "a", type: "text", collation: "C" }, { name: "dom", type: "text", collation: "POSIX" }]);`,
        down_: `await op.dropTable("t");\n  await op.execute("DROP DOMAIN email_d");`,
      },
      // By hand: integer takes no collation, so the column has none after (PostgreSQL drops it).
      { id: "p2", down: "p1", up: `await op.alterColumn("t", "a", { type: "integer", using: "length(a)" });`, down_: `await op.alterColumn("t", "a", { type: "text" });` },
    ]);
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
    removeDir(dir);
  }, 60_000);

  test("a type change to integer by hand: no collation online, none offline either", async () => {
    await upgrade({ config, revision: "head" });
    const s = writeSchema({ tables: [table("t", [{ name: "id", type: "integer", primaryKey: true }, { name: "a", type: "integer" }, { name: "dom", type: "text", collation: "POSIX" }])] });
    expect(await changes(s)).toEqual([]);
    expect(await changes(s, true)).toEqual([]);
  }, 120_000);

  test("a type change to a domain over text keeps the declared collation: clean online and offline after upgrade", async () => {
    const s = writeSchema({ tables: [table("t", [{ name: "id", type: "integer", primaryKey: true }, { name: "a", type: "integer" }, { name: "dom", type: "email_d", collation: "POSIX" }])] });
    const [op] = await changes(s);
    expect(op).toMatchObject({ kind: "alterColumn", column: "dom", type: "email_d", collation: "POSIX" });
    await autogenerate({ config, schema: s, message: "domain", revId: "p3" });
    await upgrade({ config, revision: "head" });
    expect(await changes(s)).toEqual([]);
    expect(await changes(s, true)).toEqual([]);
  }, 120_000);
});
