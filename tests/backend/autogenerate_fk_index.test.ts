/**
 * An index a foreign key uses, recreated by autogenerate (its order changes): MySQL refuses to drop the
 * key's last index ("needed in a foreign key constraint"), so there the key goes around the drop; on every
 * database the revision upgrades, leaves no difference online or offline, and downgrades.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import type { IndexColumn } from "../../src/operations/ops.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

const id = { name: "id", type: "integer", primaryKey: true };

function schema(key: IndexColumn) {
  return {
    tables: [
      table("authors", [id]),
      table("books", [id, { name: "author_id", type: "integer", references: "authors.id" }], { indexes: [{ name: "ix_books_author", columns: [key] }] }),
    ],
  };
}

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`an index a foreign key uses, recreated: ${name}`, () => {
    let dir: string;
    let config: Config;
    const writeSchema = schemaWriter(() => dir);
    freshProject(`migrator-fkix-${name}-`, create, (p) => ({ dir, config } = p));

    test("autogenerate, upgrade, no difference online or offline, downgrade, upgrade", async () => {
      const first = writeSchema(schema("author_id"));
      await autogenerate({ config, schema: first, message: "books", revId: "f1" });
      await upgrade({ config, revision: "head" });
      expect((await diffSchema({ config, schema: first })).changes).toEqual([]);

      const second = writeSchema(schema({ name: "author_id", order: "desc" }));
      const written = await autogenerate({ config, schema: second, message: "desc", revId: "f2" });
      const source = readFileSync(written.revision!.path, "utf8");
      expect(source).toContain(`await op.dropIndex("ix_books_author", "books");`);
      if (name === "mysql") expect(source).toContain(`await op.dropConstraint("fk_books_author_id_authors", "books", { type: "foreign" });`);
      await upgrade({ config, revision: "head" });
      expect((await diffSchema({ config, schema: second })).changes).toEqual([]);
      expect((await diffSchema({ config, schema: second, offline: true })).changes).toEqual([]);
      await downgrade({ config, revision: "-1" });
      await upgrade({ config, revision: "head" });
      expect((await diffSchema({ config, schema: second })).changes).toEqual([]);
    }, 120_000);
  });
}
