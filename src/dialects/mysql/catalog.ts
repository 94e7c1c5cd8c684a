import type { Connection } from "../connection.ts";

/** Which tables to read: every base table of some databases, or one table. */
export interface CatalogFilter {
  readonly schemas: readonly string[];
  /** Only this table (in the one schema given). */
  readonly table?: string;
}

export interface TableRow extends Record<string, unknown> {
  schema: string;
  name: string;
  comment: string;
  /** TABLE_COLLATION: the default collation of the table's text columns. */
  collation: string | null;
}

export interface ColumnRow extends Record<string, unknown> {
  schema: string;
  table: string;
  name: string;
  position: number;
  type: string;
  nullable: string;
  dflt: string | null;
  extra: string;
  comment: string;
  /** GENERATION_EXPRESSION: a generated column's expression, "" or NULL for others. */
  generation: string | null;
  /** COLLATION_NAME: a text column's collation, NULL for other types. */
  collation: string | null;
}

/** A column of a primary key or a foreign key (KEY_COLUMN_USAGE). */
export interface KeyColumnRow extends Record<string, unknown> {
  schema: string;
  table: string;
  constraint: string;
  column: string;
  position: number;
  refSchema: string | null;
  refTable: string | null;
  refColumn: string | null;
}

/** A foreign key's rules (REFERENTIAL_CONSTRAINTS). */
export interface RuleRow extends Record<string, unknown> {
  schema: string;
  table: string;
  name: string;
  onUpdate: string;
  onDelete: string;
}

export interface CheckRow extends Record<string, unknown> {
  schema: string;
  table: string;
  name: string;
  clause: string;
  /** MariaDB: "Column" or "Table"; MySQL: null. */
  level: string | null;
}

/** One key part of an index (STATISTICS). */
export interface IndexPartRow {
  schema: string;
  table: string;
  name: string;
  position: number;
  unique: boolean;
  type: string;
  column: string | null;
  /** Prefix length (SUB_PART). */
  prefix: number | null;
  /** A functional key part (MySQL ≥ 8.0.13). */
  expression: string | null;
  /** COLLATION 'D': a descending key part (kept by MySQL 8.0+ and MariaDB 10.8+ only). */
  desc: boolean;
}

/** What the queries depend on: MariaDB or MySQL, and whether the server keeps DESC key parts (hasDescendingIndexes). */
export interface CatalogServer {
  readonly mariadb: boolean;
  readonly descending: boolean;
}

/** The catalog rows of every table in a filter, one query per kind of object. */
export interface Catalog {
  readonly tables: readonly TableRow[];
  readonly columns: readonly ColumnRow[];
  readonly keyColumns: readonly KeyColumnRow[];
  readonly rules: readonly RuleRow[];
  readonly checks: readonly CheckRow[];
  readonly indexParts: readonly IndexPartRow[];
}

/**
 * Read the catalog rows of every table a filter names, with one information_schema query per kind of
 * object (never one per table). Rows come unsorted and may include views' columns: callers keep the
 * rows of the tables they want. The server looks up a schema (and a table) given by equality without
 * opening the others, so each schema is its own branch of a UNION ALL rather than an IN list.
 */
export async function readCatalog(conn: Connection, filter: CatalogFilter, server: CatalogServer): Promise<Catalog> {
  const { mariadb } = server;
  if (filter.schemas.length === 0) return { tables: [], columns: [], keyColumns: [], rules: [], checks: [], indexParts: [] };
  const union = (select: (where: string) => string, schemaColumn: string, tableColumn: string) => {
    const where = `${schemaColumn} = ?${filter.table !== undefined ? ` AND ${tableColumn} = ?` : ""}`;
    const params = filter.schemas.flatMap((s) => (filter.table !== undefined ? [s, filter.table] : [s]));
    return { sql: filter.schemas.map(() => select(where)).join("\nUNION ALL\n"), params };
  };
  const run = async <T extends Record<string, unknown>>(q: { sql: string; params: unknown[] }) => conn.query<T>(q.sql, q.params);

  const tables = await run<TableRow>(
    union(
      (w) => `SELECT TABLE_SCHEMA AS \`schema\`, TABLE_NAME AS name, TABLE_COMMENT AS comment, TABLE_COLLATION AS collation FROM information_schema.TABLES
               WHERE ${w} AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')`,
      "TABLE_SCHEMA",
      "TABLE_NAME",
    ),
  );
  if (tables.length === 0) return { tables, columns: [], keyColumns: [], rules: [], checks: [], indexParts: [] };

  const columns = await run<ColumnRow>(
    union(
      (w) => `SELECT TABLE_SCHEMA AS \`schema\`, TABLE_NAME AS \`table\`, COLUMN_NAME AS name, ORDINAL_POSITION AS position,
                     COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra, COLUMN_COMMENT AS comment,
                     GENERATION_EXPRESSION AS generation, COLLATION_NAME AS collation
                FROM information_schema.COLUMNS WHERE ${w}`,
      "TABLE_SCHEMA",
      "TABLE_NAME",
    ),
  );
  const keyColumns = await run<KeyColumnRow>(
    union(
      (w) => `SELECT TABLE_SCHEMA AS \`schema\`, TABLE_NAME AS \`table\`, CONSTRAINT_NAME AS \`constraint\`, COLUMN_NAME AS \`column\`,
                     ORDINAL_POSITION AS position, REFERENCED_TABLE_SCHEMA AS refSchema, REFERENCED_TABLE_NAME AS refTable,
                     REFERENCED_COLUMN_NAME AS refColumn
                FROM information_schema.KEY_COLUMN_USAGE
               WHERE ${w} AND (CONSTRAINT_NAME = 'PRIMARY' OR REFERENCED_TABLE_NAME IS NOT NULL)`,
      "TABLE_SCHEMA",
      "TABLE_NAME",
    ),
  );
  const rules = await run<RuleRow>(
    union(
      (w) => `SELECT CONSTRAINT_SCHEMA AS \`schema\`, TABLE_NAME AS \`table\`, CONSTRAINT_NAME AS name,
                     UPDATE_RULE AS onUpdate, DELETE_RULE AS onDelete
                FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE ${w}`,
      "CONSTRAINT_SCHEMA",
      "TABLE_NAME",
    ),
  );
  const checks = await readChecks(conn, union, mariadb);
  // SELECT *: EXPRESSION (functional key parts) exists on MySQL 8.0.13+ only.
  const statistics = await run<Record<string, unknown>>(
    union((w) => `SELECT * FROM information_schema.STATISTICS WHERE ${w} AND INDEX_NAME <> 'PRIMARY'`, "TABLE_SCHEMA", "TABLE_NAME"),
  );
  return { tables, columns, keyColumns, rules, checks, indexParts: statistics.map((r) => indexPart(r, server.descending)) };
}

type Union = (select: (where: string) => string, schemaColumn: string, tableColumn: string) => { sql: string; params: unknown[] };

async function readChecks(conn: Connection, union: Union, mariadb: boolean): Promise<CheckRow[]> {
  // MariaDB's CHECK_CONSTRAINTS has the table and the level; MySQL's needs TABLE_CONSTRAINTS for the table.
  const q = mariadb
    ? union(
        (w) => `SELECT CONSTRAINT_SCHEMA AS \`schema\`, TABLE_NAME AS \`table\`, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause,
                       LEVEL AS level
                  FROM information_schema.CHECK_CONSTRAINTS WHERE ${w}`,
        "CONSTRAINT_SCHEMA",
        "TABLE_NAME",
      )
    : union(
        (w) => `SELECT tc.TABLE_SCHEMA AS \`schema\`, tc.TABLE_NAME AS \`table\`, tc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS clause,
                       NULL AS level
                  FROM information_schema.TABLE_CONSTRAINTS tc
                  JOIN information_schema.CHECK_CONSTRAINTS cc
                    ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
                 WHERE ${w} AND tc.CONSTRAINT_TYPE = 'CHECK'`,
        "tc.TABLE_SCHEMA",
        "tc.TABLE_NAME",
      );
  try {
    return await conn.query<CheckRow>(q.sql, q.params);
  } catch (error) {
    // MySQL < 8.0.16 has no CHECK_CONSTRAINTS (and ignores checks).
    if ((error as { errno?: number }).errno === 1109) return []; // ER_UNKNOWN_TABLE
    throw error;
  }
}

function indexPart(r: Record<string, unknown>, descending: boolean): IndexPartRow {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    schema: String(r["TABLE_SCHEMA"]),
    table: String(r["TABLE_NAME"]),
    name: String(r["INDEX_NAME"]),
    position: Number(r["SEQ_IN_INDEX"]),
    unique: Number(r["NON_UNIQUE"]) === 0,
    type: String(r["INDEX_TYPE"]),
    column: text(r["COLUMN_NAME"]),
    prefix: r["SUB_PART"] === null || r["SUB_PART"] === undefined ? null : Number(r["SUB_PART"]),
    expression: text(r["EXPRESSION"]),
    desc: descending && r["COLLATION"] === "D",
  };
}
