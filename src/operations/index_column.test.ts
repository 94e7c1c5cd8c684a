import { expect, test } from "bun:test";
import { indexColumnExpression, indexColumnName, indexColumnNulls, indexColumnOpclass, indexColumnOrder, keyOptionRefusal, mapIndexColumn, normalIndexColumn } from "./index_column.ts";

test("a name, { name, order } and { expression, order } answer the same questions", () => {
  expect([indexColumnName("a"), indexColumnName({ name: "b", order: "desc" }), indexColumnName({ expression: "lower(c)" })]).toEqual(["a", "b", undefined]);
  expect(indexColumnExpression({ expression: "lower(c)", order: "desc" })).toBe("lower(c)");
  expect(indexColumnExpression("a")).toBeUndefined();
  expect([indexColumnOrder("a"), indexColumnOrder({ name: "a", order: "asc" }), indexColumnOrder({ expression: "x", order: "desc" })]).toEqual(["asc", "asc", "desc"]);
});

test("the normal form: a bare name unless descending, asc left out", () => {
  expect(normalIndexColumn({ name: "a" })).toBe("a");
  expect(normalIndexColumn({ name: "a", order: "asc" })).toBe("a");
  expect(normalIndexColumn({ name: "a", order: "desc" })).toEqual({ name: "a", order: "desc" });
  expect(normalIndexColumn({ expression: "lower(a)", order: "asc" })).toEqual({ expression: "lower(a)" });
  expect(normalIndexColumn({ expression: "lower(a)", order: "desc" })).toEqual({ expression: "lower(a)", order: "desc" });
  expect(normalIndexColumn("a")).toBe("a");
});

test("a rename keeps the order", () => {
  const up = (s: string) => s.toUpperCase();
  expect(mapIndexColumn({ name: "a", order: "desc" }, up, up)).toEqual({ name: "A", order: "desc" });
  expect(mapIndexColumn("a", up, up)).toBe("A");
  expect(mapIndexColumn({ expression: "f(a)" }, up, up)).toEqual({ expression: "F(A)" });
});

test("NULLS placement: the default for the order unless said; the normal form leaves the default out", () => {
  expect([indexColumnNulls("a"), indexColumnNulls({ name: "a", order: "desc" }), indexColumnNulls({ name: "a", nulls: "first" })]).toEqual(["last", "first", "first"]);
  expect(normalIndexColumn({ name: "a", order: "desc", nulls: "first" })).toEqual({ name: "a", order: "desc" });
  expect(normalIndexColumn({ name: "a", nulls: "last" })).toBe("a");
  expect(normalIndexColumn({ name: "a", order: "asc", nulls: "first" })).toEqual({ name: "a", nulls: "first" });
  expect(normalIndexColumn({ name: "a", order: "desc", nulls: "last" })).toEqual({ name: "a", order: "desc", nulls: "last" });
  expect(normalIndexColumn({ expression: "lower(a)", order: "desc", nulls: "last" })).toEqual({ expression: "lower(a)", order: "desc", nulls: "last" });
  expect(normalIndexColumn({ expression: "lower(a)", nulls: "last" })).toEqual({ expression: "lower(a)" });
});

test("the operator class is kept as written, first after the key; a rename keeps every option", () => {
  expect(indexColumnOpclass({ name: "a", opclass: "text_pattern_ops" })).toBe("text_pattern_ops");
  expect(indexColumnOpclass("a")).toBeUndefined();
  expect(JSON.stringify(normalIndexColumn({ nulls: "last", order: "desc", opclass: "text_pattern_ops", name: "a" }))).toBe(`{"name":"a","opclass":"text_pattern_ops","order":"desc","nulls":"last"}`);
  expect(normalIndexColumn({ name: "a", opclass: "jsonb_path_ops" })).toEqual({ name: "a", opclass: "jsonb_path_ops" });
  const up = (s: string) => s.toUpperCase();
  expect(mapIndexColumn({ name: "a", order: "desc", nulls: "last", opclass: "x_ops" }, up, up)).toEqual({ name: "A", opclass: "x_ops", order: "desc", nulls: "last" });
  expect(mapIndexColumn({ expression: "f(a)", nulls: "first" }, up, up)).toEqual({ expression: "F(A)", nulls: "first" });
});

test("a dialect without the capability refuses nulls (any, even PostgreSQL's default) and opclass, naming the key", () => {
  const none = { indexNullsOrder: false, operatorClasses: false };
  expect(keyOptionRefusal({ name: "a", nulls: "last" }, none, "SQLite")).toBe(`key "a" has nulls: "last" (NULLS LAST), which SQLite does not have (PostgreSQL does): leave nulls out`);
  expect(keyOptionRefusal({ expression: "lower(b)", opclass: "text_pattern_ops" }, none, "MySQL")).toBe(`key (lower(b)) has opclass "text_pattern_ops" (an operator class), which MySQL does not have (PostgreSQL does): leave opclass out`);
  expect(keyOptionRefusal({ name: "a", order: "desc" }, none, "SQLite")).toBeUndefined();
  expect(keyOptionRefusal("a", none, "SQLite")).toBeUndefined();
  expect(keyOptionRefusal({ name: "a", nulls: "first", opclass: "x" }, { indexNullsOrder: true, operatorClasses: true }, "PostgreSQL")).toBeUndefined();
  expect(keyOptionRefusal({ name: "a", nulls: "first", opclass: "x" }, { indexNullsOrder: true, operatorClasses: false }, "X")).toContain(`opclass "x"`);
});
