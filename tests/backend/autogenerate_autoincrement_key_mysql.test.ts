/**
 * MySQL: the primary key of a table whose AUTO_INCREMENT column leads it, replaced by one on more
 * columns (as for partitioning), with the column widened, in a table with a foreign key:
 * MySQL refuses DROP PRIMARY KEY while the column counts ("there can be only one auto column and it must
 * be defined as a key"). The revision upgrades with rows in the table, leaves no difference online or
 * offline, downgrades and upgrades again.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { openSession } from "../../src/runtime/session.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

function schema(wide: boolean) {
  const idType = wide ? "bigint unsigned" : "int unsigned";
  return {
    tables: [
      table("users", [{ name: "id", type: "int unsigned", primaryKey: true, autoincrement: true }]),
      table("logs", [
        wide ? { name: "id", type: idType, nullable: false, autoincrement: true } : { name: "id", type: idType, primaryKey: true, autoincrement: true },
        { name: "user_id", type: "int unsigned", references: "users.id" },
        { name: "day", type: "date", nullable: false, default: "2020-01-01" },
      ], wide ? { primaryKey: { columns: ["id", "day"] } } : {}),
    ],
  };
}

describe("MySQL: a primary key led by an AUTO_INCREMENT column, replaced", () => {
  let dir: string;
  let config: Config;
  const writeSchema = schemaWriter(() => dir);
  freshProject("migrator-autoincrement-key-mysql-", DATABASES["mysql"]!, (p) => ({ dir, config } = p));

  const sql = async (statement: string): Promise<void> => {
    const session = await openSession(config);
    try {
      await session.conn.execute(statement);
    } finally {
      await session.conn.close();
    }
  };

  test("upgrades with rows, no difference online or offline, downgrades, upgrades", async () => {
    const first = writeSchema(schema(false));
    await autogenerate({ config, schema: first, message: "logs", revId: "k1" });
    await upgrade({ config, revision: "head" });
    await sql("INSERT INTO users () VALUES ()");
    await sql("INSERT INTO logs (user_id) VALUES (1), (1)");

    const second = writeSchema(schema(true));
    await autogenerate({ config, schema: second, message: "key", revId: "k2" });
    await upgrade({ config, revision: "head" });
    expect((await diffSchema({ config, schema: second })).changes).toEqual([]);
    expect((await diffSchema({ config, schema: second, offline: true })).changes).toEqual([]);
    await sql("INSERT INTO logs (user_id) VALUES (1)");

    await downgrade({ config, revision: "-1" });
    await sql("INSERT INTO logs (user_id) VALUES (1)");
    await upgrade({ config, revision: "head" });
    expect((await diffSchema({ config, schema: second })).changes).toEqual([]);
  }, 120_000);
});
