/**
 * MySQL: a column renamed (renamedFrom) that generated columns use. The server rewrites their expressions
 * on RENAME COLUMN, so the revision is the rename alone (no generated column dropped and added again,
 * which recomputes a stored one); it leaves no difference online or offline, and downgrades.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { diffSchema } from "../../src/commands/autogenerate.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

function schema(price: string) {
  return {
    tables: [
      table("docs", [
        { name: "id", type: "integer", primaryKey: true, autoincrement: true },
        { name: price, type: "decimal(10,2)", ...(price !== "price" ? { renamedFrom: "price" } : {}) },
        { name: "vat", type: "decimal(10,2)", generated: { sql: `${price} * 0.2`, stored: false } },
        { name: "total", type: "decimal(10,2)", generated: { sql: `${price} * 1.2`, stored: true } },
      ]),
    ],
  };
}

describe("MySQL: a column that generated columns use, renamed", () => {
  const p = autogenerateProject("migrator-rename-generated-mysql-", DATABASES["mysql"]!);

  test("the rename alone; no difference online or offline; downgrades", async () => {
    await p.revise(schema("price"), "docs", "g1");

    const second = p.writeSchema(schema("amount"));
    const found = await diffSchema({ config: p.config, schema: second });
    expect(found.changes.map((c) => c.op)).toEqual([{ kind: "alterColumn", table: { name: "docs" }, column: "price", newName: "amount" }]);
    expect(found.warnings).toEqual([]);
    await p.expectRoundTrip(await p.revise(second, "rename", "g2"));
  }, 120_000);
});
