import { UnsupportedOperationError } from "../../errors.ts";
import type { TableRef } from "../../operations/ops.ts";
import type { DatabaseModel, ReflectScope, TableModel, ViewModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";
import type { TriggerSql } from "../dialect.ts";
import { compareText } from "./canonical.ts";
import { primaryKeyColumns, readCatalog, type CatalogFilter } from "./catalog.ts";
import { sqliteTableModel } from "./table_model.ts";
import { sqliteViewQuery } from "./view_query.ts";

/**
 * Every table of a SQLite database (main), in the model's normal form, sorted by name: four catalog
 * queries whatever the number of tables (catalog.ts), five when a foreign key names a skipped parent
 * without its columns; one more reads views (their SELECT as written) and lists views and triggers (unmanaged). SQLite's own tables (sqlite_%) and virtual tables are left out. SQLite has no
 * schemas, enums or sequences. Works on any Connection, so the libSQL dialect uses it too.
 */
export async function reflectSqlite(conn: Connection, scope: ReflectScope): Promise<DatabaseModel> {
  const schemas = scope.schemas ?? [];
  if (schemas.length > 0) {
    throw new UnsupportedOperationError(
      `Cannot reflect schemas ${schemas.map((s) => `"${s}"`).join(", ")}: SQLite has no schemas (attached databases are not reflected); ` +
        `leave the schemas out of the configuration for a SQLite database`,
    );
  }
  const skip = scope.skipTable;
  const tables = await readTables(conn, skip ? { skipTable: (name) => skip({ name }) } : {});
  const others = await conn.query<{ type: string; name: string; tbl_name: string; sql: string | null }>(
    "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY type, name",
  );
  const unmanaged = others.map((o) => (o.type === "trigger" ? `trigger ${o.name} on ${o.tbl_name}` : `view ${o.name}`));
  const views: ViewModel[] = others
    .filter((o) => o.type === "view" && o.sql !== null)
    .map((o) => ({ name: String(o.name), query: sqliteViewQuery(String(o.sql), String(o.name)) }))
    .sort((a, b) => compareText(a.name, b.name));
  // Left out when there are none, so that a database without views reads as it did before views were read.
  return { schemas: [], tables, enums: [], sequences: [], ...(views.length > 0 ? { views } : {}), unmanaged };
}

/**
 * One table's definition (batch mode's "current table"): the same reading as reflectSqlite, for one
 * table; of an attached database when `ref.schema` is set. Undefined when there is no such table.
 */
export async function reflectSqliteTable(conn: Connection, ref: TableRef): Promise<TableModel | undefined> {
  const filter: CatalogFilter = ref.schema === undefined ? { table: ref.name } : { table: ref.name, schema: ref.schema };
  return (await readTables(conn, filter))[0];
}

/** The triggers on one table (of an attached database when `ref.schema` is set), in creation order. */
export async function sqliteTableTriggers(conn: Connection, ref: TableRef): Promise<TriggerSql[]> {
  const master = ref.schema === undefined ? "sqlite_master" : `"${ref.schema.replaceAll('"', '""')}".sqlite_master`;
  const rows = await conn.query<{ name: string; sql: string }>(
    `SELECT name, sql FROM ${master} WHERE type = 'trigger' AND lower(tbl_name) = lower(?) AND sql IS NOT NULL ORDER BY rowid`,
    [ref.name],
  );
  return rows.map((r) => ({ name: String(r.name), sql: String(r.sql) }));
}

async function readTables(conn: Connection, filter: CatalogFilter): Promise<TableModel[]> {
  const catalog = await readCatalog(conn, filter);
  const keys = new Map<string, string[]>();
  for (const t of catalog.tables) {
    keys.set(
      t.name.toLowerCase(),
      (catalog.columns.get(t.name) ?? []).filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
    );
  }
  // Parents of `REFERENCES parent` (no columns) that were not read: their keys, in one more query.
  const missing = new Set<string>();
  for (const fks of catalog.foreignKeys.values()) {
    for (const fk of fks) if (fk.to === null && !keys.has(fk.table.toLowerCase())) missing.add(fk.table.toLowerCase());
  }
  for (const [name, cols] of await primaryKeyColumns(conn, filter.schema, [...missing])) keys.set(name, cols);
  return [...catalog.tables].sort((a, b) => compareText(a.name, b.name)).map((row) => {
    const table: TableRef = filter.schema === undefined ? { name: row.name } : { name: row.name, schema: filter.schema };
    return sqliteTableModel(table, {
      row,
      columns: catalog.columns.get(row.name) ?? [],
      foreignKeys: catalog.foreignKeys.get(row.name) ?? [],
      indexes: catalog.indexes.get(row.name) ?? [],
      parentKey: (parent) => keys.get(parent.toLowerCase()),
    });
  });
}
