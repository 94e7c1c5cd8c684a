/**
 * A unique key that foreign keys reference, replaced (a unique constraint becomes a unique index; a primary
 * key gets other columns): PostgreSQL refuses to drop it while the keys exist ("other objects depend on
 * it"), so they go around the change; MySQL needs an index there, SQLite rebuilds the table. On each, the
 * revision upgrades a table with rows, leaves no difference online or offline, and downgrades.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { openSession } from "../../src/runtime/session.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

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
  let dir: string;
  let config: Config;
  const writeSchema = schemaWriter(() => dir);
  freshProject(`migrator-fktarget-${name}-`, database, (p) => ({ dir, config } = p));

  test("autogenerate, upgrade, no difference online or offline, downgrade, upgrade", async () => {
    for (const [i, def] of schemas.entries()) {
      const schema = writeSchema(def);
      const label = `schema ${i}`;
      await autogenerate({ config, schema, message: label, revId: `t${i}` });
      await upgrade({ config, revision: "head" });
      if (i === 0) {
        const session = await openSession(config);
        await session.conn.execute("INSERT INTO tenants (id, code) VALUES (1, 'a'), (2, 'b')");
        await session.conn.execute("INSERT INTO projects (id, tenant_code, tenant_id) VALUES (1, 'a', 1), (2, 'b', 2)");
        await session.conn.close();
      }
      expect({ label, online: (await diffSchema({ config, schema })).changes.map((c) => c.op) }).toEqual({ label, online: [] });
      expect({ label, offline: (await diffSchema({ config, schema, offline: true })).changes.map((c) => c.op) }).toEqual({ label, offline: [] });
      if (i === 0) continue;
      await downgrade({ config, revision: "-1" });
      await upgrade({ config, revision: "head" });
      expect({ label, again: (await diffSchema({ config, schema })).changes.map((c) => c.op) }).toEqual({ label, again: [] });
    }
  }, 120_000);
});
