/**
 * Primary key changes the fuzzer found wrong (tests/backend/fuzz/), on every database: a one-column key
 * whose column is dropped (the downgrade added the key twice: once with the column, once on its own) or
 * added (the upgrade did), and
 * the key of a renamed table (PostgreSQL keeps the old name, t5_pkey, which autogenerate guessed as t9_pkey), and
 * a named key whose column starts counting (its name was lost from the model, so the downgrade of the key's
 * drop made it again as t_pkey, and the earlier downgrade that drops pk_t failed: PostgreSQL seed 7026).
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import { reflectedByName } from "./autogenerate_round_trip.ts";
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

    test("a named key whose column starts counting, then the key dropped: no difference at each step; downgraded to base and upgraded again", async () => {
      const keyed = (auto: boolean) => table("k", [{ name: "id", type: "integer", nullable: false, ...(auto ? { autoincrement: true } : {}) }, { name: "n", type: "integer" }], { primaryKey: { name: "pk_k", columns: ["id"] } });
      await p.expectNoDifference(await p.revise({ tables: [keyed(false)] }, "k", "k1"));
      const counting = await p.revise({ tables: [keyed(true)] }, "k counting", "k2");
      await p.expectNoDifference(counting);
      const key = (await reflectedByName(p.config)).tables.find((t) => t.table.name === "k")!.primaryKey;
      // MySQL has one name for every key (PRIMARY): none is read back. The others keep the schema's.
      expect(key?.name).toBe(name === "mysql" ? undefined : "pk_k");
      const keyless = await p.revise({ tables: [table("k", [{ name: "id", type: "integer", nullable: false, ...(name === "postgres" ? { autoincrement: true } : {}) }, { name: "n", type: "integer" }])] }, "k keyless", "k3");
      await p.expectNoDifference(keyless);
      await downgrade({ config: p.config, revision: "base" });
      await upgrade({ config: p.config, revision: "head" });
      await p.expectNoDifference(keyless);
    }, 60_000);
  });
}
