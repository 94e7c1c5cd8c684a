import { describe, expect, test } from "bun:test";
import { withGeneratedSplit } from "./generated.ts";

describe("withGeneratedSplit", () => {
  test("a raw type carrying the generation clause becomes type + generated", () => {
    expect(withGeneratedSplit({ name: "c", type: { raw: "INTEGER GENERATED ALWAYS AS (a + (b * 2)) STORED" } })).toEqual({
      name: "c",
      type: { raw: "INTEGER" },
      generated: { sql: "a + (b * 2)", stored: true },
    });
    expect(withGeneratedSplit({ name: "d", type: { raw: "int AS (a*2) VIRTUAL" } }).generated).toEqual({ sql: "a*2", stored: false });
    expect(withGeneratedSplit({ name: "d", type: { raw: "int AS (a*2) PERSISTENT" } }).generated).toEqual({ sql: "a*2", stored: true });
  });
  test("stored defaults to true; other columns are left alone", () => {
    expect(withGeneratedSplit({ name: "c", type: "integer", generated: { sql: "a" } }).generated).toEqual({ sql: "a", stored: true });
    const plain = { name: "x", type: { raw: "varchar(10)" } };
    expect(withGeneratedSplit(plain)).toBe(plain);
  });
});
