/**
 * The version table in a schema of its own (version_table_schema), made by hand before the first upgrade
 * as migrator asks, and declared in the schema module with tables of its own: the history replayed offline
 * has that schema too, as the database does, so `check --offline` is clean (it wanted createSchema).
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { openSession } from "../../src/runtime/session.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

describe("the version table's own schema, declared: postgres", () => {
  let dir: string;
  let config: Config;
  const writeSchema = schemaWriter(() => dir);
  freshProject("migrator-versionschema-postgres-", DATABASES["postgres"]!, (p) => {
    dir = p.dir;
    config = { ...p.config, versionTableSchema: "ops" };
  });

  test("autogenerate, upgrade, no difference online or offline", async () => {
    const session = await openSession(config);
    await session.conn.execute("CREATE SCHEMA ops");
    await session.conn.close();
    const schema = writeSchema({ schemas: ["ops"], tables: [table("ops.jobs", [{ name: "id", type: "integer", primaryKey: true }])] });
    await autogenerate({ config, schema, message: "jobs", revId: "v1" });
    await upgrade({ config, revision: "head" });
    expect((await diffSchema({ config, schema })).changes.map((c) => c.op)).toEqual([]);
    expect((await diffSchema({ config, schema, offline: true })).changes.map((c) => c.op)).toEqual([]);
  }, 120_000);
});
