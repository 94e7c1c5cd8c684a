/**
 * A referenced column dropped in the revision that drops the table referencing it, found by the fuzzer: the
 * column's drop ran first, under the key ("cannot drop column ... because other objects depend on it"), and
 * the downgrade made the table again, key and all, before the column was back. The key goes first now, and
 * comes back last. On every database: upgrade, no difference, downgrade, upgrade.
 */
import { describe, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

for (const [name, database] of Object.entries(DATABASES)) {
  describe(`a referenced column dropped with the table that references it: ${name}`, () => {
    const p = autogenerateProject(`migrator-droptogether-${name}-`, database);

    test("upgrade, no difference online or offline, downgrade, upgrade", async () => {
      const parent = [{ name: "id", type: "integer", primaryKey: true }, { name: "n", type: "integer" }];
      const child = table("children", [{ name: "id", type: "integer", primaryKey: true }, { name: "parent_id", type: "integer", references: "parents.id" }]);
      await p.revise({ tables: [table("parents", parent), child] }, "both", "g1");
      const alone = await p.revise({ tables: [table("parents", [{ name: "n", type: "integer" }])] }, "alone", "g2");
      await p.expectRoundTrip(alone);
    }, 60_000);
  });
}
