import type { TableRef } from "../../operations/ops.ts";
import type { DatabaseModel, ReflectScope, TableModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";
import { hasDescendingIndexes, parseServerVersion } from "./capabilities.ts";
import { readCatalog, type Catalog, type CatalogFilter } from "./catalog.ts";
import { readViews } from "./read_views.ts";
import { compare, tableModel, type TableRows } from "./table_model.ts";

interface Server {
  /** DATABASE(): the default schema, whose tables carry no `schema`. */
  readonly database: string | null;
  readonly mariadb: boolean;
  /** The server keeps DESC key parts (hasDescendingIndexes). */
  readonly descending: boolean;
}

async function server(conn: Connection): Promise<Server> {
  const [row] = await conn.query<{ db: string | null; version: string }>("SELECT DATABASE() AS db, VERSION() AS version");
  const version = parseServerVersion(row?.version ?? "");
  return { database: row?.db ?? null, mariadb: version.mariadb, descending: hasDescendingIndexes(version) };
}

/**
 * Every base table and view of the default database (DATABASE()) and of the databases `scope.schemas` names, with
 * one information_schema query per kind of object. Tables of the default database carry no `schema` (a
 * scope schema that names the default database adds nothing). skipTable is asked per table: a skipped
 * table's rows come with the bulk queries but are left out before anything is made of them.
 * MySQL has no enum types or sequences of migrator's kind: those lists are empty.
 */
export async function reflectMysql(conn: Connection, scope: ReflectScope): Promise<DatabaseModel> {
  const srv = await server(conn);
  const { database, mariadb } = srv;
  const others = [...new Set(scope.schemas ?? [])].filter((s) => s !== database);
  const wanted = database === null ? others : [database, ...others];
  const catalog = await readCatalog(conn, { schemas: wanted }, srv);
  const existing = new Set(catalog.tables.map((t) => t.schema));
  const tables: TableModel[] = [];
  for (const [ref, rows] of byTable(catalog, (schema, name) => (schema === database ? { name } : { name, schema }))) {
    if (scope.skipTable?.(ref)) continue;
    tables.push(tableModel(ref, rows, mariadb, scope.serverNames ?? false));
  }
  tables.sort((a, b) => compare(a.table.schema ?? "", b.table.schema ?? "") || compare(a.table.name, b.table.name));
  const views = await readViews(conn, wanted, database);
  const unmanaged = await readUnmanaged(conn, wanted, database);
  return {
    schemas: (await existingSchemas(conn, others, existing)).sort(compare),
    tables,
    enums: [],
    sequences: [],
    // Left out when there are none, so that a database without views reads as it did before views were read.
    ...(views.length > 0 ? { views } : {}),
    unmanaged,
  };
}

/** Views, triggers and routines of the databases read, by kind and name. */
async function readUnmanaged(conn: Connection, schemas: readonly string[], database: string | null): Promise<string[]> {
  if (schemas.length === 0) return [];
  const marks = schemas.map(() => "?").join(", ");
  const rows = await conn.query<{ kind: string; schema: string; name: string }>(
    `SELECT 'view' AS kind, TABLE_SCHEMA AS \`schema\`, TABLE_NAME AS name FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN (${marks})
     UNION ALL
     SELECT 'trigger', TRIGGER_SCHEMA, CONCAT(TRIGGER_NAME, ' on ', EVENT_OBJECT_TABLE) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (${marks})
     UNION ALL
     SELECT LOWER(ROUTINE_TYPE), ROUTINE_SCHEMA, CONCAT(ROUTINE_NAME, '()') FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (${marks})`,
    [...schemas, ...schemas, ...schemas],
  );
  return rows.map((r) => `${r.kind} ${r.schema === database ? "" : `${r.schema}.`}${r.name}`).sort(compare);
}

/** One table, through the same queries restricted to it (batch mode, MySQL column changes, dropConstraint). */
export async function reflectMysqlTable(conn: Connection, ref: TableRef, options: Pick<ReflectScope, "serverNames"> = {}): Promise<TableModel | undefined> {
  const srv = await server(conn);
  const { database, mariadb } = srv;
  const schema = ref.schema ?? database;
  if (schema === null) return undefined;
  const filter: CatalogFilter = { schemas: [schema], table: ref.name };
  const found = byTable(await readCatalog(conn, filter, srv), () => ref)[0];
  return found ? tableModel(ref, found[1], mariadb, options.serverNames ?? false) : undefined;
}

/** The catalog rows grouped by table, in the order of the tables' rows. */
function byTable(catalog: Catalog, refOf: (schema: string, name: string) => TableRef): [TableRef, TableRows][] {
  const key = (schema: string, table: string) => `${schema}\u0000${table}`;
  const group = <R extends { schema: string; table: string }>(rows: readonly R[]) => {
    const map = new Map<string, R[]>();
    for (const r of rows) {
      const k = key(r.schema, r.table);
      const list = map.get(k);
      if (list) list.push(r);
      else map.set(k, [r]);
    }
    return map;
  };
  const columns = group(catalog.columns);
  const keyColumns = group(catalog.keyColumns);
  const rules = group(catalog.rules);
  const checks = group(catalog.checks);
  const indexParts = group(catalog.indexParts);
  return catalog.tables.map((t) => {
    const k = key(t.schema, t.name);
    const rows: TableRows = {
      table: t,
      columns: columns.get(k) ?? [],
      keyColumns: keyColumns.get(k) ?? [],
      rules: rules.get(k) ?? [],
      checks: checks.get(k) ?? [],
      indexParts: indexParts.get(k) ?? [],
    };
    return [refOf(t.schema, t.name), rows];
  });
}

/** The schemas in scope that exist: those with tables, and the empty ones SCHEMATA knows. */
async function existingSchemas(conn: Connection, schemas: readonly string[], withTables: ReadonlySet<string>): Promise<string[]> {
  const unknown = schemas.filter((s) => !withTables.has(s));
  if (unknown.length === 0) return [...schemas];
  const rows = await conn.query<{ name: string }>(
    `SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (${unknown.map(() => "?").join(", ")})`,
    unknown,
  );
  const empty = new Set(rows.map((r) => r.name));
  return schemas.filter((s) => withTables.has(s) || empty.has(s));
}
