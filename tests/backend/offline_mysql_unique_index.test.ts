/**
 * MySQL's unique index and unique constraint are one object. A table that a downgrade makes again is written
 * with its unique keys as CONSTRAINT ... UNIQUE; an earlier revision's downgrade then drops one with DROP
 * INDEX. The offline tracker took that DROP INDEX for none (it looked among the indexes only), so it still
 * saw the unique key serving a foreign key, and the script dropped the primary key under the foreign key
 * without the index InnoDB needs ("Foreign key constraint is incorrectly formed"). Found by the fuzzer
 * (MariaDB seed 7019); the online downgrade always passed.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { downgrade } from "../../src/commands/migrate.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

describe("offline downgrade over a MySQL table made again by a downgrade: mysql", () => {
  const p = autogenerateProject("migrator-offline-unique-", DATABASES["mysql"]!);

  test("the DROP INDEX of a key the CREATE TABLE wrote as a constraint counts, and the primary key is dropped with the foreign key's index beside it", async () => {
    const config = p.config;
    const parents = table("parents", [{ name: "id", type: "integer", primaryKey: true }]);
    const children = (step: number) =>
      table("children", [{ name: "label", type: "varchar(20)" }, { name: "parent_id", type: "integer", nullable: step < 3 }], {
        ...(step >= 2 ? { foreignKeys: [{ columns: ["parent_id"], refTable: "parents", refColumns: ["id"], onUpdate: step >= 5 ? "cascade" : "restrict" }] } : {}),
        ...(step >= 3 ? { primaryKey: { columns: ["parent_id"] } } : {}),
        ...(step >= 4 ? { indexes: [{ columns: ["parent_id", "label"], unique: true }] } : {}),
      });
    for (const step of [1, 2, 3, 4, 5]) await p.revise({ tables: [parents, children(step)] }, `step ${step}`, `u${step}`);
    await p.revise({ tables: [parents] }, "dropped", "u6");
    const script = (await downgrade({ config, revision: "head:base", sql: true })).script!;
    expect(script).toContain("ALTER TABLE `children` DROP PRIMARY KEY, ADD INDEX `fk_children_parent_id_parents` (`parent_id`)");
    // The script runs on the database at head, as a DBA would run it.
    const statements = script.split(";\n").map((t) => t.split("\n").filter((l) => !l.startsWith("-- ")).join("\n").trim()).filter(Boolean);
    await p.sql(...statements);
    // Offline scripts leave the history table alone.
    expect(await p.query<{ name: string }>("SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")).toEqual([{ name: "migrator_history" }]);
  }, 60_000);
});
