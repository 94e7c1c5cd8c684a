/**
 * A copy of an op's data made when the migration issues it: the arrays and plain objects it holds, at any
 * depth, are copied; other objects (a Date, a Uint8Array) are immutable enough and kept. An op runs after
 * the ops before it (operations.ts queues them) and the offline tracker applies it when a later op asks
 * (schema/tracker.ts): without the copy, a migration that reuses its `columns` array after
 * `op.createTable("a", columns)` would change what that op creates.
 */
export function snapshot<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i]);
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key]);
  return out;
}
