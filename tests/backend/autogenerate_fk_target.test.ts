/**
 * A unique key that foreign keys reference, replaced (a unique constraint becomes a unique index; a primary
 * key gets other columns): PostgreSQL refuses to drop it while the keys exist ("other objects depend on
 * it"), so they go around the change; MySQL needs an index there, SQLite rebuilds the table. On each, the
 * revision upgrades a table with rows, leaves no difference online or offline, and downgrades.
 */
import { describe, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const projects = table("projects", [
  { name: "id", type: "integer", primaryKey: true },
  { name: "tenant_code", type: "varchar(10)", references: { table: "tenants", column: "code", onDelete: "cascade" } },
  { name: "tenant_id", type: "integer", references: "tenants.id" },
]);

const schemas = [
  // A unique constraint on code, the primary key on id.
  { tables: [table("tenants", [{ name: "id", type: "integer", primaryKey: true }, { name: "code", type: "varchar(10)", nullable: false, unique: true }]), projects] },
  // The unique constraint becomes a unique index.
  { tables: [table("tenants", [{ name: "id", type: "integer", primaryKey: true }, { name: "code", type: "varchar(10)", nullable: false }], { indexes: [{ name: "ux_tenants_code", columns: ["code"], unique: true }] }), projects] },
  // The primary key moves to code; id keeps a unique constraint.
  {
    tables: [
      table("tenants", [{ name: "id", type: "integer", nullable: false, unique: true }, { name: "code", type: "varchar(10)", primaryKey: true }], { indexes: [{ name: "ux_tenants_code", columns: ["code"], unique: true }] }),
      projects,
    ],
  },
];

for (const [name, database] of Object.entries(DATABASES)) describe(`a unique key that foreign keys reference, replaced: ${name}`, () => {
  const p = autogenerateProject(`migrator-fktarget-${name}-`, database);

  test("autogenerate, upgrade, no difference online or offline, downgrade, upgrade", async () => {
    for (const [i, def] of schemas.entries()) {
      const label = `schema ${i}`;
      const schema = await p.revise(def, label, `t${i}`);
      if (i === 0) {
        await p.sql("INSERT INTO tenants (id, code) VALUES (1, 'a'), (2, 'b')", "INSERT INTO projects (id, tenant_code, tenant_id) VALUES (1, 'a', 1), (2, 'b', 2)");
        await p.expectNoDifference(schema, label);
      } else await p.expectRoundTrip(schema, label);
    }
  }, 120_000);
});
