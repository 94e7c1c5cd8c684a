import type { CheckDef, ColumnDef, CreateIndexOp, DefaultValue, ForeignKeyDef, ReferentialAction, TableRef, UniqueDef } from "../../operations/ops.ts";
import type { TableModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";
import { parseCreateIndex, parseTableConstraints, type ParsedConstraint } from "./parse_ddl.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Read a table's definition from SQLite: columns, keys and indexes from the catalog pragmas; CHECK
 * constraints, constraint names and DEFERRABLE from the CREATE TABLE text in sqlite_master, which the
 * pragmas do not report. The result is in the model's normal form (see schema/apply.ts): a single unnamed
 * primary key column is flagged on the column, UNIQUE / CHECK / REFERENCES are in the table's lists.
 * Works on any Connection, so the libSQL dialect uses it too.
 */
export async function reflectSqliteTable(conn: Connection, ref: TableRef): Promise<TableModel | undefined> {
  const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const master = `${ref.schema ? `"${ref.schema.replaceAll('"', '""')}".` : ""}sqlite_master`;
  const schemaArg = ref.schema ? `, ${lit(ref.schema)}` : "";
  const found = await conn.query<{ name: string; sql: string }>(
    `SELECT name, sql FROM ${master} WHERE type = 'table' AND lower(name) = lower(?)`,
    [ref.name],
  );
  const row = found[0];
  if (!row) return undefined;
  const name = String(row.name);
  const createSql = String(row.sql);
  const parsed = parseTableConstraints(createSql);
  const info = await conn.query<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>(
    `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(${lit(name)}${schemaArg})`,
  );
  const pkCols = info.filter((c) => Number(c.pk) > 0).sort((a, b) => Number(a.pk) - Number(b.pk)).map((c) => String(c.name));
  const pkName = parsed.find((c) => c.type === "primary")?.name;
  const autoincrement = pkCols.length === 1 && /\bAUTOINCREMENT\b/i.test(createSql);
  const flagPk = pkCols.length === 1 && (pkName === undefined || autoincrement);
  const columns: ColumnDef[] = info.map((c) => {
    const col: Mutable<ColumnDef> = { name: String(c.name), type: { raw: String(c.type) }, nullable: Number(c.notnull) === 0 && Number(c.pk) === 0 };
    if (c.dflt_value !== null && c.dflt_value !== undefined) col.default = parseDefault(String(c.dflt_value));
    if (Number(c.pk) > 0 && flagPk) {
      col.primaryKey = true;
      if (autoincrement) col.autoincrement = true;
    }
    return col;
  });
  const model: Mutable<TableModel> = {
    table: ref,
    columns,
    foreignKeys: await foreignKeys(conn, name, schemaArg, parsed),
    uniques: parsed.filter((c) => c.type === "unique").map((c): UniqueDef => (c.name !== undefined ? { name: c.name, columns: c.columns } : { columns: c.columns })),
    checks: parsed.filter((c) => c.type === "check").map((c): CheckDef => (c.name !== undefined ? { name: c.name, condition: c.condition ?? "" } : { condition: c.condition ?? "" })),
    indexes: await indexes(conn, master, name, ref),
  };
  if (pkCols.length > 0 && !flagPk) model.primaryKey = pkName !== undefined ? { name: pkName, columns: pkCols } : { columns: pkCols };
  return model;
}

/** A default as pragma_table_info reports it (the expression text) → a DefaultValue. */
export function parseDefault(text: string): DefaultValue {
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (/^'(?:[^']|'')*'$/.test(text)) return text.slice(1, -1).replaceAll("''", "'");
  if (/^null$/i.test(text)) return null;
  return { sql: text };
}

async function foreignKeys(conn: Connection, table: string, schemaArg: string, parsed: readonly ParsedConstraint[]): Promise<ForeignKeyDef[]> {
  const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const rows = await conn.query<{ id: number; seq: number; table: string; from: string; to: string | null; on_update: string; on_delete: string }>(
    `SELECT id, seq, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(${lit(table)}${schemaArg})`,
  );
  const byId = new Map<number, typeof rows>();
  for (const r of [...rows].sort((a, b) => Number(a.id) - Number(b.id) || Number(a.seq) - Number(b.seq))) {
    byId.set(Number(r.id), [...(byId.get(Number(r.id)) ?? []), r]);
  }
  const declared = parsed.filter((c) => c.type === "foreign");
  const used = new Set<number>();
  const out: { order: number; fk: ForeignKeyDef }[] = [];
  for (const group of byId.values()) {
    const first = group[0]!;
    const cols = group.map((r) => String(r.from));
    let refCols = group.map((r) => (r.to === null ? "" : String(r.to)));
    if (refCols.some((c) => c === "")) {
      // REFERENCES parent without columns: the parent's primary key.
      const pk = await conn.query<{ name: string; pk: number }>(`SELECT name, pk FROM pragma_table_info(${lit(String(first.table))}${schemaArg}) WHERE pk > 0 ORDER BY pk`);
      refCols = pk.map((c) => String(c.name));
    }
    const index = declared.findIndex((d, i) => !used.has(i) && sameList(d.columns, cols));
    if (index >= 0) used.add(index);
    const decl = index >= 0 ? declared[index] : undefined;
    const fk: Mutable<ForeignKeyDef> = { columns: cols, refTable: String(first.table), refColumns: refCols };
    if (decl?.name !== undefined) fk.name = decl.name;
    const onDelete = action(String(first.on_delete));
    const onUpdate = action(String(first.on_update));
    if (onDelete) fk.onDelete = onDelete;
    if (onUpdate) fk.onUpdate = onUpdate;
    if (decl?.deferrable !== undefined) fk.deferrable = decl.deferrable;
    if (decl?.initiallyDeferred) fk.initiallyDeferred = true;
    out.push({ order: index >= 0 ? index : declared.length + out.length, fk });
  }
  return out.sort((a, b) => a.order - b.order).map((o) => o.fk);
}

async function indexes(conn: Connection, master: string, table: string, ref: TableRef): Promise<CreateIndexOp[]> {
  // Indexes SQLite makes for UNIQUE / PRIMARY KEY have no sql; those are constraints, reported above.
  const rows = await conn.query<{ name: string; sql: string }>(
    `SELECT name, sql FROM ${master} WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY rowid`,
    [table],
  );
  const out: CreateIndexOp[] = [];
  for (const r of rows) {
    const parsed = parseCreateIndex(String(r.sql));
    if (!parsed) continue;
    const index: Mutable<CreateIndexOp> = {
      kind: "createIndex",
      name: String(r.name),
      table: ref,
      columns: parsed.columns.map((c) => ("name" in c ? c.name : { expression: c.expression })),
    };
    if (parsed.unique) index.unique = true;
    if (parsed.where !== undefined) index.where = parsed.where;
    out.push(index);
  }
  return out;
}

function action(s: string): ReferentialAction | undefined {
  return s === "NO ACTION" || s === "" ? undefined : (s.toLowerCase() as ReferentialAction);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x.toLowerCase() === b[i]!.toLowerCase());
}
