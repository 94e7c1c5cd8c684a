/**
 * MySQL: a column renamed (renamedFrom) that generated columns use. The server rewrites their expressions
 * on RENAME COLUMN, so the revision is the rename alone (no generated column dropped and added again,
 * which recomputes a stored one); it leaves no difference online or offline, and downgrades.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

function schema(price: string) {
  return {
    tables: [
      table("docs", [
        { name: "id", type: "integer", primaryKey: true, autoincrement: true },
        { name: price, type: "decimal(10,2)", ...(price !== "price" ? { renamedFrom: "price" } : {}) },
        { name: "vat", type: "decimal(10,2)", generated: { sql: `${price} * 0.2`, stored: false } },
        { name: "total", type: "decimal(10,2)", generated: { sql: `${price} * 1.2`, stored: true } },
      ]),
    ],
  };
}

describe("MySQL: a column that generated columns use, renamed", () => {
  let dir: string;
  let config: Config;
  const writeSchema = schemaWriter(() => dir);
  freshProject("migrator-rename-generated-mysql-", DATABASES["mysql"]!, (p) => ({ dir, config } = p));

  test("the rename alone; no difference online or offline; downgrades", async () => {
    const first = writeSchema(schema("price"));
    await autogenerate({ config, schema: first, message: "docs", revId: "g1" });
    await upgrade({ config, revision: "head" });

    const second = writeSchema(schema("amount"));
    const found = await diffSchema({ config, schema: second });
    expect(found.changes.map((c) => c.op)).toEqual([{ kind: "alterColumn", table: { name: "docs" }, column: "price", newName: "amount" }]);
    expect(found.warnings).toEqual([]);
    await autogenerate({ config, schema: second, message: "rename", revId: "g2" });
    await upgrade({ config, revision: "head" });
    expect((await diffSchema({ config, schema: second })).changes).toEqual([]);
    expect((await diffSchema({ config, schema: second, offline: true })).changes).toEqual([]);
    await downgrade({ config, revision: "-1" });
    await upgrade({ config, revision: "head" });
    expect((await diffSchema({ config, schema: second })).changes).toEqual([]);
  }, 120_000);
});
