/**
 * PostgreSQL refuses a column's type change under a view that reads it. Online, alterColumn goes around the
 * database's views as it runs; offline (`--sql`) there was no database to ask, so the script changed the type
 * under the view and failed on the server ("cannot alter type of a column used by a view or rule"). Now the
 * offline tracker knows the views the revisions made (op.createView) and the script goes around those too
 * (which of them it trusts: src/schema/tracked_views_over.test.ts).
 */
import { describe, expect, test } from "bun:test";
import { table, view } from "../../src/autogenerate/declare.ts";
import { autogenerate } from "../../src/commands/autogenerate.ts";
import { upgrade } from "../../src/commands/migrate.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const items = (price: string) => table("items", [{ name: "id", type: "integer", primaryKey: true }, { name: "price", type: price, nullable: false }]);

/** The statements of an offline script, as a DBA would run them one by one. */
const statementsOf = (script: string) => script.split(";\n").map((t) => t.split("\n").filter((l) => !l.startsWith("-- ")).join("\n").trim()).filter(Boolean);

describe("offline type change under views the revisions made: postgres", () => {
  const p = autogenerateProject("migrator-offline-views-", DATABASES["postgres"]!);

  test("the script drops the views over the column (and their readers) before the ALTER and makes them again after; it runs on the server", async () => {
    const config = p.config;
    await p.revise({ tables: [items("integer")], views: [view("cheap", "SELECT id, price FROM items WHERE price < 10"), view("cheap_ids", "SELECT id FROM cheap")] }, "items", "o1");
    await p.sql("INSERT INTO items VALUES (1, 5), (2, 50)");
    // The views are left alone from here on (no `views`): the revision changes the type only.
    const wider = p.writeSchema({ tables: [items("bigint")] });
    const written = await autogenerate({ config, schema: wider, message: "wider", revId: "o2" });
    expect(written.diff.changes.map((c) => c.op.kind)).toEqual(["alterColumn"]);
    const script = (await upgrade({ config, revision: "o1:head", sql: true })).script!;
    const at = (text: string) => script.indexOf(text);
    expect(at('DROP VIEW "cheap_ids"')).toBeGreaterThan(0);
    expect(at('DROP VIEW "cheap_ids"') < at('DROP VIEW "cheap"') && at('DROP VIEW "cheap"') < at("ALTER TABLE")).toBe(true);
    expect(at("ALTER TABLE") < at('CREATE VIEW "cheap"') && at('CREATE VIEW "cheap" ') < at('CREATE VIEW "cheap_ids"')).toBe(true);
    await p.sql(...statementsOf(script).filter((s) => !/^(BEGIN|COMMIT)$/.test(s)));
    expect(await p.query<{ id: number }>("SELECT id FROM cheap_ids")).toEqual([{ id: 1 }]);
    expect(await p.query<{ t: string }>("SELECT data_type AS t FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'price'")).toEqual([{ t: "bigint" }]);
  }, 60_000);
});
