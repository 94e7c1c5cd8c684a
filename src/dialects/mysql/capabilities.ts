import type { Capabilities } from "../dialect.ts";

/** What every supported server has (MySQL 8.0, MariaDB 10.5+): the capabilities offline and before connecting. */
export const MYSQL_CAPABILITIES: Capabilities = {
  transactionalDdl: false,
  alterColumn: true,
  alterConstraints: true,
  alterKeyColumnType: false,
  alterGeneratedBaseType: true,
  viewsBindColumns: false,
  materializedViews: false,
  primaryKeyNames: false,
  foreignKeyNeedsIndex: true,
  foreignKeyNeedsUniqueKey: false,
  alterColumnUsing: false,
  uniqueIndexIsConstraint: true,
  autoincrementNeedsKey: true,
  restrictIsNoAction: true,
  schemas: false,
  enumTypes: false,
  sequences: false,
  partialIndexes: false,
  expressionIndexes: false,
  comments: true,
  virtualGeneratedColumns: true,
  // A VIRTUAL column is made plain through a new column filled from it (virtual_swap.ts): its values stay.
  keepsGeneratedValues: { stored: true, virtual: true },
  generatedExpressionInPlace: { stored: true, virtual: true },
  nullsNotDistinct: false,
  coveringIndexes: false,
  indexNullsOrder: false,
  operatorClasses: false,
  collationCharacterSets: true,
  maxIdentifierLength: 64,
};

/** A VERSION() string read: MariaDB or MySQL, and its major.minor.patch. */
export interface ServerVersion {
  readonly mariadb: boolean;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** "8.0.36" → MySQL 8.0.36; "10.11.19-MariaDB-0+deb12u1" → MariaDB 10.11.19 (also the old "5.5.5-10.x" prefix). */
export function parseServerVersion(version: string): ServerVersion {
  const mariadb = /mariadb/i.test(version);
  const text = mariadb ? version.replace(/^5\.5\.5-/, "") : version;
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(text);
  return { mariadb, major: Number(m?.[1] ?? 0), minor: Number(m?.[2] ?? 0), patch: Number(m?.[3] ?? 0) };
}

/** The server as people name it: "MariaDB 10.11.19", "MySQL 8.0.12". */
export function serverName(version: ServerVersion): string {
  return `${version.mariadb ? "MariaDB" : "MySQL"} ${version.major}.${version.minor}.${version.patch}`;
}

/**
 * Whether the server takes expression key parts, CREATE INDEX ... ((lower(email))): MySQL from 8.0.13;
 * MariaDB has none (it indexes a generated column instead).
 */
export function hasExpressionIndexes(version: ServerVersion): boolean {
  if (version.mariadb) return false;
  return version.major > 8 || (version.major === 8 && (version.minor > 0 || version.patch >= 13));
}

/**
 * Whether the server keeps an index key's DESC (STATISTICS.COLLATION 'D'): MySQL from 8.0, MariaDB from
 * 10.8. Older servers parse DESC and build an ascending key, so their catalog's order is not read.
 */
export function hasDescendingIndexes(version: ServerVersion): boolean {
  if (version.mariadb) return version.major > 10 || (version.major === 10 && version.minor >= 8);
  return version.major >= 8;
}

/** The capabilities a server's version adds to the base ones. */
export function serverCapabilities(version: ServerVersion): Capabilities {
  return { ...MYSQL_CAPABILITIES, expressionIndexes: hasExpressionIndexes(version) };
}
