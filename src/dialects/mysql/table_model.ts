import type { CheckDef, ColumnDef, CreateIndexOp, ForeignKeyDef, IndexColumn, ReferentialAction, TableRef, UniqueDef } from "../../operations/ops.ts";
import type { TableModel } from "../../schema/model.ts";
import { rememberColumnChecks } from "./column_checks.ts";
import { normalizeTable } from "../../schema/normalize.ts";
import { rememberForeignKeyIndexes } from "./foreign_key_indexes.ts";
import type { CheckRow, ColumnRow, IndexPartRow, KeyColumnRow, RuleRow, TableRow } from "./catalog.ts";
import { readDefault } from "./defaults.ts";
import { isGeneratedCheckName, isGeneratedForeignKeyName, isGeneratedKeyName } from "./generated_names.ts";

/** The catalog rows of one table. */
export interface TableRows {
  readonly table: TableRow;
  readonly columns: readonly ColumnRow[];
  readonly keyColumns: readonly KeyColumnRow[];
  readonly rules: readonly RuleRow[];
  readonly checks: readonly CheckRow[];
  readonly indexParts: readonly IndexPartRow[];
}

/** A foreign key with the name the server knows it by, made up or not. */
interface ServerForeignKey {
  readonly serverName: string;
  readonly def: ForeignKeyDef;
}

/**
 * A table's model from its catalog rows, in the normal form: the server's COLUMN_TYPE as a raw type,
 * MariaDB's JSON (LONGTEXT with a json_valid column check) as JSON, unique indexes as unique constraints
 * (MySQL does not tell them apart), the index InnoDB adds for a foreign key left out, names the server
 * made up left out, every list sorted.
 */
export function tableModel(ref: TableRef, rows: TableRows, mariadb: boolean, serverNames = false): TableModel {
  const schema = rows.table.schema;
  const table = rows.table.name;
  const pk = rows.keyColumns
    .filter((k) => k.constraint === "PRIMARY" && k.refTable === null)
    .sort((a, b) => a.position - b.position)
    .map((k) => k.column);

  // MariaDB's JSON is LONGTEXT with a column check json_valid(`col`) named after the column.
  const jsonColumns = new Set(
    rows.checks.filter((c) => /^json_valid\(`(.*)`\)$/i.exec(c.clause)?.[1]?.replaceAll("``", "`") === c.name).map((c) => c.name),
  );
  const checks: CheckDef[] = rows.checks
    .filter((c) => !jsonColumns.has(c.name))
    .map((c) => (!serverNames && isGeneratedCheckName(c.name, table, c.level) ? { condition: c.clause } : { name: c.name, condition: c.clause }));

  const columns = [...rows.columns]
    .sort((a, b) => a.position - b.position)
    .map((r): ColumnDef => {
      const generated = /\bGENERATED\b/i.test(r.extra) && r.generation ? { sql: r.generation, stored: /\bSTORED\b/i.test(r.extra) } : undefined;
      const dflt = generated ? undefined : readDefault(r.dflt, r.type, r.extra, mariadb, r.nullable === "YES");
      return {
        name: r.name,
        type: { raw: jsonColumns.has(r.name) && /^longtext$/i.test(r.type) ? "json" : r.type },
        nullable: r.nullable === "YES",
        ...(dflt !== undefined ? { default: dflt } : {}),
        ...(pk.length === 1 && pk[0] === r.name ? { primaryKey: true } : {}),
        ...(/\bauto_increment\b/i.test(r.extra) ? { autoincrement: true } : {}),
        ...(r.comment ? { comment: r.comment } : {}),
        ...(generated ? { generated } : {}),
        ...columnCollation(r, rows.table, jsonColumns),
      };
    });

  const serverFks = foreignKeys(schema, rows.keyColumns, rows.rules);
  const { uniques, indexes, fkIndexes } = keysAndIndexes(ref, rows.indexParts, serverFks, serverNames);
  const comment = rows.table.comment;
  const columnChecks = new Map(rows.checks.filter((c) => c.level === "Column" && !jsonColumns.has(c.name)).map((c) => [c.name, c.clause]));
  const model = rememberColumnChecks(normalizeTable({
    table: ref,
    columns,
    ...(pk.length > 1 ? { primaryKey: { columns: pk } } : {}),
    foreignKeys: serverFks.map((fk) => (!serverNames && isGeneratedForeignKeyName(fk.serverName, table) ? withoutName(fk.def) : fk.def)).sort(byNameThen<ForeignKeyDef>(columnsKey)),
    uniques: uniques.sort(byNameThen<UniqueDef>(columnsKey)),
    checks: checks.sort(byNameThen<CheckDef>((c) => c.condition)),
    indexes,
    ...(comment ? { comment } : {}),
    ...(rows.table.collation ? { defaultCollation: rows.table.collation } : {}),
  }), columnChecks);
  return rememberForeignKeyIndexes(model, fkIndexes);
}

// RESTRICT and NO ACTION are the same on InnoDB, and what a foreign key without a rule gets.
const action = (rule: string | undefined) =>
  rule === undefined || rule === "RESTRICT" || rule === "NO ACTION" ? undefined : (rule.toLowerCase() as ReferentialAction);

/**
 * A column's collation when it is not its table's default one (MySQL writes every text column's); none on
 * MariaDB's JSON, whose utf8mb4_bin comes with the type.
 */
function columnCollation(r: ColumnRow, table: TableRow, jsonColumns: ReadonlySet<string>): { collation?: string } {
  if (r.collation === null || jsonColumns.has(r.name)) return {};
  return table.collation !== null && r.collation.toLowerCase() === table.collation.toLowerCase() ? {} : { collation: r.collation };
}

function foreignKeys(schema: string, keyColumns: readonly KeyColumnRow[], rules: readonly RuleRow[]): ServerForeignKey[] {
  const parts = new Map<string, KeyColumnRow[]>();
  for (const k of keyColumns) {
    if (k.refTable === null) continue;
    const list = parts.get(k.constraint) ?? [];
    list.push(k);
    parts.set(k.constraint, list);
  }
  return [...parts].map(([name, list]) => {
    list.sort((a, b) => a.position - b.position);
    const first = list[0]!;
    const rule = rules.find((r) => r.name === name);
    const onDelete = action(rule?.onDelete);
    const onUpdate = action(rule?.onUpdate);
    const def: ForeignKeyDef = {
      name,
      columns: list.map((k) => k.column),
      refTable: first.refTable!,
      ...(first.refSchema !== null && first.refSchema !== schema ? { refSchema: first.refSchema } : {}),
      refColumns: list.map((k) => k.refColumn ?? ""),
      ...(onDelete ? { onDelete } : {}),
      ...(onUpdate ? { onUpdate } : {}),
    };
    return { serverName: name, def };
  });
}

function keysAndIndexes(ref: TableRef, parts: readonly IndexPartRow[], fks: readonly ServerForeignKey[], serverNames = false): { uniques: UniqueDef[]; indexes: CreateIndexOp[]; fkIndexes: Map<string, string> } {
  const groups = new Map<string, IndexPartRow[]>();
  for (const p of [...parts].sort((a, b) => a.position - b.position)) {
    const list = groups.get(p.name) ?? [];
    list.push(p);
    groups.set(p.name, list);
  }
  const uniques: UniqueDef[] = [];
  const indexes: CreateIndexOp[] = [];
  const fkIndexes = new Map<string, string>();
  for (const name of [...groups.keys()].sort(compare)) {
    const group = groups.get(name)!;
    const first = group[0]!;
    const columns = group.map(indexColumn);
    const plain = columns.every((c): c is string => typeof c === "string");
    const method = first.type === "BTREE" ? undefined : first.type.toLowerCase();
    if (first.unique && plain && method === undefined) {
      uniques.push(!serverNames && isGeneratedKeyName(name, columns) ? { columns } : { name, columns });
      continue;
    }
    // The index InnoDB adds for a foreign key is named after the constraint, or after its first column when unnamed.
    const forFk = fks.find((fk) => (fk.serverName === name || isGeneratedKeyName(name, fk.def.columns)) && sameColumns(fk.def.columns, columns));
    if (forFk && !first.unique && method === undefined) {
      fkIndexes.set(forFk.serverName, name);
      continue;
    }
    indexes.push({
      kind: "createIndex",
      name,
      table: ref,
      columns,
      ...(first.unique ? { unique: true } : {}),
      ...(method ? { method } : {}),
    });
  }
  return { uniques, indexes, fkIndexes };
}

/** A key part: a column, a prefix of one (`col`(10), as MySQL writes it), or an expression. */
function indexColumn(p: IndexPartRow): IndexColumn {
  const order = p.desc ? { order: "desc" as const } : {};
  if (p.column === null) return { expression: p.expression ?? "", ...order };
  if (p.prefix === null) return p.desc ? { name: p.column, order: "desc" } : p.column;
  return { expression: `\`${p.column.replaceAll("`", "``")}\`(${p.prefix})`, ...order };
}

function sameColumns(a: readonly string[], b: readonly IndexColumn[]): boolean {
  return a.length === b.length && a.every((c, i) => b[i] === c);
}

function withoutName(fk: ForeignKeyDef): ForeignKeyDef {
  const { name: _name, ...rest } = fk;
  return rest;
}

/** Code-unit order, the same on every machine (not the locale's). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const columnsKey = (x: { readonly columns: readonly string[] }) => x.columns.join("\u0000");

function byNameThen<T extends { readonly name?: string }>(key: (x: T) => string): (a: T, b: T) => number {
  return (a, b) => compare(a.name ?? "", b.name ?? "") || compare(key(a), key(b));
}
