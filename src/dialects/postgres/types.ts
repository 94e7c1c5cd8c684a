import type { ColumnType } from "../../operations/ops.ts";
import { argList, enumValues, mapType, parseType, type ParsedType } from "../sql/types.ts";

/** A length-or-nothing type: "varchar(20)" → VARCHAR(20), "varchar" → VARCHAR. */
const sized = (name: string) => (t: ParsedType) => `${name}${argList(t)}`;

/** The types that number their rows by themselves (a sequence owned by the column). */
const SERIALS = new Set(["serial", "bigserial", "smallserial", "serial4", "serial8", "serial2"]);

/**
 * Portable types on PostgreSQL. Names not listed are sent as written, so native types ("inet", "tsvector",
 * "int4range") and enum types made with createEnum ("mood", "app.mood") just work; a type name that needs
 * quoting is written raw: { raw: '"My Type"' }.
 *
 * "enum(a,b)" names no type, so it becomes VARCHAR of the longest value, and a column declared with it in
 * createTable / addColumn also gets CHECK (col IN (...)) (see PostgresCompiler.columnDefinition); for a
 * real enum type use createEnum and the type's name.
 */
const TYPES: Record<string, (t: ParsedType) => string> = {
  integer: () => "INTEGER",
  int: () => "INTEGER",
  int4: () => "INTEGER",
  bigint: () => "BIGINT",
  int8: () => "BIGINT",
  smallint: () => "SMALLINT",
  int2: () => "SMALLINT",
  serial: () => "SERIAL",
  bigserial: () => "BIGSERIAL",
  smallserial: () => "SMALLSERIAL",
  text: () => "TEXT",
  string: (t) => (t.args.length ? `VARCHAR${argList(t)}` : "TEXT"),
  varchar: sized("VARCHAR"),
  char: sized("CHAR"),
  boolean: () => "BOOLEAN",
  bool: () => "BOOLEAN",
  numeric: sized("NUMERIC"),
  decimal: sized("NUMERIC"),
  real: () => "REAL",
  float: sized("FLOAT"),
  double: () => "DOUBLE PRECISION",
  "double precision": () => "DOUBLE PRECISION",
  date: () => "DATE",
  time: sized("TIME"),
  timetz: sized("TIMETZ"),
  timestamp: sized("TIMESTAMP"),
  datetime: sized("TIMESTAMP"),
  timestamptz: sized("TIMESTAMPTZ"),
  interval: sized("INTERVAL"),
  json: () => "JSON",
  jsonb: () => "JSONB",
  uuid: () => "UUID",
  binary: () => "BYTEA",
  blob: () => "BYTEA",
  bytea: () => "BYTEA",
  enum: (t) => `VARCHAR(${Math.max(1, ...enumValues(t.args).map((v) => v.length))})`,
};

/** The SQL type for a portable or raw column type; "text[]" and "varchar(20)[]" are arrays of the mapped type. */
export function postgresType(type: ColumnType): string {
  if (typeof type !== "string") return type.raw;
  const parsed = parseType(type);
  if (!parsed?.array) return mapType(type, TYPES);
  const render = TYPES[parsed.name];
  return render ? `${render(parsed)}[]` : type;
}

/** Whether the type is serial / bigserial / smallserial, which numbers rows without an identity clause. */
export function isSerial(type: ColumnType): boolean {
  if (typeof type !== "string") return SERIALS.has(type.raw.trim().toLowerCase());
  const parsed = parseType(type);
  return parsed !== undefined && !parsed.array && SERIALS.has(parsed.name);
}

/** The values of a portable "enum(a,b)" type, or undefined for any other type. */
export function portableEnumValues(type: ColumnType): string[] | undefined {
  if (typeof type !== "string") return undefined;
  const parsed = parseType(type);
  return parsed && parsed.name === "enum" && !parsed.array ? enumValues(parsed.args) : undefined;
}
