/**
 * An index a foreign key uses, recreated by autogenerate (its order changes): MySQL refuses to drop the
 * key's last index ("needed in a foreign key constraint"), so there the key goes around the drop; on every
 * database the revision upgrades, leaves no difference online or offline, and downgrades.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate } from "../../src/commands/autogenerate.ts";
import { upgrade } from "../../src/commands/migrate.ts";
import type { IndexColumn } from "../../src/operations/ops.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

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
    const p = autogenerateProject(`migrator-fkix-${name}-`, create);

    test("autogenerate, upgrade, no difference online or offline, downgrade, upgrade", async () => {
      const first = await p.revise(schema("author_id"), "books", "f1");
      expect(await p.changes(first)).toEqual([]);

      const second = p.writeSchema(schema({ name: "author_id", order: "desc" }));
      const written = await autogenerate({ config: p.config, schema: second, message: "desc", revId: "f2" });
      const source = readFileSync(written.revision!.path, "utf8");
      expect(source).toContain(`await op.dropIndex("ix_books_author", "books");`);
      if (name === "mysql") expect(source).toContain(`await op.dropConstraint("fk_books_author_id_authors", "books", { type: "foreign" });`);
      await upgrade({ config: p.config, revision: "head" });
      await p.expectRoundTrip(second);
    }, 120_000);
  });
}

/**
 * A descending index on a foreign key's column, added after the key: MariaDB drops the index it made for
 * the key, which then relies on the new one; the downgrade's dropIndex failed ("needed in a foreign key
 * constraint"; found by the fuzzer) until the key got an index of its own before the drop.
 */
for (const [name, create] of Object.entries(DATABASES)) {
  describe(`a descending index added on a foreign key's column: ${name}`, () => {
    const p = autogenerateProject(`migrator-fkix-desc-${name}-`, create);

    test("upgrade, no difference, downgrade, upgrade", async () => {
      const books = (indexes: { columns: IndexColumn[] }[]) => ({
        tables: [table("authors", [id]), table("books", [id, { name: "author_id", type: "integer", references: "authors.id" }, { name: "at", type: "date" }], { indexes })],
      });
      await p.revise(books([]), "books", "d1");
      await p.expectRoundTrip(await p.revise(books([{ columns: [{ name: "author_id", order: "desc" }, "at"] }]), "desc index", "d2"));
    }, 120_000);
  });
}
