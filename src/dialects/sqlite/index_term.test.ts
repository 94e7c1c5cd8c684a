import { expect, test } from "bun:test";
import { SqliteCompiler } from "./ddl.ts";
import { readIndexKey, splitIndexTerm } from "./index_term.ts";

test("COLLATE and ASC / DESC come off an index expression, and go after its parentheses", () => {
  expect(splitIndexTerm("name desc")).toEqual({ base: "name", collate: "", order: "desc" });
  expect(splitIndexTerm(`lower(b) COLLATE "no case" ASC`)).toEqual({ base: "lower(b)", collate: ` COLLATE "no case"`, order: "asc" });
  expect(splitIndexTerm("b collate nocase")).toEqual({ base: "b", collate: " COLLATE nocase" });
  expect(splitIndexTerm("'x DESC' || b")).toEqual({ base: "'x DESC' || b", collate: "" });
  expect(splitIndexTerm("a + b")).toEqual({ base: "a + b", collate: "" });
  const sql = new SqliteCompiler().createIndex({ kind: "createIndex", name: "ix", table: { name: "t" }, columns: [{ expression: "a DESC" }, "b", { expression: "lower(c) COLLATE NOCASE" }] });
  expect(sql[0]!.sql).toBe(`CREATE INDEX "ix" ON "t" ((a) DESC, "b", (lower(c)) COLLATE NOCASE)`);
});

test("a descending column compiles as its quoted name and DESC, an expression's order after its COLLATE", () => {
  const sql = new SqliteCompiler().createIndex({
    kind: "createIndex", name: "ix", table: { name: "t" },
    columns: [{ name: "a", order: "desc" }, { name: "b", order: "asc" }, { expression: "lower(c) COLLATE NOCASE", order: "desc" }],
  });
  expect(sql[0]!.sql).toBe(`CREATE INDEX "ix" ON "t" ("a" DESC, "b", (lower(c)) COLLATE NOCASE DESC)`);
});

test("a key as SQLite prints it reads back in the normal form", () => {
  expect(readIndexKey(`"created_at" DESC`)).toEqual({ name: "created_at", order: "desc" });
  expect(readIndexKey("created_at ASC")).toBe("created_at");
  expect(readIndexKey("[a b] desc")).toEqual({ name: "a b", order: "desc" });
  expect(readIndexKey("lower(c) COLLATE NOCASE DESC")).toEqual({ expression: "lower(c) COLLATE NOCASE", order: "desc" });
  expect(readIndexKey("c COLLATE NOCASE")).toEqual({ expression: "c COLLATE NOCASE" });
  expect(readIndexKey("a + b")).toEqual({ expression: "a + b" });
});
