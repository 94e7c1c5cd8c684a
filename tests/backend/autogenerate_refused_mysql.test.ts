/**
 * MySQL: a new table the server would refuse for its generated column's expression, its column collation,
 * a type or an index option MySQL lacks is an error naming the table before any file is written (as for a
 * CHECK), not a revision that fails on upgrade; a valid one is compared and created as declared.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { table, type DeclaredColumn, type DeclaredIndex } from "../../src/autogenerate/declare.ts";
import { SchemaDeclarationError } from "../../src/autogenerate/errors.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const id = { name: "id", type: "integer", primaryKey: true };
const price = { name: "price", type: "integer" };

describe("MySQL: a new table the server refuses", () => {
  const p = autogenerateProject("migrator-refused-mysql-", DATABASES["mysql"]!);
  const schema = (column: DeclaredColumn, indexes: DeclaredIndex[] = []) => p.writeSchema({ tables: [table("t", [id, price, column], { indexes })] });

  const cases: [string, DeclaredColumn, DeclaredIndex[]][] = [
    ["a generated column naming no column", { name: "vat", type: "integer", generated: { sql: "prise * 2" } }, []],
    ["a collation the server lacks", { name: "s", type: "varchar(10)", collation: "utf8mb4_no_such_ci" }, []],
    ["a type MySQL lacks", { name: "d", type: "interval" }, []],
    ["an index method MySQL lacks", { name: "d", type: "integer" }, [{ columns: ["d"], method: "gin" }]],
    ["an index with INCLUDE", { name: "d", type: "integer" }, [{ columns: ["d"], include: ["price"] }]],
  ];
  test.each(cases)("%s: an error naming the table, no file written", async (_what, column, indexes) => {
    const path = schema(column, indexes);
    const check = await diffSchema({ config: p.config, schema: path }).catch((e: unknown) => e);
    expect(check).toBeInstanceOf(SchemaDeclarationError);
    expect(String((check as Error).message)).toMatch(/(createTable|createIndex)\("t"/);
    const written = await autogenerate({ config: p.config, schema: path, message: "bad", revId: "r0" }).catch((e: unknown) => e);
    expect(written).toBeInstanceOf(SchemaDeclarationError);
    expect(readdirSync(join(p.dir, "migrations", "versions"))).toEqual([]);
  }, 60_000);

  test("a valid one is created as declared", async () => {
    const path = await p.revise({ tables: [table("t", [id, price, { name: "vat", type: "integer", generated: { sql: "price * 2" } }, { name: "s", type: "varchar(10)", collation: "utf8mb4_bin" }])] }, "t", "r1");
    await p.expectNoDifference(path);
  }, 60_000);
});
