/**
 * A foreign key depends on one of the unique keys of its referenced columns, which PostgreSQL picks when the
 * key is made (the first such index it finds), not necessarily the primary key. Found by the fuzzer: a unique
 * constraint added beside the primary key, then the primary key moved away and back (the downgrade made the
 * key again, now on the unique constraint): the downgrade that dropped the unique constraint failed ("other
 * objects depend on it"). A unique key made on referenced columns now has the keys to them go around it,
 * so that its drop in the downgrade has them go around too. On every database: downgrade to base, upgrade.
 */
import { describe, test } from "bun:test";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const columns = (pk: "id" | "code") => [
  { name: "id", type: "integer", nullable: false, ...(pk === "id" ? { primaryKey: true } : {}) },
  { name: "code", type: "integer", nullable: false, ...(pk === "code" ? { primaryKey: true } : {}) },
  { name: "parent", type: "integer" },
];
const fk = { foreignKeys: [{ name: "fk_a_parent", columns: ["parent"], refTable: "a", refColumns: ["id"] }] };

for (const [name, database] of Object.entries(DATABASES)) {
  describe(`the unique key a foreign key depends on: ${name}`, () => {
    const p = autogenerateProject(`migrator-fkchoice-${name}-`, database);

    test("a unique constraint beside the primary key, the primary key moved away: downgrade to base, upgrade", async () => {
      await p.revise({ tables: [table("a", columns("id"), fk)] }, "a", "k1");
      const withUnique = await p.revise({ tables: [table("a", columns("id"), { ...fk, uniques: [{ name: "uq_a_id", columns: ["id"] }] })] }, "unique", "k2");
      await p.expectNoDifference(withUnique);
      const moved = await p.revise({ tables: [table("a", columns("code"), { ...fk, uniques: [{ name: "uq_a_id", columns: ["id"] }] })] }, "moved", "k3");
      await p.expectNoDifference(moved);
      await downgrade({ config: p.config, revision: "base" });
      await upgrade({ config: p.config, revision: "head" });
      await p.expectNoDifference(moved);
    }, 60_000);
  });
}
