/**
 * A foreign key that references a unique index (not a unique constraint): a new table's key is added after
 * the index (PostgreSQL: "there is no unique constraint matching given keys" when the CREATE TABLE has it),
 * and the comparison's scratch place makes indexes before keys (else the declared schema was refused
 * there). On every database: autogenerate, upgrade, no difference online or offline, downgrade, upgrade.
 */
import { describe, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const id = { name: "id", type: "integer", primaryKey: true };

function schema(more: boolean) {
  const extra = more ? [{ name: "note", type: "varchar(20)" }] : [];
  return {
    tables: [
      table("tenants", [id, { name: "code", type: "varchar(10)", nullable: false }, ...extra], { indexes: [{ name: "ux_tenants_code", columns: ["code"], unique: true }] }),
      table("projects", [id, { name: "tenant_code", type: "varchar(10)", references: "tenants.code" }, ...extra]),
    ],
  };
}

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`a foreign key to a unique index: ${name}`, () => {
    const p = autogenerateProject(`migrator-fkuix-${name}-`, create);

    test("new tables, then both changed (compared in the scratch place): upgrade, no difference, downgrade, upgrade", async () => {
      for (const [i, def] of [schema(false), schema(true)].entries()) {
        const label = `schema ${i}`;
        await p.expectNoDifference(await p.revise(def, label, `u${i}`), label);
        await downgrade({ config: p.config, revision: "-1" });
        await upgrade({ config: p.config, revision: "head" });
      }
    }, 120_000);
  });
}
