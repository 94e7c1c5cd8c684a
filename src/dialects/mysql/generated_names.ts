import type { ConstraintType } from "../../operations/ops.ts";
import type { TableModel } from "../../schema/model.ts";

/**
 * Names the server makes up for constraints declared without one. Reflection reads them back unnamed
 * (the model's normal form), so that autogenerate matches such constraints by structure.
 */

const digits = (s: string) => /^\d+$/.test(s);

/** `<table>_ibfk_<n>`: an unnamed foreign key (MySQL and MariaDB). */
export function isGeneratedForeignKeyName(name: string, table: string): boolean {
  const prefix = `${table}_ibfk_`;
  return name.startsWith(prefix) && digits(name.slice(prefix.length));
}

/**
 * An unnamed CHECK. MariaDB: a column-level check (`level` "Column") is named after its column and cannot
 * be named otherwise; a table-level one is `CONSTRAINT_<n>`. MySQL 8 (no level): `<table>_chk_<n>`.
 */
export function isGeneratedCheckName(name: string, table: string, level: string | null): boolean {
  if (level === "Column") return true;
  if (/^CONSTRAINT_\d+$/.test(name)) return true;
  const prefix = `${table}_chk_`;
  return name.startsWith(prefix) && digits(name.slice(prefix.length));
}

/** An unnamed UNIQUE (or the index of an unnamed foreign key): its first column's name, then `<column>_<n>` (n ≥ 2). */
export function isGeneratedKeyName(name: string, columns: readonly string[]): boolean {
  const first = columns[0];
  if (first === undefined) return false;
  if (name === first) return true;
  return name.startsWith(`${first}_`) && digits(name.slice(first.length + 1));
}

/**
 * The kind of the constraint a made-up name belongs to, for dropConstraint on a table whose reflected
 * model has that constraint unnamed: users_ibfk_1 is a foreign key, email_2 a unique key, CONSTRAINT_1 or
 * users_chk_1 a check, a column's name a unique key on it or (MariaDB) its column check.
 */
export function generatedConstraintType(model: TableModel, name: string): ConstraintType | undefined {
  const table = model.table.name;
  if (isGeneratedForeignKeyName(name, table) && model.foreignKeys.some((fk) => fk.name === undefined)) return "foreign";
  if (model.uniques.some((u) => u.name === undefined && isGeneratedKeyName(name, u.columns))) return "unique";
  const unnamedChecks = model.checks.filter((c) => c.name === undefined);
  if (unnamedChecks.length === 0) return undefined;
  if (isGeneratedCheckName(name, table, null)) return "check";
  const quoted = `\`${name.replaceAll("`", "``")}\``;
  if (model.columns.some((c) => c.name === name) && unnamedChecks.some((c) => c.condition.includes(quoted))) return "check";
  return undefined;
}
