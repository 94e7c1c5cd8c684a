import { expect, test } from "bun:test";
import { Buffer } from "node:buffer";
import { snapshot } from "./snapshot.ts";

test("arrays, plain objects, dates and byte arrays are copied at any depth; other objects are kept", () => {
  const when = new Date(0);
  const bytes = Buffer.from([1, 2]);
  const words = new Uint16Array([7]);
  class Money {
    constructor(readonly cents: number) {}
  }
  const price = new Money(5);
  const op = { kind: "bulkInsert", rows: [{ id: 1, at: when, blob: bytes, words, price }], none: null };
  const copy = snapshot(op);
  expect(copy).toEqual(op);
  op.rows.push({ id: 2, at: when, blob: bytes, words, price });
  op.rows[0]!.id = 9;
  when.setTime(1000);
  bytes[0] = 99;
  words[0] = 99;
  expect(copy.rows).toHaveLength(1);
  expect(copy.rows[0]!.id).toBe(1);
  expect(copy.rows[0]!.at.getTime()).toBe(0);
  expect(Buffer.isBuffer(copy.rows[0]!.blob)).toBe(true);
  expect([...copy.rows[0]!.blob]).toEqual([1, 2]);
  expect([...copy.rows[0]!.words]).toEqual([7]);
  expect(copy.rows[0]!.price).toBe(price);
});

test("a \"__proto__\" key (JSON.parse makes one) stays data", () => {
  const row = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as Record<string, unknown>;
  const copy = snapshot(row);
  expect(Object.keys(copy)).toEqual(["__proto__", "y"]);
  expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  expect(Object.getOwnPropertyDescriptor(copy, "__proto__")?.value).toEqual({ x: 1 });
});

test("data that contains itself is a RangeError", () => {
  const row: Record<string, unknown> = {};
  row["self"] = row;
  expect(() => snapshot(row)).toThrow(RangeError);
});
