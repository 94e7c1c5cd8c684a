import type { ColumnDef, CreateIndexOp, ForeignKeyDef, ReferentialAction, TableRef } from "../../operations/ops.ts";
import type { TableModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";

/** Read a table's definition from SQLite's catalog pragmas. */
export async function reflectSqliteTable(conn: Connection, ref: TableRef): Promise<TableModel | undefined> {
  const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const prefix = ref.schema ? `${q(ref.schema)}.` : "";
  const master = await conn.query<{ sql: string }>(
    `SELECT sql FROM ${ref.schema ? `"${ref.schema.replaceAll('"', '""')}".` : ""}sqlite_master WHERE type = 'table' AND name = ?`,
    [ref.name],
  );
  if (master.length === 0) return undefined;
  const createSql = master[0]!.sql;
  const info = await conn.query<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>(
    `SELECT name, type, "notnull", dflt_value, pk FROM ${prefix ? "" : ""}pragma_table_info(${q(ref.name)}${ref.schema ? `, ${q(ref.schema)}` : ""})`,
  );
  const autoincrement = /\bAUTOINCREMENT\b/i.test(createSql);
  const pkCols = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  const columns: ColumnDef[] = info.map((c) => ({
    name: c.name,
    type: { raw: c.type },
    nullable: c.notnull === 0 && c.pk === 0,
    ...(c.dflt_value !== null ? { default: { sql: c.dflt_value } } : {}),
    ...(c.pk > 0 && pkCols.length === 1 ? { primaryKey: true } : {}),
    ...(c.pk > 0 && pkCols.length === 1 && autoincrement ? { autoincrement: true } : {}),
  }));
  const fkRows = await conn.query<{ id: number; seq: number; table: string; from: string; to: string | null; on_update: string; on_delete: string }>(
    `SELECT id, seq, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(${q(ref.name)})`,
  );
  const fks = new Map<number, ForeignKeyDef>();
  for (const r of fkRows.sort((a, b) => a.id - b.id || a.seq - b.seq)) {
    const prev = fks.get(r.id);
    const action = (s: string) => (s === "NO ACTION" ? undefined : (s.toLowerCase() as ReferentialAction));
    const onDelete = action(r.on_delete);
    const onUpdate = action(r.on_update);
    fks.set(r.id, {
      columns: [...(prev?.columns ?? []), r.from],
      refTable: r.table,
      refColumns: [...(prev?.refColumns ?? []), r.to ?? r.from],
      ...(onDelete ? { onDelete } : {}),
      ...(onUpdate ? { onUpdate } : {}),
    });
  }
  const indexRows = await conn.query<{ name: string; unique: number; origin: string; partial: number }>(
    `SELECT name, "unique", origin, partial FROM pragma_index_list(${q(ref.name)})`,
  );
  const indexes: CreateIndexOp[] = [];
  const uniques: { name?: string; columns: string[] }[] = [];
  for (const ix of indexRows) {
    const cols = await conn.query<{ name: string | null; seqno: number }>(`SELECT name, seqno FROM pragma_index_info(${q(ix.name)}) ORDER BY seqno`);
    const names = cols.map((c) => c.name ?? "");
    if (ix.origin === "u") uniques.push({ columns: names });
    else if (ix.origin === "c") {
      const sqlRow = await conn.query<{ sql: string | null }>(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`, [ix.name]);
      const where = /\bWHERE\b([\s\S]*)$/i.exec(sqlRow[0]?.sql ?? "")?.[1]?.trim();
      indexes.push({
        kind: "createIndex",
        name: ix.name,
        table: ref,
        columns: names,
        ...(ix.unique ? { unique: true } : {}),
        ...(ix.partial && where ? { where } : {}),
      });
    }
  }
  return {
    table: ref,
    columns,
    ...(pkCols.length > 1 ? { primaryKey: { columns: pkCols.map((c) => c.name) } } : {}),
    foreignKeys: [...fks.values()],
    uniques,
    checks: [],
    indexes,
  };
}
