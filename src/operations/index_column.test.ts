import { expect, test } from "bun:test";
import { indexColumnExpression, indexColumnName, indexColumnOrder, mapIndexColumn, normalIndexColumn } from "./index_column.ts";

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
