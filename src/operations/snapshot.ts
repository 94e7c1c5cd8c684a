import { Buffer } from "node:buffer";

/**
 * A copy of an op's data made when the migration issues it: arrays, plain objects, dates and byte arrays
 * are copied, at any depth; other objects are kept. An op runs after the ops before it (operations.ts
 * queues them) and the offline tracker applies it when a later op asks (schema/tracker.ts): without the
 * copy, a migration that reuses its `columns` array (or a row's buffer) after `op.createTable("a",
 * columns)` would change what that op does.
 * @throws RangeError when the data contains itself (a cycle).
 */
export function snapshot<T>(value: T): T {
  return (typeof value === "object" && value !== null ? copy(value) : value) as T;
}

/**
 * Copies an object; a primitive item is taken as it is, without a call (an op's data is mostly strings: the
 * fewer calls, the less JavaScriptCore compiles this hot function).
 */
function copy(value: object): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out[i] = typeof item === "object" && item !== null ? copy(item) : item;
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const original = (value as Record<string, unknown>)[key];
      const item = typeof original === "object" && original !== null ? copy(original) : original;
      // JSON.parse makes "__proto__" an own key; an assignment would set the prototype instead.
      if (key === "__proto__") Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
      else out[key] = item;
    }
    return out;
  }
  if (value instanceof Date) return new Date(value.getTime());
  // Buffer's slice() is a view of the same memory; a typed array's is a copy.
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return (value as unknown as { slice(): unknown }).slice();
  return value;
}
