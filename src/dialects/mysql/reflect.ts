import type { CheckDef, ColumnDef, CreateIndexOp, DefaultValue, ForeignKeyDef, IndexColumn, ReferentialAction, TableRef, UniqueDef } from "../../operations/ops.ts";
import type { TableModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";

interface ColumnRow extends Record<string, unknown> {
  name: string;
  type: string;
  nullable: string;
  dflt: string | null;
  extra: string;
  comment: string;
}

const NUMERIC = /^(tinyint|smallint|mediumint|int|integer|bigint|decimal|numeric|float|double|real|bit|bool|boolean)\b/i;
const NOW = /^current_timestamp(\(\d*\))?$/i;

/**
 * Read a table's definition from information_schema. Columns keep the server's COLUMN_TYPE as a raw
 * type. Unique indexes are reported as unique constraints (MySQL does not tell them apart), and the
 * index MySQL creates for a foreign key is left out. MariaDB's JSON (LONGTEXT with a json_valid check)
 * is read back as JSON.
 */
export async function reflectMysqlTable(conn: Connection, ref: TableRef): Promise<TableModel | undefined> {
  const info = await conn.query<{ db: string | null; version: string }>("SELECT DATABASE() AS db, VERSION() AS version");
  const schema = ref.schema ?? info[0]?.db ?? "";
  const mariadb = /mariadb/i.test(info[0]?.version ?? "");
  const where = "TABLE_SCHEMA = ? AND TABLE_NAME = ?";
  const at = [schema, ref.name];

  const tables = await conn.query<{ comment: string }>(
    `SELECT TABLE_COMMENT AS comment FROM information_schema.TABLES WHERE ${where} AND TABLE_TYPE = 'BASE TABLE'`,
    at,
  );
  if (tables.length === 0) return undefined;

  const columnRows = await conn.query<ColumnRow>(
    `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra,
            COLUMN_COMMENT AS comment
       FROM information_schema.COLUMNS WHERE ${where} ORDER BY ORDINAL_POSITION`,
    at,
  );
  const pk = (
    await conn.query<{ name: string }>(
      `SELECT COLUMN_NAME AS name FROM information_schema.KEY_COLUMN_USAGE
        WHERE ${where} AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION`,
      at,
    )
  ).map((r) => r.name);

  const checkRows = await readChecks(conn, schema, ref.name, mariadb);
  // MariaDB's JSON is LONGTEXT with a column check json_valid(`col`) named after the column.
  const jsonColumns = new Set(
    checkRows.filter((c) => /^json_valid\(`(.*)`\)$/i.exec(c.clause)?.[1]?.replaceAll("``", "`") === c.name).map((c) => c.name),
  );
  const checks: CheckDef[] = checkRows.filter((c) => !jsonColumns.has(c.name)).map((c) => ({ name: c.name, condition: c.clause }));

  const columns = columnRows.map((r): ColumnDef => {
    const dflt = readDefault(r, mariadb);
    return {
      name: r.name,
      type: { raw: jsonColumns.has(r.name) && /^longtext$/i.test(r.type) ? "json" : r.type },
      nullable: r.nullable === "YES",
      ...(dflt !== undefined ? { default: dflt } : {}),
      ...(pk.length === 1 && pk[0] === r.name ? { primaryKey: true } : {}),
      ...(/\bauto_increment\b/i.test(r.extra) ? { autoincrement: true } : {}),
      ...(r.comment ? { comment: r.comment } : {}),
    };
  });

  const foreignKeys = await readForeignKeys(conn, schema, ref.name);
  const { uniques, indexes } = await readIndexes(conn, schema, ref, foreignKeys);
  const comment = tables[0]!.comment;
  return {
    table: ref,
    columns,
    ...(pk.length > 1 ? { primaryKey: { columns: pk } } : {}),
    foreignKeys,
    uniques,
    checks,
    indexes,
    ...(comment ? { comment } : {}),
  };
}

/**
 * COLUMN_DEFAULT differs: MariaDB (10.2.7+) gives an SQL expression ('text', 5, current_timestamp(),
 * NULL); MySQL gives the bare value, and marks expressions with DEFAULT_GENERATED in EXTRA.
 */
function readDefault(r: ColumnRow, mariadb: boolean): DefaultValue | undefined {
  const d = r.dflt;
  if (d === null || (mariadb && d.toUpperCase() === "NULL")) return undefined;
  if (mariadb) {
    if (/^'.*'$/s.test(d)) return d.slice(1, -1).replace(/\\(.)|''/gs, (m, ch: string | undefined) => (ch === undefined ? "'" : unescape(ch)));
    return { sql: d };
  }
  if (/\bDEFAULT_GENERATED\b/i.test(r.extra)) return { sql: NOW.test(d) ? d : `(${d})` };
  return NUMERIC.test(r.type) ? { sql: d } : d;
}

function unescape(ch: string): string {
  return ({ "0": "\0", n: "\n", r: "\r", t: "\t", Z: "\x1a", b: "\b" } as Record<string, string>)[ch] ?? ch;
}

async function readChecks(conn: Connection, schema: string, table: string, mariadb: boolean): Promise<{ name: string; clause: string }[]> {
  try {
    // MariaDB names checks per table (a column check is named after its column); MySQL per schema.
    return await conn.query<{ name: string; clause: string }>(
      `SELECT tc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS clause
         FROM information_schema.TABLE_CONSTRAINTS tc
         JOIN information_schema.CHECK_CONSTRAINTS cc
           ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
              ${mariadb ? "AND cc.TABLE_NAME = tc.TABLE_NAME" : ""}
        WHERE tc.TABLE_SCHEMA = ? AND tc.TABLE_NAME = ? AND tc.CONSTRAINT_TYPE = 'CHECK'
        ORDER BY tc.CONSTRAINT_NAME`,
      [schema, table],
    );
  } catch {
    return []; // MySQL < 8.0.16 has no CHECK_CONSTRAINTS (and ignores checks).
  }
}

async function readForeignKeys(conn: Connection, schema: string, table: string): Promise<ForeignKeyDef[]> {
  const rows = await conn.query<{ name: string; col: string; refSchema: string; refTable: string; refCol: string; onUpdate: string; onDelete: string }>(
    `SELECT k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col, k.REFERENCED_TABLE_SCHEMA AS refSchema,
            k.REFERENCED_TABLE_NAME AS refTable, k.REFERENCED_COLUMN_NAME AS refCol,
            r.UPDATE_RULE AS onUpdate, r.DELETE_RULE AS onDelete
       FROM information_schema.KEY_COLUMN_USAGE k
       JOIN information_schema.REFERENTIAL_CONSTRAINTS r
         ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
      WHERE k.TABLE_SCHEMA = ? AND k.TABLE_NAME = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
      ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    [schema, table],
  );
  const fks = new Map<string, ForeignKeyDef>();
  // RESTRICT and NO ACTION are the same on InnoDB, and what an FK without a rule gets.
  const action = (rule: string) => (rule === "RESTRICT" || rule === "NO ACTION" ? undefined : (rule.toLowerCase() as ReferentialAction));
  for (const r of rows) {
    const prev = fks.get(r.name);
    const onDelete = action(r.onDelete);
    const onUpdate = action(r.onUpdate);
    fks.set(r.name, {
      name: r.name,
      columns: [...(prev?.columns ?? []), r.col],
      refTable: r.refTable,
      ...(r.refSchema !== schema ? { refSchema: r.refSchema } : {}),
      refColumns: [...(prev?.refColumns ?? []), r.refCol],
      ...(onDelete ? { onDelete } : {}),
      ...(onUpdate ? { onUpdate } : {}),
    });
  }
  return [...fks.values()];
}

async function readIndexes(
  conn: Connection,
  schema: string,
  ref: TableRef,
  foreignKeys: readonly ForeignKeyDef[],
): Promise<{ uniques: UniqueDef[]; indexes: CreateIndexOp[] }> {
  // SELECT *: EXPRESSION (functional key parts) exists on MySQL 8.0.13+ only.
  const rows = await conn.query<Record<string, unknown>>(
    `SELECT * FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME <> 'PRIMARY'
      ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
    [schema, ref.name],
  );
  const groups = new Map<string, { unique: boolean; type: string; columns: IndexColumn[] }>();
  for (const r of rows) {
    const name = String(r["INDEX_NAME"]);
    const group = groups.get(name) ?? { unique: Number(r["NON_UNIQUE"]) === 0, type: String(r["INDEX_TYPE"]), columns: [] };
    const column = r["COLUMN_NAME"];
    const expression = r["EXPRESSION"];
    group.columns.push(typeof column === "string" ? column : { expression: String(expression) });
    groups.set(name, group);
  }
  const uniques: UniqueDef[] = [];
  const indexes: CreateIndexOp[] = [];
  for (const [name, g] of groups) {
    const plain = g.columns.every((c) => typeof c === "string");
    const method = g.type === "BTREE" ? undefined : g.type.toLowerCase();
    if (g.unique && plain && method === undefined) {
      uniques.push({ name, columns: g.columns as string[] });
      continue;
    }
    // The index InnoDB adds for a foreign key is named after the constraint, or after the column when unnamed.
    const forFk = foreignKeys.some((fk) => (fk.name === name || fk.columns[0] === name) && sameColumns(fk.columns, g.columns));
    if (forFk && !g.unique) continue;
    indexes.push({
      kind: "createIndex",
      name,
      table: ref,
      columns: g.columns,
      ...(g.unique ? { unique: true } : {}),
      ...(method ? { method } : {}),
    });
  }
  return { uniques, indexes };
}

function sameColumns(a: readonly string[], b: readonly IndexColumn[]): boolean {
  return a.length === b.length && a.every((c, i) => b[i] === c);
}
