import { UnsupportedOperationError } from "../../errors.ts";
import type { ColumnType } from "../../operations/ops.ts";
import { argList, enumValues, mapType, parseType, type ParsedType } from "../sql/types.ts";

/** A MySQL string literal: quotes doubled (safe with and without NO_BACKSLASH_ESCAPES), backslashes escaped. */
export function mysqlString(value: string): string {
  // Most values (revision ids in the version table's statements) hold none of these: no replaceAll then.
  if (!MYSQL_ESCAPED.test(value)) return `'${value}'`;
  const body = value.replaceAll("\\", "\\\\").replaceAll("'", "''").replaceAll("\0", "\\0").replaceAll("\x1a", "\\Z");
  return `'${body}'`;
}

/** The characters mysqlString escapes. */
const MYSQL_ESCAPED = /[\\'\0\x1a]/;

function unsupported(what: string, hint: string): never {
  throw new UnsupportedOperationError(`Type "${what}" is not supported on MySQL: ${hint}`);
}

/** DATETIME with microseconds, like PostgreSQL's timestamp; "timestamp(3)" keeps its precision. */
const datetime = (t: ParsedType) => `DATETIME(${t.args[0] ?? "6"})`;

/** A length that is required by MySQL; the portable type may leave it out. */
const sized = (name: string, fallback: string) => (t: ParsedType) => `${name}(${t.args.length ? t.args.join(", ") : fallback})`;

/**
 * Portable types on MySQL and MariaDB. Names not listed are sent as written, so native types
 * ("mediumtext", "int unsigned", "varbinary(16)") just work.
 *
 * timestamp and timestamptz both become DATETIME(6): MySQL's TIMESTAMP ends in 2038, converts values
 * through the session time zone and, with explicit_defaults_for_timestamp off, gets an implicit
 * ON UPDATE CURRENT_TIMESTAMP. DATETIME keeps what it is given: store UTC. Write { raw: "TIMESTAMP(6)" }
 * for the time-zone-converting type.
 */
const TYPES: Record<string, (t: ParsedType) => string> = {
  integer: () => "INT",
  int: () => "INT",
  bigint: () => "BIGINT",
  smallint: () => "SMALLINT",
  serial: () => "INT",
  bigserial: () => "BIGINT",
  smallserial: () => "SMALLINT",
  text: () => "TEXT",
  string: sized("VARCHAR", "255"),
  varchar: sized("VARCHAR", "255"),
  "character varying": sized("VARCHAR", "255"),
  char: sized("CHAR", "1"),
  character: sized("CHAR", "1"),
  boolean: () => "BOOLEAN",
  bool: () => "BOOLEAN",
  numeric: (t) => decimal(t),
  decimal: (t) => decimal(t),
  real: () => "FLOAT",
  float: (t) => `FLOAT${argList(t)}`,
  double: () => "DOUBLE",
  "double precision": () => "DOUBLE",
  date: () => "DATE",
  time: (t) => `TIME${argList(t)}`,
  timestamp: datetime,
  timestamptz: datetime,
  datetime: (t) => `DATETIME${argList(t)}`,
  interval: () => unsupported("interval", "MySQL has no interval type; store a number of seconds (bigint) or a string"),
  json: () => "JSON",
  jsonb: () => "JSON",
  uuid: () => "CHAR(36)",
  binary: (t) => (t.args.length ? `VARBINARY${argList(t)}` : "BLOB"),
  bytea: () => "BLOB",
  blob: () => "BLOB",
  enum: (t) => `ENUM(${enumValues(t.args).map(mysqlString).join(", ")})`,
};

function decimal(t: ParsedType): string {
  if (t.args.length === 0) {
    return unsupported(
      t.name,
      "without precision MySQL makes it DECIMAL(10,0), which drops every fraction; write numeric(precision, scale), e.g. numeric(12,2)",
    );
  }
  return `DECIMAL${argList(t)}`;
}

/** The portable types that make a column AUTO_INCREMENT by themselves. */
export function isSerial(type: ColumnType): boolean {
  if (typeof type !== "string") return false;
  const name = parseType(type)?.name;
  return name === "serial" || name === "bigserial" || name === "smallserial";
}

export function mysqlType(type: ColumnType): string {
  if (typeof type === "string" && parseType(type)?.array) {
    unsupported(type, "MySQL has no array types; use json, or a child table");
  }
  return mapType(type, TYPES);
}
