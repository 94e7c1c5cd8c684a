/**
 * The catalog queries of SQLite reflection. Each reads one kind of fact for every table at once:
 * sqlite_master joined with the table-valued pragmas (pragma_table_info, pragma_foreign_key_list), so
 * reflecting 500 tables costs the same four queries as reflecting one.
 */
import type { Connection } from "../connection.ts";

export interface TableRow {
  readonly name: string;
  readonly sql: string;
}

export interface ColumnRow {
  readonly name: string;
  readonly type: string;
  readonly notnull: number;
  readonly dflt_value: string | null;
  readonly pk: number;
  /** pragma_table_xinfo: 0 an ordinary column, 2 a generated VIRTUAL one, 3 a generated STORED one. */
  readonly hidden: number;
}

export interface ForeignKeyRow {
  readonly id: number;
  readonly seq: number;
  readonly table: string;
  readonly from: string;
  readonly to: string | null;
  readonly on_update: string;
  readonly on_delete: string;
}

export interface IndexRow {
  readonly name: string;
  readonly sql: string;
}

/** What the catalog holds, per table (keyed by the table's name as stored). */
export interface CatalogRows {
  readonly tables: readonly TableRow[];
  readonly columns: ReadonlyMap<string, readonly ColumnRow[]>;
  readonly foreignKeys: ReadonlyMap<string, readonly ForeignKeyRow[]>;
  readonly indexes: ReadonlyMap<string, readonly IndexRow[]>;
}

export interface CatalogFilter {
  /** An attached database ("aux"); the main one when unset. */
  readonly schema?: string;
  /** Only this table (matched as SQLite matches names: ASCII case-insensitively). */
  readonly table?: string;
  /** Tables to leave out, asked before anything but their name is read. */
  readonly skipTable?: (name: string) => boolean;
}

const quoteId = (s: string) => `"${s.replaceAll('"', '""')}"`;
const quoteText = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** sqlite_master of the main or an attached database, and the pragmas' schema argument to go with it. */
function place(schema: string | undefined): { master: string; schemaArg: string } {
  return schema === undefined ? { master: "sqlite_master", schemaArg: "" } : { master: `${quoteId(schema)}.sqlite_master`, schemaArg: `, ${quoteText(schema)}` };
}

/**
 * Ordinary tables: not SQLite's own (sqlite_sequence, sqlite_stat1, ...), not virtual tables (whose
 * module may not be loaded, and which no op creates).
 */
const ORDINARY = `m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%'`;

/** Read the tables the filter selects, with their columns, foreign keys and indexes: four queries. */
export async function readCatalog(conn: Connection, filter: CatalogFilter): Promise<CatalogRows> {
  const { master, schemaArg } = place(filter.schema);
  const only = filter.table === undefined ? "" : ` AND lower(m.name) = lower(?)`;
  const onlyParams = filter.table === undefined ? [] : [filter.table];
  const listed = await conn.query<{ name: string; sql: string }>(`SELECT m.name AS name, m.sql AS sql FROM ${master} m WHERE ${ORDINARY}${only}`, onlyParams);
  const all = listed.map((r) => ({ name: String(r.name), sql: String(r.sql) }));
  const tables = all.filter((t) => !filter.skipTable?.(t.name));
  const skipped = all.filter((t) => !tables.includes(t)).map((t) => t.name);
  if (tables.length === 0) return { tables, columns: new Map(), foreignKeys: new Map(), indexes: new Map() };

  const where = `${ORDINARY}${only}${skipped.length > 0 ? ` AND m.name NOT IN (${skipped.map(() => "?").join(", ")})` : ""}`;
  const params = [...onlyParams, ...skipped];
  const columns = await conn.query(
    `SELECT m.name AS tbl, p.cid AS cid, p.name AS name, p.type AS type, p."notnull" AS "notnull", p.dflt_value AS dflt_value, p.pk AS pk, p.hidden AS hidden ` +
      `FROM ${master} m JOIN pragma_table_xinfo(m.name${schemaArg}) p WHERE ${where} AND p.hidden <> 1 ORDER BY m.name, p.cid`,
    params,
  );
  const foreignKeys = await conn.query(
    `SELECT m.name AS tbl, f.id AS id, f.seq AS seq, f."table" AS "table", f."from" AS "from", f."to" AS "to", f.on_update AS on_update, f.on_delete AS on_delete ` +
      `FROM ${master} m JOIN pragma_foreign_key_list(m.name${schemaArg}) f WHERE ${where} ORDER BY m.name, f.id, f.seq`,
    params,
  );
  // Indexes SQLite makes for UNIQUE / PRIMARY KEY have no sql: those are constraints, read from the table's text.
  const indexes = await conn.query(
    `SELECT m.tbl_name AS tbl, m.name AS name, m.sql AS sql FROM ${master} m WHERE m.type = 'index' AND m.sql IS NOT NULL` +
      `${filter.table === undefined ? "" : ` AND lower(m.tbl_name) = lower(?)`}${skipped.length > 0 ? ` AND m.tbl_name NOT IN (${skipped.map(() => "?").join(", ")})` : ""}`,
    params,
  );
  return {
    tables,
    columns: groupBy(columns, (r) => ({ name: String(r.name), type: String(r.type), notnull: Number(r.notnull), dflt_value: r.dflt_value === null || r.dflt_value === undefined ? null : String(r.dflt_value), pk: Number(r.pk), hidden: Number(r.hidden ?? 0) })),
    foreignKeys: groupBy(foreignKeys, (r) => ({
      id: Number(r.id),
      seq: Number(r.seq),
      table: String(r.table),
      from: String(r.from),
      to: r.to === null || r.to === undefined ? null : String(r.to),
      on_update: String(r.on_update),
      on_delete: String(r.on_delete),
    })),
    indexes: groupBy(indexes, (r) => ({ name: String(r.name), sql: String(r.sql) })),
  };
}

/**
 * The primary key columns of the named tables, in key order, keyed by lower-cased table name: for foreign
 * keys written `REFERENCES parent` without columns, whose parent was not read with them. One query.
 */
export async function primaryKeyColumns(conn: Connection, schema: string | undefined, tables: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (tables.length === 0) return out;
  const { master, schemaArg } = place(schema);
  const rows = await conn.query<{ tbl: string; name: string }>(
    `SELECT m.name AS tbl, p.name AS name FROM ${master} m JOIN pragma_table_info(m.name${schemaArg}) p ` +
      `WHERE m.type = 'table' AND p.pk > 0 AND lower(m.name) IN (${tables.map(() => "lower(?)").join(", ")}) ORDER BY m.name, p.pk`,
    tables,
  );
  for (const r of rows) {
    const key = String(r.tbl).toLowerCase();
    out.set(key, [...(out.get(key) ?? []), String(r.name)]);
  }
  return out;
}

function groupBy<T>(rows: readonly Record<string, unknown>[], map: (row: Record<string, unknown>) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const key = String(r.tbl);
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(map(r));
  }
  return out;
}
