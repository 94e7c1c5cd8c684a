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
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

describe("a reference from a declared schema into the default one: postgres", () => {
  let dir: string;
  let config: Config;
  const writeSchema = schemaWriter(() => dir);
  freshProject("migrator-schemas-postgres-", DATABASES["postgres"]!, (p) => ({ dir, config } = p));

  test("new tables both sides, one with a CHECK: autogenerate, upgrade (the referenced table first), no difference online or offline, downgrade; then renamed", async () => {
    const schema = writeSchema({
      schemas: ["app"],
      tables: [
        table("app.accounts", [
          { name: "id", type: "integer", primaryKey: true },
          { name: "email", type: "text", nullable: false, check: "position('@' in email) > 1" },
          { name: "owner_id", type: "integer", references: "public.people.id" },
        ]),
        table("people", [{ name: "id", type: "integer", primaryKey: true, autoincrement: true }]),
      ],
    });
    const written = await autogenerate({ config, schema, message: "accounts", revId: "a1" });
    expect(written.revision).toBeDefined();
    await upgrade({ config, revision: "head" });
    expect((await diffSchema({ config, schema })).changes.map((c) => c.op)).toEqual([]);
    expect((await diffSchema({ config, schema, offline: true })).changes.map((c) => c.op)).toEqual([]);
    // The downgrade drops the referencing table first.
    await downgrade({ config, revision: "base" });
    await upgrade({ config, revision: "head" });
    expect((await diffSchema({ config, schema })).changes.map((c) => c.op)).toEqual([]);

    // The referenced table renamed: the history replayed offline follows it in the key too.
    const renamed = writeSchema({
      schemas: ["app"],
      tables: [
        table("app.accounts", [
          { name: "id", type: "integer", primaryKey: true },
          { name: "email", type: "text", nullable: false, check: "position('@' in email) > 1" },
          { name: "owner_id", type: "integer", references: "public.persons.id" },
        ]),
        table("persons", [{ name: "id", type: "integer", primaryKey: true, autoincrement: true }], { renamedFrom: "people" }),
      ],
    });
    await autogenerate({ config, schema: renamed, message: "persons", revId: "a2" });
    await upgrade({ config, revision: "head" });
    expect((await diffSchema({ config, schema: renamed })).changes.map((c) => c.op)).toEqual([]);
    expect((await diffSchema({ config, schema: renamed, offline: true })).changes.map((c) => c.op)).toEqual([]);
  }, 120_000);
});

describe("a default naming a sequence of a declared schema: postgres", () => {
  let dir: string;
  let config: Config;
  const writeSchema = schemaWriter(() => dir);
  freshProject("migrator-schemaseq-postgres-", DATABASES["postgres"]!, (p) => ({ dir, config } = p));

  test("nextval('billing.counter'): compared in the scratch place (not refused there), upgrade, no difference online or offline", async () => {
    const schema = writeSchema({
      schemas: ["billing"],
      sequences: [{ name: "counter", schema: "billing", start: 100 }],
      tables: [table("billing.tickets", [{ name: "id", type: "bigint", primaryKey: true, default: { sql: "nextval('billing.counter')" } }])],
    });
    const written = await autogenerate({ config, schema, message: "tickets", revId: "b1" });
    expect(written.revision).toBeDefined();
    await upgrade({ config, revision: "head" });
    expect((await diffSchema({ config, schema })).changes.map((c) => c.op)).toEqual([]);
    expect((await diffSchema({ config, schema, offline: true })).changes.map((c) => c.op)).toEqual([]);
    // Another change to the table compares it in the scratch place again: the default reads back as declared.
    const more = writeSchema({
      schemas: ["billing"],
      sequences: [{ name: "counter", schema: "billing", start: 100 }],
      tables: [table("billing.tickets", [{ name: "id", type: "bigint", primaryKey: true, default: { sql: "nextval('billing.counter')" } }, { name: "note", type: "text", check: "note <> ''" }])],
    });
    expect((await diffSchema({ config, schema: more })).changes.map((c) => c.op.kind)).toEqual(["addColumn", "createCheckConstraint"]);
  }, 120_000);
});
