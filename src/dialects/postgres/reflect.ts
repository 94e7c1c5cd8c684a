import type { CheckDef, ColumnDef, CreateIndexOp, DefaultValue, ForeignKeyDef, IndexColumn, ReferentialAction, TableRef, UniqueDef } from "../../operations/ops.ts";
import type { TableModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface TableRow extends Record<string, unknown> {
  oid: number;
  schema: string;
  comment: string | null;
}

interface ColumnRow extends Record<string, unknown> {
  name: string;
  type: string;
  notnull: boolean;
  dflt: string | null;
  identity: string;
  generated: string;
  serial: boolean;
  comment: string | null;
}

interface ConstraintRow extends Record<string, unknown> {
  name: string;
  type: "p" | "f" | "u" | "c";
  def: string;
  deferrable: boolean;
  deferred: boolean;
  upd: string;
  del: string;
  columns: string[] | null;
  refcolumns: string[] | null;
  reftable: string | null;
  refschema: string | null;
}

interface IndexRow extends Record<string, unknown> {
  name: string;
  unique: boolean;
  method: string;
  predicate: string | null;
  cols: { name: string | null; def: string }[];
}

const SERIAL_OF: Readonly<Record<string, string>> = { integer: "serial", bigint: "bigserial", smallint: "smallserial" };

/**
 * Read a table's definition from pg_catalog. Column types are the server's names (format_type), as raw
 * types; a serial column reads back as serial, an identity column as autoincrement. Constraints keep their
 * names, except names PostgreSQL generated itself (users_pkey, users_email_key...), which read back
 * unnamed, so that a table made by createTable reads back in the model's normal form (schema/apply.ts).
 * Indexes that carry a primary key or unique constraint are reported as that constraint only.
 * Without a schema, the table is the one the search_path finds.
 */
export async function reflectPostgresTable(conn: Connection, ref: TableRef): Promise<TableModel | undefined> {
  const tables = await conn.query<TableRow>(
    `SELECT c.oid, n.nspname AS schema, obj_description(c.oid, 'pg_class') AS comment
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relname = ? AND c.relkind IN ('r', 'p') AND ${ref.schema !== undefined ? "n.nspname = ?" : "pg_table_is_visible(c.oid)"}`,
    ref.schema !== undefined ? [ref.name, ref.schema] : [ref.name],
  );
  const table = tables[0];
  if (!table) return undefined;
  const oid = String(table.oid);
  const columnRows = await conn.query<ColumnRow>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
            pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attidentity AS identity, a.attgenerated AS generated,
            col_description(a.attrelid, a.attnum) AS comment,
            (a.attidentity = '' AND pg_get_expr(d.adbin, d.adrelid) = format('nextval(%L::regclass)',
               pg_get_serial_sequence(format('%I.%I', ?::text, ?::text), a.attname)::regclass::text)) AS serial
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = CAST(? AS oid) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [table.schema, ref.name, oid],
  );
  const constraints = await conn.query<ConstraintRow>(
    `SELECT con.conname AS name, con.contype AS type, pg_get_constraintdef(con.oid, true) AS def,
            con.condeferrable AS deferrable, con.condeferred AS deferred, con.confupdtype AS upd, con.confdeltype AS del,
            (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n) AS columns,
            (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n) AS refcolumns,
            rc.relname AS reftable, rn.nspname AS refschema
       FROM pg_constraint con
       LEFT JOIN pg_class rc ON rc.oid = con.confrelid LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE con.conrelid = CAST(? AS oid) AND con.contype IN ('p', 'f', 'u', 'c')
      ORDER BY con.oid`,
    [oid],
  );
  const columns = columnRows.map(readColumn);
  const foreignKeys: ForeignKeyDef[] = [];
  const uniques: UniqueDef[] = [];
  const checks: CheckDef[] = [];
  const model: Mutable<TableModel> = { table: ref, columns, foreignKeys, uniques, checks, indexes: await readIndexes(conn, oid, ref) };
  if (table.comment !== null) model.comment = table.comment;
  const named = (c: ConstraintRow, suffix: string): { name?: string } => (isGeneratedName(c.name, ref.name, c.columns ?? [], suffix) ? {} : { name: c.name });
  for (const c of constraints) {
    const cols = c.columns ?? [];
    if (c.type === "p") setPrimaryKey(model, columns, named(c, "pkey").name, cols);
    else if (c.type === "u") uniques.push({ ...named(c, "key"), columns: cols });
    else if (c.type === "c") checks.push({ ...named(c, "check"), condition: checkCondition(c.def) });
    else foreignKeys.push(readForeignKey(c, named(c, "fkey"), table.schema));
  }
  return model;
}

function readColumn(r: ColumnRow): ColumnDef {
  const col: Mutable<ColumnDef> = { name: r.name, type: { raw: r.type }, nullable: !r.notnull };
  if (r.generated === "s" && r.dflt !== null) {
    col.type = { raw: `${r.type} GENERATED ALWAYS AS (${r.dflt}) STORED` };
  } else if (r.serial) {
    col.type = { raw: SERIAL_OF[r.type] ?? r.type };
    col.autoincrement = true;
  } else if (r.identity !== "") {
    col.autoincrement = true;
  } else if (r.dflt !== null) {
    const value = parseDefault(r.dflt);
    if (value !== null) col.default = value;
  }
  if (r.comment !== null) col.comment = r.comment;
  return col;
}

/** A single key column is flagged on the column when the key has no name of its own (the normal form). */
function setPrimaryKey(model: Mutable<TableModel>, columns: ColumnDef[], name: string | undefined, cols: readonly string[]): void {
  const single = cols.length === 1 ? columns.find((c) => c.name === cols[0]) : undefined;
  if (single && (name === undefined || single.autoincrement)) {
    columns[columns.indexOf(single)] = { ...single, primaryKey: true, nullable: false };
    return;
  }
  model.primaryKey = name !== undefined ? { name, columns: [...cols] } : { columns: [...cols] };
}

const ACTIONS: Readonly<Record<string, ReferentialAction>> = { r: "restrict", c: "cascade", n: "set null", d: "set default" };

function readForeignKey(c: ConstraintRow, name: { name?: string }, schema: string): ForeignKeyDef {
  const fk: Mutable<ForeignKeyDef> = { ...name, columns: c.columns ?? [], refTable: c.reftable ?? "", refColumns: c.refcolumns ?? [] };
  if (c.refschema !== null && c.refschema !== schema) fk.refSchema = c.refschema;
  const onDelete = ACTIONS[c.del];
  const onUpdate = ACTIONS[c.upd];
  if (onDelete) fk.onDelete = onDelete;
  if (onUpdate) fk.onUpdate = onUpdate;
  if (c.deferrable) fk.deferrable = true;
  if (c.deferred) fk.initiallyDeferred = true;
  return fk;
}

async function readIndexes(conn: Connection, oid: string, ref: TableRef): Promise<CreateIndexOp[]> {
  const rows = await conn.query<IndexRow>(
    `SELECT ic.relname AS name, i.indisunique AS unique, am.amname AS method,
            pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
            (SELECT json_agg(json_build_object('name', a.attname, 'def', pg_get_indexdef(i.indexrelid, k + 1, true)) ORDER BY k)
               FROM generate_series(0, i.indnkeyatts - 1) k
               LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k] AND i.indkey[k] <> 0) AS cols
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
      WHERE i.indrelid = CAST(? AS oid)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
      ORDER BY ic.oid`,
    [oid],
  );
  return rows.map((r) => {
    const index: Mutable<CreateIndexOp> = {
      kind: "createIndex",
      name: r.name,
      table: ref,
      columns: r.cols.map((c): IndexColumn => (c.name !== null ? c.name : { expression: c.def })),
    };
    if (r.unique) index.unique = true;
    if (r.predicate !== null) index.where = r.predicate;
    if (r.method !== "btree") index.method = r.method;
    return index;
  });
}

/** "CHECK (price > 0)" or "CHECK (price > 0) NOT VALID" → "price > 0". */
export function checkCondition(def: string): string {
  const m = /^CHECK \((.*)\)( NOT VALID)?$/s.exec(def);
  return m ? m[1]! : def;
}

/** Whether PostgreSQL would have made this name up: users_pkey, users_email_key, users_org_id_fkey, users_age_check1. */
export function isGeneratedName(name: string, table: string, columns: readonly string[], suffix: string): boolean {
  const forms = suffix === "check" ? [`${table}_check`, ...columns.map((c) => `${table}_${c}_check`)] : [`${table}_${suffix === "pkey" ? "" : `${columns.join("_")}_`}${suffix}`];
  return forms.some((f) => name === f || (name.startsWith(f) && /^\d+$/.test(name.slice(f.length))));
}

/** A default as pg_get_expr prints it → a DefaultValue; `NULL::text` (an explicit DEFAULT NULL) → null. */
export function parseDefault(text: string): DefaultValue {
  const s = text.trim();
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s)) return Number(s);
  const paren = /^\((-?\d+(\.\d+)?)\)$/.exec(s);
  if (paren) return Number(paren[1]);
  if (s === "true" || s === "false") return s === "true";
  if (/^NULL(::.*)?$/.test(s)) return null;
  const quoted = /^'((?:[^']|'')*)'::([a-z][a-z0-9_ ."]*(\(\d+(,\s*\d+)?\))?(\[\])?)$/s.exec(s);
  if (quoted) {
    const value = quoted[1]!.replaceAll("''", "'");
    const numeric = /^(integer|bigint|smallint|numeric|real|double precision)\b/.test(quoted[2]!);
    return numeric && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return { sql: s };
}
