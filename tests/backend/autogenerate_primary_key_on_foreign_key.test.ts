/**
 * A primary key made on a foreign key's column, then dropped (the downgrade): MySQL / MariaDB's foreign
 * key has no index of its own once the primary key serves it, and DROP PRIMARY KEY alone failed (errno 150,
 * "Foreign key constraint is incorrectly formed"; found by the fuzzer). Run on every database.
 */
import { describe, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

function schema(keyed: boolean) {
  return {
    tables: [
      table("a", [{ name: "id", type: "integer", primaryKey: true }]),
      table("b", [{ name: "a_id", type: "integer", nullable: !keyed, references: { table: "a", column: "id" } }], keyed ? { primaryKey: { columns: ["a_id"] } } : {}),
    ],
  };
}

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`autogenerate, a primary key on a foreign key's column: ${name}`, () => {
    const p = autogenerateProject(`migrator-pk-on-fk-${name}-`, create);

    test("made, downgraded and made again", async () => {
      await p.revise(schema(false), "no key", "x1");
      await p.expectRoundTrip(await p.revise(schema(true), "key", "x2"));
      await p.expectRoundTrip(await p.revise(schema(false), "no key again", "x3"));
    }, 60_000);
  });
}
