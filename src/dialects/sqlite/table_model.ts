import { normalizeTable } from "../../schema/normalize.ts";
import type { CheckDef, ColumnDef, GeneratedColumn, CreateIndexOp, DefaultValue, ForeignKeyDef, ReferentialAction, TableRef, UniqueDef } from "../../operations/ops.ts";
import type { TableModel } from "../../schema/model.ts";
import { type ColumnRow, type ForeignKeyRow, type IndexRow, type TableRow } from "./catalog.ts";
import { canonicalSqliteTable } from "./canonical.ts";
import { parseColumnCollations } from "./column_collations.ts";
import { parseGeneratedColumns } from "./generated_columns.ts";
import { normalizeSql } from "./normalize_sql.ts";
import { parseCreateIndex, parseTableConstraints, type ParsedConstraint } from "./parse_ddl.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What the catalog says about one table. */
export interface TableFacts {
  readonly row: TableRow;
  readonly columns: readonly ColumnRow[];
  readonly foreignKeys: readonly ForeignKeyRow[];
  readonly indexes: readonly IndexRow[];
  /** The primary key columns of a table a foreign key names without columns (`REFERENCES parent`). */
  readonly parentKey: (table: string) => readonly string[] | undefined;
}

const NEEDS_PARSING = /\b(CHECK|CONSTRAINT|DEFERRABLE|UNIQUE)\b/i;

/**
 * One table in the model's normal form (see schema/model.ts): columns, keys and indexes from the catalog
 * pragmas; CHECK constraints, constraint names, DEFERRABLE and column collations from the CREATE TABLE
 * text, which the pragmas do not report. In canonical.ts's form: one spacing for the texts SQLite keeps as written, one
 * order for constraints and indexes.
 */
export function sqliteTableModel(table: TableRef, facts: TableFacts): TableModel {
  const createSql = facts.row.sql;
  // Only these words make the text say more than the pragmas: most tables need no parsing.
  const parsed = NEEDS_PARSING.test(createSql) ? parseTableConstraints(createSql) : [];
  const info = facts.columns;
  const pkCols = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
  const pkName = parsed.find((c) => c.type === "primary")?.name;
  const autoincrement = pkCols.length === 1 && /\bAUTOINCREMENT\b/i.test(createSql);
  const flagPk = pkCols.length === 1 && pkName === undefined;
  let parsedGenerated: Map<string, GeneratedColumn> | undefined;
  const generated = () => (parsedGenerated ??= parseGeneratedColumns(createSql));
  const collations = parseColumnCollations(createSql);
  const columns: ColumnDef[] = info.map((c) => {
    const col: Mutable<ColumnDef> = { name: c.name, type: { raw: c.type }, nullable: c.notnull === 0 && c.pk === 0 };
    if (c.dflt_value !== null) col.default = parseDefault(c.dflt_value);
    if (c.hidden === 2 || c.hidden === 3) {
      const g = generated().get(c.name.toLowerCase());
      col.generated = { sql: g?.sql ?? "", stored: c.hidden === 3 };
    }
    const collation = collations.get(c.name.toLowerCase());
    if (collation !== undefined) col.collation = collation;
    if (c.pk > 0 && flagPk) col.primaryKey = true;
    if (c.pk > 0 && autoincrement) col.autoincrement = true;
    return col;
  });
  const model: Mutable<TableModel> = {
    table,
    columns,
    foreignKeys: foreignKeys(facts, parsed),
    uniques: parsed
      .filter((c) => c.type === "unique")
      .map((c): UniqueDef => (c.name !== undefined ? { name: c.name, columns: c.columns } : { columns: c.columns })),
    checks: parsed
      .filter((c) => c.type === "check")
      .map((c): CheckDef => {
        const condition = c.condition ?? "";
        return c.name !== undefined ? { name: c.name, condition } : { condition };
      }),
    indexes: indexes(facts.indexes, table),
  };
  if (pkCols.length > 0 && !flagPk) model.primaryKey = pkName !== undefined ? { name: pkName, columns: pkCols } : { columns: pkCols };
  const options = tableOptions(createSql);
  if (options.length > 0) model.tableOptions = options;
  return normalizeTable(canonicalSqliteTable(model));
}

/** After the definition's closing parenthesis: `WITHOUT ROWID`, `STRICT`, separated by commas (SQLite 3.37+). */
const TABLE_OPTIONS = /^\s*((?:WITHOUT\s+ROWID|STRICT)(?:\s*,\s*(?:WITHOUT\s+ROWID|STRICT))*)\s*;?\s*$/i;

/** The table options of a CREATE TABLE text, each in upper case with one space: ["STRICT", "WITHOUT ROWID"]. */
export function tableOptions(createSql: string): string[] {
  const tail = TABLE_OPTIONS.exec(createSql.slice(createSql.lastIndexOf(")") + 1));
  return tail ? tail[1]!.split(",").map((o) => o.trim().toUpperCase().replace(/\s+/g, " ")) : [];
}

/** A default as pragma_table_info reports it (the expression text, outer parentheses removed) → a DefaultValue. */
export function parseDefault(reported: string): DefaultValue {
  const text = normalizeSql(reported);
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (/^'(?:[^']|'')*'$/.test(text)) return text.slice(1, -1).replaceAll("''", "'");
  if (/^null$/i.test(text)) return null;
  return { sql: text };
}

function foreignKeys(facts: TableFacts, parsed: readonly ParsedConstraint[]): ForeignKeyDef[] {
  const byId = new Map<number, ForeignKeyRow[]>();
  for (const r of facts.foreignKeys) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  const declared = parsed.filter((c) => c.type === "foreign");
  const used = new Set<number>();
  const out: ForeignKeyDef[] = [];
  for (const group of byId.values()) {
    const first = group[0]!;
    const cols = group.map((r) => r.from);
    // REFERENCES parent without columns: the parent's primary key.
    const refCols = group.some((r) => r.to === null) ? [...(facts.parentKey(first.table) ?? [])] : group.map((r) => r.to ?? "");
    // By the referenced table too: keys on the same columns are listed by the pragma in another order than written.
    const index = declared.findIndex((d, i) => !used.has(i) && sameList(d.columns, cols) && (d.refTable === undefined || sameList([d.refTable], [first.table])));
    if (index >= 0) used.add(index);
    const decl = index >= 0 ? declared[index] : undefined;
    const fk: Mutable<ForeignKeyDef> = { columns: cols, refTable: first.table, refColumns: refCols };
    if (decl?.name !== undefined) fk.name = decl.name;
    const onDelete = action(first.on_delete);
    const onUpdate = action(first.on_update);
    if (onDelete) fk.onDelete = onDelete;
    if (onUpdate) fk.onUpdate = onUpdate;
    if (decl?.deferrable !== undefined) fk.deferrable = decl.deferrable;
    if (decl?.initiallyDeferred) fk.initiallyDeferred = true;
    out.push(fk);
  }
  return out;
}

function indexes(rows: readonly IndexRow[], table: TableRef): CreateIndexOp[] {
  const out: CreateIndexOp[] = [];
  for (const r of rows) {
    const parsed = parseCreateIndex(r.sql);
    if (!parsed) continue;
    const index: Mutable<CreateIndexOp> = {
      kind: "createIndex",
      name: r.name,
      table,
      columns: parsed.columns,
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
