import { expect, test } from "bun:test";
import { SqliteCompiler } from "./ddl.ts";
import { splitIndexTerm } from "./index_term.ts";

test("COLLATE and ASC / DESC come off an index expression, and go after its parentheses", () => {
  expect(splitIndexTerm("name desc")).toEqual({ base: "name", suffix: " DESC" });
  expect(splitIndexTerm(`lower(b) COLLATE "no case" ASC`)).toEqual({ base: "lower(b)", suffix: ` COLLATE "no case" ASC` });
  expect(splitIndexTerm("b collate nocase")).toEqual({ base: "b", suffix: " COLLATE nocase" });
  expect(splitIndexTerm("'x DESC' || b")).toEqual({ base: "'x DESC' || b", suffix: "" });
  expect(splitIndexTerm("a + b")).toEqual({ base: "a + b", suffix: "" });
  const sql = new SqliteCompiler().createIndex({ kind: "createIndex", name: "ix", table: { name: "t" }, columns: [{ expression: "a DESC" }, "b", { expression: "lower(c) COLLATE NOCASE" }] });
  expect(sql[0]!.sql).toBe(`CREATE INDEX "ix" ON "t" ((a) DESC, "b", (lower(c)) COLLATE NOCASE)`);
});
