/**
 * Numbering turned on for a key column of a table that has rows (`autoincrement: true` added to the
 * declaration): the revision upgrades, the next row without a key gets one after the rows' largest (on
 * PostgreSQL an identity's sequence starts at 1, which repeated a key), no difference is left online or
 * offline, and the revision downgrades and upgrades again.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { openSession } from "../../src/runtime/session.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

const schema = (autoincrement: boolean) => ({
  tables: [table("counters", [{ name: "id", type: "integer", primaryKey: true, ...(autoincrement ? { autoincrement } : {}) }, { name: "label", type: "varchar(20)" }])],
});

async function run(config: Config, sql: string): Promise<void> {
  const session = await openSession(config);
  try {
    await session.conn.execute(sql);
  } finally {
    await session.conn.close();
  }
}

async function ids(config: Config): Promise<number[]> {
  const session = await openSession(config);
  try {
    const rows = await session.conn.query("SELECT id FROM counters ORDER BY id");
    return rows.map((r) => Number(r["id"]));
  } finally {
    await session.conn.close();
  }
}

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`numbering turned on for a key column with rows: ${name}`, () => {
    let dir: string;
    let config: Config;
    const writeSchema = schemaWriter(() => dir);
    freshProject(`migrator-identity-${name}-`, create, (p) => ({ dir, config } = p));

    test("the next row gets a key after the largest; no difference online or offline; downgrade, upgrade", async () => {
      const first = writeSchema(schema(false));
      await autogenerate({ config, schema: first, message: "counters", revId: "i1" });
      await upgrade({ config, revision: "head" });
      await run(config, "INSERT INTO counters (id, label) VALUES (1, 'a'), (2, 'b'), (7, 'c')");

      const second = writeSchema(schema(true));
      await autogenerate({ config, schema: second, message: "numbered", revId: "i2" });
      await upgrade({ config, revision: "head" });
      await run(config, "INSERT INTO counters (label) VALUES ('d')");
      expect(await ids(config)).toEqual([1, 2, 7, 8]);
      expect((await diffSchema({ config, schema: second })).changes).toEqual([]);
      expect((await diffSchema({ config, schema: second, offline: true })).changes).toEqual([]);
      await downgrade({ config, revision: "-1" });
      await upgrade({ config, revision: "head" });
      await run(config, "INSERT INTO counters (label) VALUES ('e')");
      expect(await ids(config)).toEqual([1, 2, 7, 8, 9]);
      expect((await diffSchema({ config, schema: second })).changes).toEqual([]);
    }, 120_000);
  });
}
