import { describe, expect, test } from "bun:test";
import { valuesNamedBy } from "./enum_default_values.ts";

describe("valuesNamedBy", () => {
  test("a string default, the literals of an SQL default, the elements of an array literal; nothing else", () => {
    expect(valuesNamedBy("pending")).toEqual(["pending"]);
    expect(valuesNamedBy({ sql: "'pending'::app.mood" })).toEqual(["pending"]);
    expect(valuesNamedBy({ sql: `'it''s'` })).toEqual(["it's"]);
    expect(valuesNamedBy({ sql: `'{sad,"a b",ok}'::mood[]` })).toEqual(["sad", "a b", "ok"]);
    expect(valuesNamedBy({ sql: "now()" })).toEqual([]);
    expect(valuesNamedBy(3)).toEqual([]);
    expect(valuesNamedBy(null)).toEqual([]);
    expect(valuesNamedBy(undefined)).toEqual([]);
  });
});
