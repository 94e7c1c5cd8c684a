/**
 * The version table in a schema of its own (version_table_schema), made by hand before the first upgrade
 * as migrator asks, and declared in the schema module with tables of its own: the history replayed offline
 * has that schema too, as the database does, so `check --offline` is clean (it wanted createSchema).
 */
import { describe, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

describe("the version table's own schema, declared: postgres", () => {
  const p = autogenerateProject("migrator-versionschema-postgres-", DATABASES["postgres"]!, { versionTableSchema: "ops" });

  test("autogenerate, upgrade, no difference online or offline", async () => {
    await p.sql("CREATE SCHEMA ops");
    await p.expectNoDifference(await p.revise({ schemas: ["ops"], tables: [table("ops.jobs", [{ name: "id", type: "integer", primaryKey: true }])] }, "jobs", "v1"));
  }, 120_000);
});
