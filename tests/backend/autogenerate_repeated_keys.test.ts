/**
 * A unique key that repeats the primary key (same columns, same order), found by the fuzzer: PostgreSQL's
 * CREATE TABLE made only the primary key, so `check` found nothing online and a missing unique constraint
 * offline, for ever. Created with the table or added later, the key is there on every database.
 */
import { describe, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const pair = [{ name: "a", type: "integer", nullable: false }, { name: "b", type: "smallint", nullable: false }];

for (const [name, database] of Object.entries(DATABASES)) {
  describe(`unique keys that repeat the primary key: ${name}`, () => {
    const p = autogenerateProject(`migrator-repeated-${name}-`, database);

    test("made with the table, and added to a table that has its primary key: no difference online or offline, downgrade, upgrade", async () => {
      const made = await p.revise({
        tables: [
          table("pairs", pair, { primaryKey: { columns: ["a", "b"] }, uniques: [{ columns: ["a", "b"] }] }),
          table("ones", [{ name: "id", type: "integer", primaryKey: true, unique: true }]),
        ],
      }, "made", "r1");
      await p.expectRoundTrip(made, "made with the table");
      const added = await p.revise({
        tables: [
          table("pairs", pair, { primaryKey: { columns: ["a", "b"] }, uniques: [{ columns: ["a", "b"] }] }),
          table("ones", [{ name: "id", type: "integer", primaryKey: true, unique: true }]),
          table("later", pair, { primaryKey: { columns: ["a", "b"] } }),
        ],
      }, "later", "r2");
      await p.expectNoDifference(added);
      const key = await p.revise({
        tables: [
          table("pairs", pair, { primaryKey: { columns: ["a", "b"] }, uniques: [{ columns: ["a", "b"] }] }),
          table("ones", [{ name: "id", type: "integer", primaryKey: true, unique: true }]),
          table("later", pair, { primaryKey: { columns: ["a", "b"] }, uniques: [{ name: "uq_later_pair", columns: ["a", "b"] }] }),
        ],
      }, "added", "r3");
      await p.expectRoundTrip(key, "added later");
    }, 60_000);
  });
}
