import type { KeyOptionSupport } from "../../operations/index_column.ts";
import type { TableRef } from "../../operations/ops.ts";
import type { DatabaseModel, ReflectScope, TableModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";
import { notExtensionMember, readTableRows, TABLES_SQL, type TableRow } from "./catalog.ts";
import { readEnums } from "./enums.ts";
import { bySchemaAndName, compare } from "./order.ts";
import { readViews } from "./read_views.ts";
import { readSequences } from "./sequences.ts";
import { tableModel } from "./table_model.ts";

const ALL_KEY_OPTIONS: KeyOptionSupport = { indexNullsOrder: true, operatorClasses: true };

/**
 * Read every table, enum, sequence and plain view of the default schema (current_schema()) and of scope.schemas: one
 * catalog query per kind of object, whatever the number of tables. Objects of the default schema carry no
 * `schema`. Tables are the ordinary and partitioned ones (not partitions, views or foreign tables), and
 * nothing an extension made. Lists are sorted (table_model.ts, enums.ts, sequences.ts), so two
 * reflections of one database are deep-equal. A foreign key has `refSchema` only when it points into
 * another schema than its table's: from a table of another schema to one of the default schema, that is
 * the default schema's real name (in a scratch: the scratch default's name). `keys`: the index key options
 * the dialect has (a variant's capabilities), the only ones read.
 */
export async function reflectPostgres(conn: Connection, scope: ReflectScope, keys: KeyOptionSupport = ALL_KEY_OPTIONS): Promise<DatabaseModel> {
  const { current, schemas, read } = await schemasRead(conn, scope);
  const rows = await conn.query<TableRow>(
    `${TABLES_SQL} AND NOT c.relispartition AND n.nspname IN (SELECT json_array_elements_text(CAST(? AS json)))
        AND ${notExtensionMember("pg_class", "c.oid")}`,
    [JSON.stringify(read)],
  );
  const refOf = (t: TableRow): TableRef => (t.schema === current ? { name: t.name } : { name: t.name, schema: t.schema });
  const tables = rows
    .map((row) => ({ row, ref: refOf(row) }))
    .filter((t) => !scope.skipTable?.(t.ref))
    .sort((a, b) => bySchemaAndName(a.ref, b.ref));
  const views = await readViews(conn, read, current);
  return {
    schemas,
    tables: await readTables(conn, tables, scope.serverNames ?? false, keys),
    enums: await readEnums(conn, read, current),
    sequences: await readSequences(conn, read, current),
    // Left out when there are none, so that a database without views reads as it did before views were read.
    ...(views.length > 0 ? { views } : {}),
    unmanaged: await readUnmanaged(conn, read, current),
  };
}

/** The default schema (current_schema(), null when none) and the other schemas of the scope that exist; `read`: both. */
async function schemasRead(conn: Connection, scope: Pick<ReflectScope, "schemas">): Promise<{ current: string | null; schemas: string[]; read: string[] }> {
  const where = (
    await conn.query<{ current: string | null; existing: string[] | null }>(
      `SELECT current_schema() AS current,
              (SELECT json_agg(nspname) FROM pg_namespace WHERE nspname IN (SELECT json_array_elements_text(CAST(? AS json)))) AS existing`,
      [JSON.stringify(scope.schemas ?? [])],
    )
  )[0];
  const current = where?.current ?? null;
  const schemas = (where?.existing ?? []).filter((s) => s !== current).sort(compare);
  return { current, schemas, read: current !== null ? [current, ...schemas] : schemas };
}

/** Views, materialized views, triggers and functions of the schemas read (not an extension's), by kind and name. */
async function readUnmanaged(conn: Connection, schemas: readonly string[], current: string | null): Promise<string[]> {
  const rows = await conn.query<{ kind: string; schema: string; name: string }>(
    `SELECT CASE c.relkind WHEN 'v' THEN 'view' ELSE 'materialized view' END AS kind, n.nspname AS schema, c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('v', 'm') AND n.nspname IN (SELECT json_array_elements_text(CAST(? AS json))) AND ${notExtensionMember("pg_class", "c.oid")}
     UNION ALL
     SELECT 'trigger', n.nspname, t.tgname || ' on ' || c.relname
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT t.tgisinternal AND n.nspname IN (SELECT json_array_elements_text(CAST(? AS json)))
     UNION ALL
     SELECT 'function', n.nspname, p.proname || '()'
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname IN (SELECT json_array_elements_text(CAST(? AS json))) AND ${notExtensionMember("pg_proc", "p.oid")}`,
    [JSON.stringify(schemas), JSON.stringify(schemas), JSON.stringify(schemas)],
  );
  return rows.map((r) => `${r.kind} ${r.schema === current ? "" : `${r.schema}.`}${r.name}`).sort(compare);
}

/**
 * One table, read by the same code as reflectPostgres. Without a schema, the table is the one the
 * search_path finds; the model's `table` (and its indexes' `table`) is `ref` as given.
 */
export async function reflectPostgresTable(conn: Connection, ref: TableRef, options: Pick<ReflectScope, "serverNames"> = {}, keys: KeyOptionSupport = ALL_KEY_OPTIONS): Promise<TableModel | undefined> {
  const rows = await conn.query<TableRow>(
    `${TABLES_SQL} AND c.relname = ? AND ${ref.schema !== undefined ? "n.nspname = ?" : "pg_table_is_visible(c.oid)"}`,
    ref.schema !== undefined ? [ref.name, ref.schema] : [ref.name],
  );
  const row = rows[0];
  return row ? (await readTables(conn, [{ row, ref }], options.serverNames ?? false, keys))[0] : undefined;
}

/** The models of the given tables, in the given order: three queries (columns, constraints, indexes). */
async function readTables(conn: Connection, tables: readonly { row: TableRow; ref: TableRef }[], serverNames: boolean, keys: KeyOptionSupport): Promise<TableModel[]> {
  if (tables.length === 0) return [];
  const rows = await readTableRows(conn, tables.map((t) => Number(t.row.oid)), Number(tables[0]!.row.version), keys);
  return tables.map((t) => tableModel(t.row, t.ref, rows, serverNames));
}
