/**
 * A column made plain from VIRTUAL, or VIRTUAL from plain: MariaDB (and MySQL) do neither with MODIFY ("This
 * is not yet supported for generated columns"). The column is made anew beside it instead: a new column right
 * after it (the order stays), filled from the old one when it becomes plain (its values kept: dropped and
 * added, they were lost), the indexes, unique keys and CHECKs that name it dropped, the old column dropped,
 * the new one renamed to its name, and those keys made again as they were. Each statement commits on its own
 * (MySQL's DDL) and is counted in the history: a run stopped between them resumes after the last. Refused
 * before any SQL, naming what stands in the way: a generated column that reads the column, a key (primary or
 * foreign) on it, a foreign key one of those indexes serves, its own CHECK, and a rename in the same op where
 * a CHECK or an index expression names it. A table not known (offline, made by raw SQL) gets the plain
 * MODIFY, which the server refuses.
 */
import { UnsupportedOperationError } from "../../errors.ts";
import { indexColumnExpression, indexColumnName } from "../../operations/index_column.ts";
import type * as ops from "../../operations/ops.ts";
import { storageOf } from "../../operations/ops.ts";
import { mentionsIdentifier } from "../../schema/identifiers.ts";
import { unusedColumnName } from "../../schema/naming.ts";
import type { TableModel } from "../../schema/model.ts";
import type { CompileContext, Statement } from "../dialect.ts";
import type { ColumnSpec, MysqlCompiler } from "./ddl.ts";

/** Whether the op takes the column to or from VIRTUAL (the table as it is: reflected online, tracked offline). */
export function swapsVirtual(was: ops.ColumnDef | undefined, spec: ColumnSpec): boolean {
  const before = was?.generated ? storageOf(was.generated) : undefined;
  const after = spec.generated ? storageOf(spec.generated) : undefined;
  return (before === "virtual" && after === undefined) || (before === undefined && after === "virtual" && was !== undefined);
}

/** `columnCheck`: MariaDB's CHECK on the column itself, if it has one (column_checks.ts). */
export async function swappedColumn(c: MysqlCompiler, op: ops.AlterColumnOp, model: TableModel, spec: ColumnSpec, columnCheck: string | undefined, ctx: CompileContext): Promise<Statement[]> {
  const name = op.column;
  const same = (a: string) => a.toLowerCase() === name.toLowerCase();
  const where = `${op.table.schema ? `${op.table.schema}.` : ""}${op.table.name}.${name}`;
  const refuse = (why: string): never => {
    throw new UnsupportedOperationError(
      `Cannot make "${where}" ${spec.generated ? "VIRTUAL" : "a plain column"}: MySQL makes such a column anew, and ${why}; drop it around this op (op.dropConstraint / op.execute) and make it again after`,
    );
  };
  if (columnCheck !== undefined) refuse(`its own CHECK (${columnCheck}) would name the new column`);
  const reader = model.columns.find((col) => !same(col.name) && col.generated && mentionsIdentifier(col.generated.sql, name));
  if (reader) refuse(`generated column "${reader.name}" reads it`);
  const fk = model.foreignKeys.find((f) => f.columns.some(same));
  if (fk) refuse(`foreign key ${fk.name ?? `(${fk.columns.join(", ")})`} is on it`);
  if (model.primaryKey?.columns.some(same) || model.columns.some((col) => same(col.name) && col.primaryKey)) refuse("the primary key is on it");

  const names = (ix: ops.CreateIndexOp) => ix.columns.some((col) => {
    const n = indexColumnName(col);
    return n !== undefined ? same(n) : mentionsIdentifier(indexColumnExpression(col) ?? "", name);
  });
  const indexes = model.indexes.filter(names);
  const uniques = model.uniques.filter((u) => u.columns.some(same));
  const checks = model.checks.filter((k) => mentionsIdentifier(k.condition, name));
  const expressions = indexes.some((ix) => ix.columns.some((col) => indexColumnName(col) === undefined));
  if (op.newName !== undefined && op.newName !== name && (checks.length > 0 || expressions)) refuse("a CHECK or an index expression names it: rename it in an op of its own");
  const unnamed = [...uniques, ...checks].find((k) => k.name === undefined);
  if (unnamed) refuse("a unique key or CHECK on it has no name to drop it by");
  // An index dropped here that a foreign key needs (its first columns are the key's) would be refused mid-way.
  const leads = (key: readonly string[], columns: readonly string[]) => columns.length <= key.length && columns.every((col, i) => col.toLowerCase() === key[i]!.toLowerCase());
  const keyColumns = [...indexes.map((ix) => ix.columns.map((col) => indexColumnName(col) ?? "")), ...uniques.map((u) => u.columns)];
  const needed = model.foreignKeys.find((f) => keyColumns.some((k) => leads(k, f.columns)));
  if (needed) refuse(`foreign key ${needed.name ?? `(${needed.columns.join(", ")})`} needs an index on it`);

  const temp = unusedColumnName("_migrator_swap", model.columns.map((col) => col.name));
  const table = `ALTER TABLE ${c.qualify(op.table)}`;
  const q = (n: string) => c.quoteIdentifier(n);
  // Right after it, or, made generated, after the last column its expression reads ("referring to uninitialized field").
  const here = model.columns.findIndex((col) => same(col.name));
  const after = spec.generated ? model.columns.reduce((at, col, i) => (i > here && mentionsIdentifier(spec.generated!.sql, col.name) ? i : at), here) : here;
  const out: Statement[] = [{ sql: `${table} ADD COLUMN ${q(temp)} ${c.columnSpec(spec, true)} AFTER ${q(model.columns[after]!.name)}` }];
  if (!spec.generated) out.push({ sql: `UPDATE ${c.qualify(op.table)} SET ${q(temp)} = ${q(name)}` });
  const drops = [...indexes.map((ix) => `DROP INDEX ${q(ix.name)}`), ...uniques.map((u) => `DROP INDEX ${q(u.name!)}`), ...checks.map((k) => `DROP CONSTRAINT ${q(k.name!)}`)];
  if (drops.length > 0) out.push({ sql: `${table} ${drops.join(", ")}` });
  out.push({ sql: `${table} DROP COLUMN ${q(name)}` });
  out.push({ sql: `${table} RENAME COLUMN ${q(temp)} TO ${q(op.newName ?? name)}` });
  // Made again as they were, on the column under its name (renamed: under the new one).
  const rename = (n: string) => (same(n) && op.newName !== undefined ? op.newName : n);
  const again: ops.Op[] = [
    ...uniques.map((u): ops.Op => ({ kind: "createUniqueConstraint", name: u.name!, table: op.table, columns: u.columns.map(rename) })),
    ...indexes.map((ix): ops.Op => ({ ...ix, table: op.table, columns: ix.columns.map((col) => (typeof col === "string" ? rename(col) : "name" in col ? { ...col, name: rename(col.name) } : col)) })),
    ...checks.map((k): ops.Op => ({ kind: "createCheckConstraint", name: k.name!, table: op.table, condition: k.condition })),
  ];
  for (const o of again) out.push(...(await c.compile(o, ctx)));
  return out;
}
