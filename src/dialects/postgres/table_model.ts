import { normalizeTable } from "../../schema/normalize.ts";
import { normalIndexColumn } from "../../operations/index_column.ts";
import type { CheckDef, ColumnDef, CreateIndexOp, ForeignKeyDef, IndexColumn, IndexKeyOptions, ReferentialAction, TableRef, UniqueDef } from "../../operations/ops.ts";
import type { TableModel } from "../../schema/model.ts";
import type { ColumnRow, ConstraintRow, IndexRow, TableRow, TableRows } from "./catalog.ts";
import { checkCondition, isGeneratedName, parseDefault } from "./normal_form.ts";
import { compare } from "./order.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const SERIAL_OF: Readonly<Record<string, string>> = { integer: "serial", bigint: "bigserial", smallint: "smallserial" };

const ACTIONS: Readonly<Record<string, ReferentialAction>> = { r: "restrict", c: "cascade", n: "set null", d: "set default" };

/**
 * A table's catalog rows → the model's normal form. Column types are the server's names (format_type), as
 * raw types; a serial column reads back as serial, an identity column as autoincrement. Constraints keep
 * their names, except names PostgreSQL generated itself (users_pkey, users_email_key...), which read back
 * unnamed, so that a table made by createTable reads back as schema/apply.ts models it. Indexes that carry a
 * primary key or unique constraint are reported as that constraint only. Columns keep their positions;
 * indexes are sorted by name, keys and checks by name (unnamed first), then by their columns or condition.
 */
export function tableModel(table: TableRow, ref: TableRef, rows: TableRows, serverNames = false): TableModel {
  const columns = (rows.columns.get(Number(table.oid)) ?? []).map(readColumn);
  const foreignKeys: ForeignKeyDef[] = [];
  const uniques: UniqueDef[] = [];
  const checks: CheckDef[] = [];
  const indexes = (rows.indexes.get(Number(table.oid)) ?? []).map((r) => readIndex(r, ref));
  const model: Mutable<TableModel> = { table: ref, columns, foreignKeys, uniques, checks, indexes };
  if (table.comment !== null) model.comment = table.comment;
  const named = (c: ConstraintRow, suffix: string): { name?: string } => (!serverNames && isGeneratedName(c.name, table.name, c.columns ?? [], suffix) ? {} : { name: c.name });
  for (const c of rows.constraints.get(Number(table.oid)) ?? []) {
    const cols = c.columns ?? [];
    if (c.type === "p") setPrimaryKey(model, columns, named(c, "pkey").name, cols);
    else if (c.type === "u") uniques.push({ ...named(c, "key"), columns: cols, ...(c.nullsnotdistinct ? { nullsNotDistinct: true } : {}) });
    else if (c.type === "c") checks.push({ ...named(c, "check"), condition: checkCondition(c.def) });
    else foreignKeys.push(readForeignKey(c, named(c, "fkey"), table.schema));
  }
  indexes.sort((a, b) => compare(a.name, b.name));
  uniques.sort((a, b) => compare(a.name ?? "", b.name ?? "") || compare(key(a.columns), key(b.columns)));
  checks.sort((a, b) => compare(a.name ?? "", b.name ?? "") || compare(a.condition, b.condition));
  foreignKeys.sort((a, b) => compare(a.name ?? "", b.name ?? "") || compare(foreignKeyKey(a), foreignKeyKey(b)));
  return normalizeTable(model);
}

const key = (names: readonly string[]): string => names.join("\u0000");

const foreignKeyKey = (fk: ForeignKeyDef): string => [key(fk.columns), fk.refSchema ?? "", fk.refTable, key(fk.refColumns)].join("\u0001");

function readColumn(r: ColumnRow): ColumnDef {
  const col: Mutable<ColumnDef> = { name: r.name, type: { raw: r.type }, nullable: !r.notnull };
  if ((r.generated === "s" || r.generated === "v") && r.dflt !== null) {
    col.generated = { sql: r.dflt, stored: r.generated === "s" };
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
  if (r.collation !== null) col.collation = r.collation;
  return col;
}

/** A single key column is flagged on the column when the key has no name of its own (the normal form). */
function setPrimaryKey(model: Mutable<TableModel>, columns: ColumnDef[], name: string | undefined, cols: readonly string[]): void {
  const single = cols.length === 1 ? columns.find((c) => c.name === cols[0]) : undefined;
  if (single && name === undefined) {
    columns[columns.indexOf(single)] = { ...single, primaryKey: true, nullable: false };
    return;
  }
  model.primaryKey = name !== undefined ? { name, columns: [...cols] } : { columns: [...cols] };
}

/** `refSchema` only when the referenced table is in another schema than the referencing one. */
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

function readIndex(r: IndexRow, table: TableRef): CreateIndexOp {
  const index: Mutable<CreateIndexOp> = {
    kind: "createIndex",
    name: r.name,
    table,
    columns: r.cols.map((c): IndexColumn => {
      const key = c.name !== null ? { name: c.name } : { expression: c.def };
      const options: IndexKeyOptions = {
        ...(c.opclass !== null ? { opclass: c.opclass } : {}),
        order: c.desc ? "desc" : "asc",
        nulls: c.nullsfirst ? "first" : "last",
      };
      return normalIndexColumn({ ...key, ...options });
    }),
  };
  if (r.unique) index.unique = true;
  if (r.nullsnotdistinct) index.nullsNotDistinct = true;
  if (r.include !== null && r.include.length > 0) index.include = r.include;
  if (r.predicate !== null) index.where = r.predicate;
  if (r.method !== "btree") index.method = r.method;
  return index;
}
