/**
 * Generated columns dropped and added again by autogenerate, with an index and a CHECK on them: when their
 * expression changes (on every database), and when a column they read changes type (PostgreSQL refuses
 * that under a generated column: "cannot alter type of a column used by a generated column"), and not when a
 * column they read is renamed (the server renames it in their expression; the downgrade failed). Each
 * revision upgrades a table with rows, leaves no difference online or offline, and its downgrade restores
 * the table as it was, index and CHECK included.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import { autogenerateProject, reflectedByName as reflected } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const id = { name: "id", type: "integer", primaryKey: true };

function schema(titleType: string, slug: string, renamed = false) {
  const title = renamed ? { name: "heading", renamedFrom: "title" } : { name: "title" };
  return {
    tables: [
      table("posts", [id, { ...title, type: titleType, nullable: false }, { name: "slug", type: "varchar(300)", generated: { sql: slug } }], {
        checks: [{ name: "ck_posts_slug", condition: "slug <> ''" }],
        indexes: [{ name: "ix_posts_slug", columns: ["slug"] }],
      }),
    ],
  };
}

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`generated columns dropped and added again: ${name}`, () => {
    const p = autogenerateProject(`migrator-generated-${name}-`, create);

    test("a new expression, then a wider column it reads, then that column renamed: upgrade, no difference online or offline, downgrade restores", async () => {
      const config = p.config;
      await p.revise(schema("varchar(100)", "lower(title)"), "posts", "g1");
      await p.sql("INSERT INTO posts (id, title) VALUES (1, 'Hello'), (2, 'World')");

      // Last, the column it reads renamed: only the rename (the server renames it in the expression too).
      const steps = [schema("varchar(100)", "upper(title)"), schema("varchar(200)", "upper(title)"), schema("varchar(200)", "upper(heading)", true)];
      for (const [i, def] of steps.entries()) {
        const path = p.writeSchema(def);
        const label = `step ${i + 1}`;
        const before = await reflected(config);
        const written = await autogenerate({ config, schema: path, message: label, revId: `g${i + 2}` });
        const kinds = written.diff.changes.flatMap((c): string[] => (c.op.kind === "batchAlterTable" ? c.op.ops.map((op) => op.kind) : [c.op.kind]));
        if (i === 2) expect(kinds).toEqual(["alterColumn"]);
        await upgrade({ config, revision: "head" });
        await p.expectNoDifference(path, label);
        const after = await reflected(config);
        await downgrade({ config, revision: "-1" });
        expect({ label, restored: await reflected(config) }).toEqual({ label, restored: before });
        await upgrade({ config, revision: "head" });
        expect({ label, again: await reflected(config) }).toEqual({ label, again: after });
      }
    }, 120_000);
  });
}
