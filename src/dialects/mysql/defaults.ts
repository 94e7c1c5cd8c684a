import type { DefaultValue } from "../../operations/ops.ts";
import { mysqlString } from "./types.ts";

const NUMERIC = /^(tinyint|smallint|mediumint|int|integer|bigint|decimal|numeric|float|double|real|bit|bool|boolean)\b/i;
const NOW = /^current_timestamp(\(\d*\))?$/i;
/** A default with MySQL's ON UPDATE clause (DEFAULT x ON UPDATE y, as readDefault gives it). */
export const ON_UPDATE_DEFAULT = /\bon\s+update\b/i;

/** EXTRA's clause of a column that sets itself on every UPDATE (MariaDB: lower case; MySQL: after DEFAULT_GENERATED). */
const ON_UPDATE = /\bon update (current_timestamp(?:\(\d*\))?)/i;

/**
 * A column's default from information_schema.COLUMNS. COLUMN_DEFAULT differs: MariaDB (10.2.7+) gives an
 * SQL expression ('text', 5, current_timestamp(), NULL); MySQL gives the bare value, and marks
 * expressions with DEFAULT_GENERATED in EXTRA, and gives NULL for a nullable column's DEFAULT NULL.
 */
export function readDefault(dflt: string | null, type: string, extra: string, mariadb: boolean, nullable = false): DefaultValue | undefined {
  const base = columnDefault(dflt, type, extra, mariadb);
  // ON UPDATE CURRENT_TIMESTAMP goes with the default, as the DDL writes it (DEFAULT x ON UPDATE y), so that
  // it is compared and restated by MODIFY. A NOT NULL column with no default at all cannot carry it: left out.
  const onUpdate = ON_UPDATE.exec(extra)?.[1];
  if (onUpdate === undefined || (base === undefined && dflt === null && !nullable)) return base;
  const sql = base === undefined || base === null ? "NULL" : typeof base === "object" ? base.sql : mysqlString(String(base));
  return { sql: `${sql} ON UPDATE ${onUpdate}` };
}

function columnDefault(dflt: string | null, type: string, extra: string, mariadb: boolean): DefaultValue | undefined {
  if (dflt === null || (mariadb && dflt.toUpperCase() === "NULL")) return undefined;
  if (mariadb) {
    if (/^'.*'$/s.test(dflt)) {
      return dflt.slice(1, -1).replace(/\\(.)|''/gs, (_m, ch: string | undefined) => (ch === undefined ? "'" : unescape(ch)));
    }
    return { sql: dflt };
  }
  if (/\bDEFAULT_GENERATED\b/i.test(extra)) return { sql: NOW.test(dflt) ? dflt : `(${dflt})` };
  return NUMERIC.test(type) ? { sql: dflt } : dflt;
}

function unescape(ch: string): string {
  return ({ "0": "\0", n: "\n", r: "\r", t: "\t", Z: "\x1a", b: "\b" } as Record<string, string>)[ch] ?? ch;
}
