/**
 * Two foreign keys on one column (to two tables) share one index on MySQL / MariaDB, made for the key
 * added last (MariaDB names it after that key). Dropping that key dropped its index, which the other
 * still needed ("Cannot drop index ...: needed in a foreign key constraint"; found by the fuzzer): the
 * other key gets an index of its own in the same statement.
 */
import { describe, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

function schema(...refs: string[]) {
  return {
    tables: [
      table("a", [{ name: "id", type: "integer", primaryKey: true }]),
      table("b", [{ name: "id", type: "integer", primaryKey: true }]),
      table("c", [{ name: "x", type: "integer" }], { foreignKeys: refs.map((r) => ({ columns: ["x"], refTable: r, refColumns: ["id"] })) }),
    ],
  };
}

describe("MySQL: two foreign keys on one column", () => {
  const p = autogenerateProject("migrator-shared-fk-index-mysql-", DATABASES["mysql"]!);

  test("the key added last is dropped, and added back by the downgrade", async () => {
    await p.revise(schema("b"), "key to b", "x1");
    await p.expectNoDifference(await p.revise(schema("b", "a"), "key to a", "x2"));
    await p.expectRoundTrip(await p.revise(schema("b"), "no key to a", "x3"));
  }, 60_000);
});
