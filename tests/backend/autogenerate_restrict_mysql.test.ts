/**
 * MySQL: a foreign key declared with onDelete / onUpdate "restrict", then without (or "no action"): InnoDB
 * makes them the same key and reads both back as the default, so there is nothing to do, online or offline
 * (offline found a difference no revision could clear).
 */
import { describe, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import type { ReferentialAction } from "../../src/operations/ops.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

function schema(action?: ReferentialAction) {
  const rules = action ? { onDelete: action, onUpdate: action } : {};
  return {
    tables: [
      table("a", [{ name: "id", type: "integer", primaryKey: true }]),
      table("b", [{ name: "id", type: "integer", primaryKey: true }, { name: "a_id", type: "integer", references: { table: "a", column: "id", ...rules } }]),
    ],
  };
}

describe("MySQL: RESTRICT is NO ACTION", () => {
  const p = autogenerateProject("migrator-restrict-mysql-", DATABASES["mysql"]!);

  test("restrict, none and no action are one key, online and offline", async () => {
    await p.revise(schema("restrict"), "keys", "x1");
    for (const action of ["restrict", undefined, "no action"] as const) await p.expectNoDifference(p.writeSchema(schema(action)), `onDelete/onUpdate ${action ?? "none"}`);
  }, 60_000);
});
