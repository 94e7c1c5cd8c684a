import { describe, expect, test } from "bun:test";
import { parseGeneratedColumns } from "./generated_columns.ts";

describe("parseGeneratedColumns", () => {
  test("reads each generated column's expression and storage from CREATE TABLE", () => {
    const sql = `CREATE TABLE "t" (id INTEGER PRIMARY KEY, a INT, "b c" INT, c INTEGER GENERATED ALWAYS AS (a + (a * 2)) STORED,
      d AS (a*2), e TEXT DEFAULT (CAST(1 AS TEXT)), CONSTRAINT ck CHECK (a > 0))`;
    expect([...parseGeneratedColumns(sql)]).toEqual([
      ["c", { sql: "a + (a * 2)", stored: true }],
      ["d", { sql: "a * 2", stored: false }],
    ]);
  });
});
