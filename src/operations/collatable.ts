import type { ColumnType } from "./ops.ts";

/**
 * The types that take a collation: the character string types (PostgreSQL's text, varchar, char, bpchar,
 * citext, name; MySQL's national and sized ones, the text family, ENUM and SET) and the portable
 * "string" and "enum(a,b)". A domain or an extension's type may take one too, but nothing here knows.
 */
const COLLATABLE = /^\s*(national\s+)?((var)?char|character|bpchar|nchar|nvarchar|(tiny|medium|long)?text|citext|name|string|enum|set)\b/i;

/**
 * Whether a column keeps its collation through a type change to `type` that gives none: the compilers
 * restate it only on these types (PostgreSQL refuses TYPE integer COLLATE "C", MySQL may refuse it on
 * INT), so the column otherwise gets the new type's default one. The one rule the compilers and the
 * offline tracker follow.
 */
export function keepsCollation(type: ColumnType): boolean {
  return COLLATABLE.test(typeof type === "string" ? type : type.raw);
}
