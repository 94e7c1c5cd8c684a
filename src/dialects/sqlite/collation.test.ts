/** Column collations in SQLite DDL and in the CREATE TABLE text reflection reads, without a database file. */
import { describe, expect, test } from "bun:test";
import type { Op } from "../../operations/ops.ts";
import { tableFromCreate } from "../../schema/apply.ts";
import type { CompileContext } from "../dialect.ts";
import { parseColumnCollations } from "./column_collations.ts";
import { sqliteDialect } from "./dialect.ts";

const t = { name: "users" };
const sql = async (op: Op, ctx: CompileContext = { table: async () => undefined }) => (await sqliteDialect.compile(op, ctx)).map((s) => sqliteDialect.inline(s));

describe("SQLite collations", () => {
  test("createTable and addColumn write COLLATE after the type", async () => {
    expect(await sql({ kind: "createTable", table: t, columns: [{ name: "id", type: "integer", primaryKey: true }, { name: "name", type: "text", collation: "NOCASE", nullable: false }] })).toEqual([
      'CREATE TABLE "users" (\n    "id" INTEGER NOT NULL,\n    "name" TEXT COLLATE NOCASE NOT NULL,\n    PRIMARY KEY ("id")\n)',
    ]);
    expect(await sql({ kind: "addColumn", table: t, column: { name: "tag", type: "text", collation: "RTRIM" } })).toEqual(['ALTER TABLE "users" ADD COLUMN "tag" TEXT COLLATE RTRIM']);
  });

  test("a collation change rebuilds the table with the new collation; null goes back to BINARY (none written)", async () => {
    const model = tableFromCreate({ kind: "createTable", table: t, columns: [{ name: "id", type: "integer", primaryKey: true }, { name: "name", type: "text", collation: "NOCASE" }] });
    const ctx: CompileContext = { table: async () => model };
    const rebuilt = await sql({ kind: "alterColumn", table: t, column: "name", collation: "RTRIM" }, ctx);
    expect(rebuilt[0]).toContain('"name" TEXT COLLATE RTRIM');
    expect(rebuilt).toContain('INSERT INTO "_migrator_tmp_users" ("id", "name") SELECT "id", "name" FROM "users"');
    const back = await sql({ kind: "alterColumn", table: t, column: "name", collation: null }, ctx);
    expect(back[0]).toContain('"name" TEXT,');
    expect(back[0]).not.toContain("COLLATE");
    // Another change keeps the collation the table has.
    expect((await sql({ kind: "alterColumn", table: t, column: "name", nullable: false }, ctx))[0]).toContain('"name" TEXT COLLATE NOCASE NOT NULL');
  });

  test("reflection reads the column's COLLATE from the table's text; BINARY is none, one inside parentheses is not the column's", () => {
    const text = `CREATE TABLE "t" (
      id INTEGER PRIMARY KEY,
      a TEXT COLLATE NOCASE NOT NULL,
      "b c" VARCHAR(10) NOT NULL COLLATE "rtrim",
      d TEXT COLLATE BINARY,
      e TEXT CHECK (e COLLATE NOCASE <> ''),
      f TEXT AS (a COLLATE NOCASE) STORED,
      UNIQUE (a COLLATE NOCASE)
    )`;
    expect([...parseColumnCollations(text)]).toEqual([["a", "NOCASE"], ["b c", "rtrim"]]);
    expect(parseColumnCollations("CREATE TABLE t (a TEXT)").size).toBe(0);
  });
});
