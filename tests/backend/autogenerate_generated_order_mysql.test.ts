/**
 * MySQL: columns added or dropped together with generated columns that use them. MariaDB refuses to drop a
 * column a generated column uses, or to add one naming a column not there yet ("Unknown column in
 * GENERATED ALWAYS AS"), which left the revision half applied: each revision upgrades, leaves no
 * difference online or offline, downgrades and upgrades again.
 */
import { describe, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const id = { name: "id", type: "integer", primaryKey: true, autoincrement: true };
// Names sort the generated columns first: the order must come from what they use.
const priced = [
  { name: "a_vat", type: "decimal(10,2)", generated: { sql: "z_price * 0.2", stored: false } },
  { name: "b_total", type: "decimal(10,2)", generated: { sql: "z_price * 1.2", stored: true } },
  { name: "z_price", type: "decimal(10,2)" },
];

describe("MySQL: generated columns added and dropped with the columns they use", () => {
  const p = autogenerateProject("migrator-generated-order-mysql-", DATABASES["mysql"]!);

  test("added, then dropped; each revision upgrades, settles and downgrades", async () => {
    await p.expectNoDifference(await p.revise({ tables: [table("docs", [id])] }, "step 1", "o1"));
    await p.expectRoundTrip(await p.revise({ tables: [table("docs", [id, ...priced])] }, "step 2", "o2"));
    await p.expectRoundTrip(await p.revise({ tables: [table("docs", [id])] }, "step 3", "o3"));
  }, 120_000);
});
