/**
 * A table made in the scratch place (it has a CHECK, whose text only the server knows) beside one that is
 * not: the second keeps its types as the dialect writes them (MySQL: timestamp is DATETIME(6)), so that
 * nothing is found different, online or offline (MariaDB: `check` wanted to alter every timestamp column
 * of the tables left out of the scratch; found by the fuzzer).
 */
import { describe, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const schema = {
  tables: [
    table("checked", [{ name: "code", type: "varchar(32)", check: "code <> ''" }]),
    table("plain", [
      { name: "id", type: "integer", primaryKey: true },
      { name: "at", type: "timestamp", nullable: false },
      { name: "price", type: "numeric(8,2)" },
      { name: "flag", type: "boolean" },
    ]),
  ],
};

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`autogenerate, some tables in the scratch: ${name}`, () => {
    const p = autogenerateProject(`migrator-scratch-types-${name}-`, create);

    test("the tables left out of the scratch are compared in the dialect's types", async () => {
      await p.expectNoDifference(await p.revise(schema, "two tables", "x1"));
    }, 60_000);
  });
}
