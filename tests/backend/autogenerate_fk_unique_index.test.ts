/**
 * A foreign key that references a unique index (not a unique constraint): a new table's key is added after
 * the index (PostgreSQL: "there is no unique constraint matching given keys" when the CREATE TABLE has it),
 * and the comparison's scratch place makes indexes before keys (else the declared schema was refused
 * there). On every database: autogenerate, upgrade, no difference online or offline, downgrade, upgrade.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

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
    let dir: string;
    let config: Config;
    const writeSchema = schemaWriter(() => dir);
    freshProject(`migrator-fkuix-${name}-`, create, (p) => ({ dir, config } = p));

    test("new tables, then both changed (compared in the scratch place): upgrade, no difference, downgrade, upgrade", async () => {
      for (const [i, def] of [schema(false), schema(true)].entries()) {
        const path = writeSchema(def);
        const label = `schema ${i}`;
        await autogenerate({ config, schema: path, message: label, revId: `u${i}` });
        await upgrade({ config, revision: "head" });
        expect({ label, online: (await diffSchema({ config, schema: path })).changes.map((c) => c.op) }).toEqual({ label, online: [] });
        expect({ label, offline: (await diffSchema({ config, schema: path, offline: true })).changes.map((c) => c.op) }).toEqual({ label, offline: [] });
        await downgrade({ config, revision: "-1" });
        await upgrade({ config, revision: "head" });
      }
    }, 120_000);
  });
}
