/**
 * MySQL: the primary key of a table whose AUTO_INCREMENT column leads it, replaced by one on more
 * columns (as for partitioning), with the column widened, in a table with a foreign key:
 * MySQL refuses DROP PRIMARY KEY while the column counts ("there can be only one auto column and it must
 * be defined as a key"). The revision upgrades with rows in the table, leaves no difference online or
 * offline, downgrades and upgrades again.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

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
  const p = autogenerateProject("migrator-autoincrement-key-mysql-", DATABASES["mysql"]!);

  test("upgrades with rows, no difference online or offline, downgrades, upgrades", async () => {
    await p.revise(schema(false), "logs", "k1");
    await p.sql("INSERT INTO users () VALUES ()", "INSERT INTO logs (user_id) VALUES (1), (1)");

    const second = await p.revise(schema(true), "key", "k2");
    await p.expectNoDifference(second);
    await p.sql("INSERT INTO logs (user_id) VALUES (1)");

    await downgrade({ config: p.config, revision: "-1" });
    await p.sql("INSERT INTO logs (user_id) VALUES (1)");
    await upgrade({ config: p.config, revision: "head" });
    expect(await p.changes(second)).toEqual([]);
  }, 120_000);
});
