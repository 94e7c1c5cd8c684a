/**
 * A table of a declared schema that references a new table of the default one, written as the README says
 * ("public.people.id"), when the comparison creates the table in the scratch place (it has a CHECK): the
 * referenced table is made there too, so the key can be; the revision creates it first (and its downgrade
 * drops it last), upgrades and leaves no difference. Then that table renamed: no difference offline either
 * (the history replayed renames it in the key, as the server does). And a default that names a sequence of
 * a declared schema (nextval('billing.counter')): the scratch place makes it follow the schema, as it does
 * types, instead of refusing the schema ('schema "billing" does not exist').
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

/** app.accounts (with a CHECK) referencing `owner`, a table of the default schema (renamed from `was`). */
const accounts = (owner: string, was?: string) => ({
  schemas: ["app"],
  tables: [
    table("app.accounts", [
      { name: "id", type: "integer", primaryKey: true },
      { name: "email", type: "text", nullable: false, check: "position('@' in email) > 1" },
      { name: "owner_id", type: "integer", references: `public.${owner}.id` },
    ]),
    table(owner, [{ name: "id", type: "integer", primaryKey: true, autoincrement: true }], was ? { renamedFrom: was } : {}),
  ],
});

describe("a reference from a declared schema into the default one: postgres", () => {
  const p = autogenerateProject("migrator-schemas-postgres-", DATABASES["postgres"]!);

  test("new tables both sides, one with a CHECK: autogenerate, upgrade (the referenced table first), no difference online or offline, downgrade; then renamed", async () => {
    const schema = p.writeSchema(accounts("people"));
    const written = await autogenerate({ config: p.config, schema, message: "accounts", revId: "a1" });
    expect(written.revision).toBeDefined();
    await upgrade({ config: p.config, revision: "head" });
    await p.expectNoDifference(schema);
    // The downgrade drops the referencing table first.
    await downgrade({ config: p.config, revision: "base" });
    await upgrade({ config: p.config, revision: "head" });
    expect(await p.changes(schema)).toEqual([]);

    // The referenced table renamed: the history replayed offline follows it in the key too.
    const renamed = await p.revise(accounts("persons", "people"), "persons", "a2");
    await p.expectNoDifference(renamed);
  }, 120_000);
});

describe("a default naming a sequence of a declared schema: postgres", () => {
  const p = autogenerateProject("migrator-schemaseq-postgres-", DATABASES["postgres"]!);

  test("nextval('billing.counter'): compared in the scratch place (not refused there), upgrade, no difference online or offline", async () => {
    const schema = p.writeSchema({
      schemas: ["billing"],
      sequences: [{ name: "counter", schema: "billing", start: 100 }],
      tables: [table("billing.tickets", [{ name: "id", type: "bigint", primaryKey: true, default: { sql: "nextval('billing.counter')" } }])],
    });
    const written = await autogenerate({ config: p.config, schema, message: "tickets", revId: "b1" });
    expect(written.revision).toBeDefined();
    await upgrade({ config: p.config, revision: "head" });
    await p.expectNoDifference(schema);
    // Another change to the table compares it in the scratch place again: the default reads back as declared.
    const more = p.writeSchema({
      schemas: ["billing"],
      sequences: [{ name: "counter", schema: "billing", start: 100 }],
      tables: [table("billing.tickets", [{ name: "id", type: "bigint", primaryKey: true, default: { sql: "nextval('billing.counter')" } }, { name: "note", type: "text", check: "note <> ''" }])],
    });
    expect((await p.changes(more)).map((op) => op.kind)).toEqual(["addColumn", "createCheckConstraint"]);
  }, 120_000);
});
