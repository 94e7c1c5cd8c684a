import type { ColumnDef } from "../operations/ops.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** `<type> [GENERATED ALWAYS] AS (<expr>) [STORED | VIRTUAL | PERSISTENT]` written as a raw type. */
const GENERATED_TYPE = /^(.*?)\s+(?:GENERATED\s+ALWAYS\s+)?AS\s*\((.*)\)\s*(STORED|VIRTUAL|PERSISTENT)?\s*$/is;

/**
 * A column in the model's form of a generated column: a raw type that carries the generation clause
 * (`{ raw: "INTEGER GENERATED ALWAYS AS (a + b) STORED" }`, as ORMs and hand-written ports write it) is
 * split into its type and `generated`, and `stored` is explicit; any other column comes back as it is.
 * So a generated column is one thing to every consumer (batch rebuilds, autogenerate, op.inspect()),
 * however it was written.
 */
export function withGeneratedSplit(column: ColumnDef): ColumnDef {
  if (column.generated) {
    return column.generated.stored === undefined ? { ...column, generated: { sql: column.generated.sql, stored: true } } : column;
  }
  if (typeof column.type === "string") return column;
  const m = GENERATED_TYPE.exec(column.type.raw);
  if (!m || m[1]!.trim() === "") return column;
  const out: Mutable<ColumnDef> = { ...column, type: { raw: m[1]!.trim() }, generated: { sql: m[2]!.trim(), stored: m[3] === undefined ? false : !/^virtual$/i.test(m[3]) } };
  return out;
}
