/**
 * MySQL: a generated column that an index, a unique key and a CHECK use, whose expression (then storage)
 * changes. It is dropped and added again, and MariaDB refused the drop while a key used it ("Key column
 * doesn't exist in table"): they go around it. Each revision upgrades with rows, leaves no difference
 * online or offline, downgrades and upgrades again.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { openSession } from "../../src/runtime/session.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

function schema(sql: string, stored: boolean) {
  return {
    tables: [
      table("g", [
        { name: "id", type: "integer", primaryKey: true },
        { name: "price", type: "decimal(10,2)" },
        { name: "vat", type: "decimal(10,2)", generated: { sql, stored } },
      ], { indexes: [{ columns: ["vat"] }, { columns: ["price", "vat"], unique: true }], checks: [{ name: "ck_g_vat", condition: "vat >= 0" }] }),
    ],
  };
}

describe("MySQL: a generated column that keys and CHECKs use, changed", () => {
  let dir: string;
  let config: Config;
  const writeSchema = schemaWriter(() => dir);
  freshProject("migrator-generated-keys-mysql-", DATABASES["mysql"]!, (p) => ({ dir, config } = p));

  test("each change upgrades with rows, settles and downgrades", async () => {
    let n = 0;
    for (const [sql, stored] of [["price * 0.2", false], ["price * 0.25", false], ["price * 0.25", true]] as const) {
      const path = writeSchema(schema(sql, stored));
      await autogenerate({ config, schema: path, message: `step ${++n}`, revId: `k${n}` });
      await upgrade({ config, revision: "head" });
      if (n === 1) {
        const session = await openSession(config);
        try {
          await session.conn.execute("INSERT INTO g (id, price) VALUES (1, 10), (2, 20)");
        } finally {
          await session.conn.close();
        }
      }
      expect((await diffSchema({ config, schema: path })).changes).toEqual([]);
      expect((await diffSchema({ config, schema: path, offline: true })).changes).toEqual([]);
      if (n > 1) {
        await downgrade({ config, revision: "-1" });
        await upgrade({ config, revision: "head" });
        expect((await diffSchema({ config, schema: path })).changes).toEqual([]);
      }
    }
  }, 120_000);
});
