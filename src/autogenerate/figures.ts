/**
 * Live figures for the changes that can lose data or fail on it ("drops column users.bio: 1,204
 * non-null values"), read from the database before anything is written.
 */
import type { Connection } from "../dialects/connection.ts";
import type { Dialect } from "../dialects/dialect.ts";
import type * as ops from "../operations/ops.ts";

export async function liveFigure(conn: Connection, dialect: Dialect, op: ops.Op): Promise<string | undefined> {
  const q = (name: string) => dialect.quoteIdentifier(name);
  const table = (ref: ops.TableRef) => (ref.schema ? `${q(ref.schema)}.${q(ref.name)}` : q(ref.name));
  const count = async (sql: string): Promise<number> => Number(Object.values((await conn.query(sql))[0] ?? {})[0] ?? 0);
  const n = (x: number) => x.toLocaleString("en-US");
  try {
    switch (op.kind) {
      case "dropTable":
        return `${n(await count(`SELECT count(*) FROM ${table(op.table)}`))} rows`;
      case "dropColumn":
        return `${n(await count(`SELECT count(${q(op.column)}) FROM ${table(op.table)}`))} non-null values`;
      case "addColumn":
        return op.column.nullable === false && op.column.default === undefined ? `${n(await count(`SELECT count(*) FROM ${table(op.table)}`))} rows` : undefined;
      case "alterColumn":
        return op.nullable === false ? `${n(await count(`SELECT count(*) FROM ${table(op.table)} WHERE ${q(op.column)} IS NULL`))} NULLs now` : undefined;
      case "recreateEnum":
        return await removedValueRows(conn, dialect, op);
      case "batchAlterTable": {
        const parts = [];
        for (const inner of op.ops) {
          const f = await liveFigure(conn, dialect, inner);
          if (f) parts.push(`${"column" in inner ? (typeof inner.column === "string" ? inner.column : inner.column.name) : inner.kind}: ${f}`);
        }
        return parts.length > 0 ? parts.join(", ") : undefined;
      }
      default:
        return undefined;
    }
  } catch {
    return undefined; // a figure is a courtesy: a table the query cannot read gets none
  }
}

/** `rows holding "sad": 3, "meh": 0`: the rows of every column using the type (or an array of it) that hold each removed value. */
async function removedValueRows(conn: Connection, dialect: Dialect, op: ops.RecreateEnumOp): Promise<string | undefined> {
  const removed = op.previous?.filter((v) => !op.values.includes(v)) ?? [];
  if (removed.length === 0 || !dialect.typeUsage) return undefined;
  const q = (name: string) => dialect.quoteIdentifier(name);
  const totals = removed.map(() => 0);
  for (const c of (await dialect.typeUsage(conn, { name: op.name, ...(op.schema !== undefined ? { schema: op.schema } : {}) })).columns) {
    const holds = (v: string) => (c.array ? `${dialect.literal(v)} = ANY(CAST(${q(c.column)} AS text[]))` : `CAST(${q(c.column)} AS text) = ${dialect.literal(v)}`);
    const sums = removed.map((v, i) => `SUM(CASE WHEN ${holds(v)} THEN 1 ELSE 0 END) AS n${i}`).join(", ");
    const table = c.table.schema ? `${q(c.table.schema)}.${q(c.table.name)}` : q(c.table.name);
    const row = (await conn.query(`SELECT ${sums} FROM ${table}`))[0] ?? {};
    removed.forEach((_, i) => (totals[i]! += Number(row[`n${i}`] ?? 0)));
  }
  return `rows holding ${removed.map((v, i) => `"${v}": ${totals[i]!.toLocaleString("en-US")}`).join(", ")}`;
}
