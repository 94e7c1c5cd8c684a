import type { ColumnType } from "../../operations/ops.ts";
import { argList, mapType, type ParsedType } from "../sql/types.ts";

/** Portable types on SQLite. SQLite keeps the declared name; these names give the intended affinity. */
const TYPES: Record<string, (t: ParsedType) => string> = {
  integer: () => "INTEGER",
  int: () => "INTEGER",
  bigint: () => "BIGINT",
  smallint: () => "SMALLINT",
  serial: () => "INTEGER",
  bigserial: () => "INTEGER",
  text: () => "TEXT",
  string: (t) => (t.args.length ? `VARCHAR${argList(t)}` : "TEXT"),
  varchar: (t) => `VARCHAR${argList(t)}`,
  char: (t) => `CHAR${argList(t)}`,
  boolean: () => "BOOLEAN",
  bool: () => "BOOLEAN",
  numeric: (t) => `NUMERIC${argList(t)}`,
  decimal: (t) => `NUMERIC${argList(t)}`,
  real: () => "REAL",
  float: () => "REAL",
  double: () => "DOUBLE",
  "double precision": () => "DOUBLE",
  date: () => "DATE",
  time: () => "TIME",
  timestamp: () => "DATETIME",
  timestamptz: () => "DATETIME",
  datetime: () => "DATETIME",
  interval: () => "TEXT",
  json: () => "JSON",
  jsonb: () => "JSON",
  uuid: () => "CHAR(36)",
  binary: () => "BLOB",
  blob: () => "BLOB",
  bytea: () => "BLOB",
  enum: (t) => `VARCHAR(${Math.max(1, ...t.args.map((a) => a.replace(/^'|'$/g, "").length))})`,
};

export function sqliteType(type: ColumnType): string {
  return mapType(type, TYPES);
}
