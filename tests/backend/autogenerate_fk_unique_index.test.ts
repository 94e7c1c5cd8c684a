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

/**
 * The same with keys made in the same revision on a table that exists: a new table's key to a unique
 * constraint or primary key added to it comes after that key; and a table dropped together with the unique
 * key its foreign key references is dropped without its key coming back (it referenced what is gone).
 */
function existing(step: number) {
  const tenants = [
    // 0: no key on code or on id.
    [{ name: "id", type: "integer", nullable: false }, { name: "code", type: "varchar(10)", nullable: false }],
    // 1: a primary key on id and a unique constraint on code, each referenced by a new table.
    [{ name: "id", type: "integer", primaryKey: true }, { name: "code", type: "varchar(10)", nullable: false, unique: true }],
    // 2: the unique constraint gone, with the table that referenced it.
    [{ name: "id", type: "integer", primaryKey: true }, { name: "code", type: "varchar(10)", nullable: false }],
  ][step]!;
  const projects = table("projects", [id, { name: "tenant_code", type: "varchar(10)", references: "tenants.code" }, { name: "tenant_id", type: "integer", references: "tenants.id" }]);
  return { tables: [table("tenants", tenants), ...(step === 1 ? [projects] : [])] };
}

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`foreign keys to keys made or dropped with them: ${name}`, () => {
    const p = autogenerateProject(`migrator-fkmade-${name}-`, create);

    test("a new table referencing keys added to an existing table; then both dropped: upgrade, no difference, downgrade, upgrade", async () => {
      for (const step of [0, 1, 2]) {
        const label = `step ${step}`;
        await p.expectRoundTrip(await p.revise(existing(step), label, `k${step}`), label);
      }
    }, 120_000);
  });
}
