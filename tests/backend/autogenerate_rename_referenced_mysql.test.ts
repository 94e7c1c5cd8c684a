/**
 * MySQL: columns renamed (renamedFrom) that foreign keys use, on their own side and on the referenced
 * side (a self-reference too). The server renames them in the keys, so the revision is the renames alone;
 * then renamed and retyped, where MySQL refuses to retype a key's column, the keys go around the change
 * under the new names. Each revision upgrades with rows, leaves no difference online or offline, and
 * downgrades (which failed: the key added back named the new column and the old referenced one).
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

function schema(names: { id: string; parent: string; cat: string }, type: string, was?: { id: string; parent: string; cat: string }) {
  const from = (k: keyof typeof names) => (was && was[k] !== names[k] ? { renamedFrom: was[k] } : {});
  return {
    tables: [
      table("cats", [
        { name: names.id, type, primaryKey: true, autoincrement: true, ...from("id") },
        { name: names.parent, type, references: { table: "cats", column: names.id, onDelete: "set null" }, ...from("parent") },
      ]),
      table("items", [
        { name: "id", type: "integer", primaryKey: true, autoincrement: true },
        { name: names.cat, type, nullable: false, references: `cats.${names.id}`, ...from("cat") },
      ]),
    ],
  };
}

describe("MySQL: renamed columns that foreign keys use", () => {
  const p = autogenerateProject("migrator-rename-referenced-mysql-", DATABASES["mysql"]!);

  test("renamed alone, then renamed and retyped", async () => {
    const a = { id: "id", parent: "parent_id", cat: "cat_id" };
    await p.revise(schema(a, "integer"), "cats", "n1");
    await p.sql("INSERT INTO cats (parent_id) VALUES (NULL)", "INSERT INTO cats (parent_id) VALUES (1)", "INSERT INTO items (cat_id) VALUES (2)");

    const b = { id: "cat_id", parent: "parent", cat: "cat" };
    const second = p.writeSchema(schema(b, "integer", a));
    expect((await p.changes(second)).map((op) => op.kind)).toEqual(["alterColumn", "alterColumn", "alterColumn"]);
    await p.expectRoundTrip(await p.revise(second, "renames", "n2"));

    const c = { id: "cid", parent: "pid", cat: "category_id" };
    await p.expectRoundTrip(await p.revise(schema(c, "bigint", b), "renamed and retyped", "n3"));
  }, 120_000);
});
