import { expect, test } from "bun:test";
import { snapshot } from "./snapshot.ts";

test("arrays and plain objects are copied at any depth; other objects are kept", () => {
  const when = new Date(0);
  const bytes = new Uint8Array([1]);
  const op = { kind: "createTable", columns: [{ name: "id", default: { sql: "now()", values: [when, bytes] } }], none: null };
  const copy = snapshot(op);
  expect(copy).toEqual(op);
  op.columns.push({ name: "x", default: { sql: "", values: [] } });
  op.columns[0]!.name = "changed";
  (op.columns[0]!.default.values as unknown[]).push(2);
  expect(copy.columns.map((c) => c.name)).toEqual(["id"]);
  expect(copy.columns[0]!.default.values).toHaveLength(2);
  expect(copy.columns[0]!.default.values[0]).toBe(when);
  expect(copy.columns[0]!.default.values[1]).toBe(bytes);
});
