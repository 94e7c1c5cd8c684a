/**
 * A column renamed in a table of the default schema, referenced by a foreign key from a table of another
 * schema: the key names the default schema ("public"), which the model's tables leave out, so the rename
 * was not carried into the key. Autogenerate dropped the key and added it back with the new column, and
 * the downgrade added it back naming the old column before renaming it back ("column "code" referenced in
 * foreign key constraint does not exist"; found by the fuzzer, seed 2003). The rename alone is written now.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const schema = (column: string, renamed: boolean) => ({
  schemas: ["billing"],
  tables: [
    table("orgs", [{ name: "id", type: "integer", nullable: false }, { name: column, type: "integer", nullable: false, ...(renamed ? { renamedFrom: "code" } : {}) }], {
      primaryKey: { columns: ["id", column] },
    }),
    table({ schema: "billing", name: "invoices" }, [{ name: "id", type: "integer", primaryKey: true }, { name: "org", type: "integer" }, { name: "org_code", type: "integer" }], {
      foreignKeys: [{ name: "fk_invoices_org", columns: ["org", "org_code"], refSchema: "public", refTable: "orgs", refColumns: ["id", column] }],
    }),
  ],
});

describe("autogenerate, a referenced column renamed, the key in another schema: postgres", () => {
  const p = autogenerateProject("migrator-renamed-ref-column-", DATABASES["postgres"]!);

  test("the rename alone; downgrades and upgrades", async () => {
    await p.revise(schema("code", false), "orgs", "c1");
    await p.sql("INSERT INTO orgs (id, code) VALUES (1, 10)", "INSERT INTO billing.invoices (id, org, org_code) VALUES (1, 1, 10)");
    const path = p.writeSchema(schema("ref", true));
    expect((await p.changes(path)).map((op) => op.kind)).toEqual(["alterColumn"]);
    await p.expectRoundTrip(await p.revise(schema("ref", true), "ref", "c2"));
  }, 60_000);
});
