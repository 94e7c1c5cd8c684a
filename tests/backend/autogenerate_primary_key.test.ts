/**
 * Primary key changes the fuzzer found wrong (tests/backend/fuzz/), on every database: a one-column key
 * whose column is dropped (the downgrade added the key twice: once with the column, once on its own) or
 * added (the upgrade did), and
 * the key of a renamed table (PostgreSQL keeps the old name, t5_pkey, which autogenerate guessed as t9_pkey).
 */
import { describe, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

for (const [name, database] of Object.entries(DATABASES)) {
  describe(`primary keys the fuzzer found: ${name}`, () => {
    const p = autogenerateProject(`migrator-pk-${name}-`, database);

    test("the key's column dropped and another column made the key: upgrade, no difference, downgrade, upgrade", async () => {
      const before = await p.revise({ tables: [table("a", [{ name: "id", type: "integer", primaryKey: true, autoincrement: true }, { name: "code", type: "varchar(10)", nullable: false }])] }, "a", "a1");
      await p.expectNoDifference(before);
      const after = await p.revise({ tables: [table("a", [{ name: "code", type: "varchar(10)", primaryKey: true }])] }, "a without id", "a2");
      await p.expectRoundTrip(after);
    }, 60_000);

    test("a column added as the key of a table that had none: upgrade, no difference, downgrade, upgrade", async () => {
      await p.revise({ tables: [table("c", [{ name: "n", type: "integer" }])] }, "c", "c1");
      const keyed = await p.revise({ tables: [table("c", [{ name: "n", type: "integer" }, { name: "code", type: "varchar(10)", primaryKey: true }])] }, "c keyed", "c2");
      await p.expectRoundTrip(keyed);
    }, 60_000);

    test("the key of a renamed table dropped: upgrade, no difference, downgrade, upgrade", async () => {
      const columns = [{ name: "id", type: "integer", primaryKey: true, autoincrement: true }, { name: "n", type: "integer" }];
      await p.revise({ tables: [table("b5", columns)] }, "b5", "b1");
      const renamed = await p.revise({ tables: [table("b9", columns, { renamedFrom: "b5" })] }, "b9", "b2");
      await p.expectNoDifference(renamed);
      const keyless = await p.revise({ tables: [table("b9", [{ name: "id", type: "integer", nullable: false }, { name: "n", type: "integer" }])] }, "b9 keyless", "b3");
      await p.expectRoundTrip(keyless);
    }, 60_000);
  });
}
