/**
 * Generated columns changed by autogenerate, with an index and a CHECK on them: a new expression is set in
 * place where the server can (PostgreSQL 17+ SET EXPRESSION, MySQL's MODIFY, a SQLite rebuild) and the column
 * is dropped and added again elsewhere (PostgreSQL before 17); when a column they read changes type,
 * PostgreSQL refuses that under a generated column ("cannot alter type of a column used by a generated
 * column"), so they are dropped and added again there, also when the new expression only reads it; not when
 * a column they read is renamed (the server renames it in their expression; the downgrade failed). Each
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
  describe(`generated columns changed: ${name}`, () => {
    const p = autogenerateProject(`migrator-generated-${name}-`, create);

    test("a new expression, then a wider column it reads, then that column renamed, then a new expression over it widened: upgrade, no difference online or offline, downgrade restores", async () => {
      const config = p.config;
      await p.revise(schema("varchar(100)", "lower(title)"), "posts", "g1");
      await p.sql("INSERT INTO posts (id, title) VALUES (1, 'Hello'), (2, 'World')");
      const { generatedExpressionInPlace, alterGeneratedBaseType } = await p.capabilities();

      // Third, the column it reads renamed: only the rename (the server renames it in the expression too).
      const steps = [
        schema("varchar(100)", "upper(title)"),
        schema("varchar(200)", "upper(title)"),
        schema("varchar(200)", "upper(heading)", true),
        schema("varchar(300)", "lower(heading)", true),
      ];
      for (const [i, def] of steps.entries()) {
        const path = p.writeSchema(def);
        const label = `step ${i + 1}`;
        const before = await reflected(config);
        const written = await autogenerate({ config, schema: path, message: label, revId: `g${i + 2}` });
        const kinds = written.diff.changes.flatMap((c): string[] => (c.op.kind === "batchAlterTable" ? c.op.ops.map((op) => op.kind) : [c.op.kind]));
        const inPlace = generatedExpressionInPlace.stored && (i === 0 || alterGeneratedBaseType);
        if (i === 0 || i === 3) expect({ label, kinds }).toEqual({ label, kinds: inPlace ? (i === 0 ? ["alterColumn"] : ["alterColumn", "alterColumn"]) : expect.arrayContaining(["dropColumn", "addColumn"]) });
        if (i === 2) expect(kinds).toEqual(["alterColumn"]);
        await upgrade({ config, revision: "head" });
        await p.expectNoDifference(path, label);
        const after = await reflected(config);
        expect({ label, recomputed: (await p.query<{ slug: string }>("SELECT slug FROM posts ORDER BY id")).map((r) => r.slug) }).toEqual({ label, recomputed: i === 3 ? ["hello", "world"] : ["HELLO", "WORLD"] });
        await downgrade({ config, revision: "-1" });
        expect({ label, restored: await reflected(config) }).toEqual({ label, restored: before });
        await upgrade({ config, revision: "head" });
        expect({ label, again: await reflected(config) }).toEqual({ label, again: after });
      }
    }, 120_000);
  });
}
