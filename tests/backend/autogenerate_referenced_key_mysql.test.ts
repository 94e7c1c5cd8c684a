/**
 * MySQL: the primary key of a table that foreign keys reference moves to another column (an AUTO_INCREMENT
 * id keeps a unique key, a uuid becomes the key). MariaDB refuses DROP PRIMARY KEY while a foreign key
 * references its columns and no other index has them first (errno 150), and while the id counts: the
 * keys go around the change and the id stops counting meanwhile. The revision upgrades with rows, leaves
 * no difference online or offline, downgrades and upgrades again.
 */
import { describe, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

function schema(uuidKey: boolean) {
  return {
    tables: [
      table("users", [
        uuidKey ? { name: "id", type: "bigint unsigned", nullable: false, autoincrement: true, unique: true } : { name: "id", type: "bigint unsigned", primaryKey: true, autoincrement: true },
        uuidKey ? { name: "uuid", type: "char(36)", primaryKey: true, default: { sql: "uuid()" } } : { name: "uuid", type: "char(36)", nullable: false, default: { sql: "uuid()" } },
      ]),
      table("posts", [
        { name: "id", type: "bigint unsigned", primaryKey: true, autoincrement: true },
        { name: "user_id", type: "bigint unsigned", references: "users.id" },
      ]),
    ],
  };
}

describe("MySQL: a referenced primary key moved to another column", () => {
  const p = autogenerateProject("migrator-referenced-key-mysql-", DATABASES["mysql"]!);

  test("upgrades with rows, settles, downgrades, upgrades", async () => {
    await p.revise(schema(false), "users", "p1");
    await p.sql("INSERT INTO users () VALUES (), ()", "INSERT INTO posts (user_id) VALUES (1), (2)");
    await p.expectRoundTrip(await p.revise(schema(true), "uuid key", "p2"));
  }, 120_000);
});
