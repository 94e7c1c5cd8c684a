/** Most values in one INSERT, and roughly most bytes of values (well under the 4 MiB max_allowed_packet of old servers). */
const MAX_VALUES = 10_000;
const MAX_BYTES = 1 << 20;

/** Cut rows into groups that each make one INSERT of moderate size (values are sent inline by mysql2's text protocol). */
export function chunkRows<R extends Readonly<Record<string, unknown>>>(rows: readonly R[], columns: readonly string[]): R[][] {
  const out: R[][] = [];
  let chunk: R[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = columns.reduce((n, c) => n + estimate(row[c]), columns.length * 2 + 2);
    if (chunk.length > 0 && (bytes + size > MAX_BYTES || (chunk.length + 1) * columns.length > MAX_VALUES)) {
      out.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(row);
    bytes += size;
  }
  if (chunk.length > 0) out.push(chunk);
  return out;
}

function estimate(value: unknown): number {
  if (value === null || value === undefined) return 4;
  if (typeof value === "string") return value.length * 3 + 2;
  if (value instanceof Uint8Array) return value.length * 2 + 3;
  if (typeof value === "object" && !(value instanceof Date)) return JSON.stringify(value).length * 2 + 2;
  return 32;
}
