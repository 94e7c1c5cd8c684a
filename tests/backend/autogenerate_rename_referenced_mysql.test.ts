/**
 * MySQL: columns renamed (renamedFrom) that foreign keys use, on their own side and on the referenced
 * side (a self-reference too). The server renames them in the keys, so the revision is the renames alone;
 * then renamed and retyped, where MySQL refuses to retype a key's column, the keys go around the change
 * under the new names. Each revision upgrades with rows, leaves no difference online or offline, and
 * downgrades (which failed: the key added back named the new column and the old referenced one).
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { openSession } from "../../src/runtime/session.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

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
  let dir: string;
  let config: Config;
  const writeSchema = schemaWriter(() => dir);
  freshProject("migrator-rename-referenced-mysql-", DATABASES["mysql"]!, (p) => ({ dir, config } = p));

  const sql = async (statement: string): Promise<void> => {
    const session = await openSession(config);
    try {
      await session.conn.execute(statement);
    } finally {
      await session.conn.close();
    }
  };
  const settles = async (path: string): Promise<void> => {
    expect((await diffSchema({ config, schema: path })).changes).toEqual([]);
    expect((await diffSchema({ config, schema: path, offline: true })).changes).toEqual([]);
    await downgrade({ config, revision: "-1" });
    await upgrade({ config, revision: "head" });
    expect((await diffSchema({ config, schema: path })).changes).toEqual([]);
  };

  test("renamed alone, then renamed and retyped", async () => {
    const a = { id: "id", parent: "parent_id", cat: "cat_id" };
    const first = writeSchema(schema(a, "integer"));
    await autogenerate({ config, schema: first, message: "cats", revId: "n1" });
    await upgrade({ config, revision: "head" });
    await sql("INSERT INTO cats (parent_id) VALUES (NULL)");
    await sql("INSERT INTO cats (parent_id) VALUES (1)");
    await sql("INSERT INTO items (cat_id) VALUES (2)");

    const b = { id: "cat_id", parent: "parent", cat: "cat" };
    const second = writeSchema(schema(b, "integer", a));
    const renames = await diffSchema({ config, schema: second });
    expect(renames.changes.map((c) => c.op.kind)).toEqual(["alterColumn", "alterColumn", "alterColumn"]);
    await autogenerate({ config, schema: second, message: "renames", revId: "n2" });
    await upgrade({ config, revision: "head" });
    await settles(second);

    const c = { id: "cid", parent: "pid", cat: "category_id" };
    const third = writeSchema(schema(c, "bigint", b));
    await autogenerate({ config, schema: third, message: "renamed and retyped", revId: "n3" });
    await upgrade({ config, revision: "head" });
    await settles(third);
  }, 120_000);
});
