import { indexColumnName } from "../../operations/index_column.ts";
import type * as ops from "../../operations/ops.ts";
import { primaryKeyColumns } from "../../operations/ops.ts";
import type { TableModel } from "../../schema/model.ts";
import { constraintTypeIn, constraintTypeOf } from "./ddl.ts";
import { keysBesideForeignKey, keysBesidePrimaryKey, keysForDroppedIndex, type Key } from "./fk_index.ts";
import { foreignKeyIndexOf, keepServerIndexes, rememberServerIndexes, serverIndexesOf, type ServerIndex } from "./foreign_key_indexes.ts";

/**
 * Offline, the indexes a MySQL table has beside those the ops made (Dialect.followTrackedTable), as the
 * server keeps them (checked on MariaDB 10.11), so that an offline script drops and keeps them as the
 * online run does (fk_index.ts and dropConstraint read them from the tracked table):
 *
 * - A foreign key added (ADD CONSTRAINT, CREATE TABLE) that no index serves, i.e. none whose first columns
 *   are the key's, gets one InnoDB makes, named after the constraint (unnamed: after its first column, then
 *   <column>_2). One it made before on the same columns, or on fewer of them, goes: two keys on one column
 *   share the index named after the key added last.
 * - Such an index goes by itself when another one serves it: a CREATE INDEX, UNIQUE or PRIMARY KEY whose
 *   first columns are its own (a descending key serves; a prefix `col(10)` does not), even after its
 *   foreign key is gone.
 * - A dropped column leaves the index (its other columns); a renamed one is renamed in it.
 * - What the compiler adds around a drop (fk_index.ts) is an index like any other: `ADD INDEX` for a key
 *   left without one, and dropConstraint's `DROP INDEX` of a foreign key's own.
 */
export function followTrackedTable(before: TableModel | undefined, after: TableModel, op: ops.Op): void {
  const carried = before ? serverIndexesOf(before) : [];
  let indexes: readonly ServerIndex[] = carried;
  const alterations = isOn(op, after) ? alterationsOf(op) : [];
  for (const alteration of alterations) indexes = afterAlteration(indexes, before, alteration);
  const added = addedForeignKeys(before, after, renamed(alterations));
  // Most ops: no index of the server's beside the model's, none to make.
  if (indexes.length === 0 && added.length === 0) return;
  const generated = added.filter((fk) => !served(fk.columns, after, indexes)).map((fk) => ({ name: fk.name ?? "", columns: fk.columns, generated: true }));
  const kept = withoutServed([...indexes, ...generated], after);
  // The same indexes for the same foreign keys (a column or an index added): the same as before.
  if (before && indexes === carried && kept.length === carried.length && after.foreignKeys === before.foreignKeys) {
    keepServerIndexes(before, after);
    return;
  }
  // Names come after: in one CREATE TABLE, an unnamed key's name is free again once the index it would have had goes.
  const names = (): string[] => ["PRIMARY", ...after.uniques.flatMap((u) => u.name ?? []), ...after.indexes.map((ix) => ix.name), ...kept.map((ix) => ix.name)];
  for (const [i, ix] of kept.entries()) if (ix.name === "") kept[i] = { ...ix, name: freeName(ix.columns[0]!, names()) };
  rememberServerIndexes(after, kept);
}

/** The op is on this table (a table renamed: under its new name); not one that changed it by the way (renamed references). */
function isOn(op: ops.Op, after: TableModel): boolean {
  if (op.kind === "dropIndex" && op.table === undefined) return true;
  if (!("table" in op) || op.table === undefined) return false;
  const name = op.kind === "renameTable" ? op.newName : op.table.name;
  return name.toLowerCase() === after.table.name.toLowerCase();
}

function alterationsOf(op: ops.Op): readonly ops.Op[] {
  return op.kind === "batchAlterTable" ? op.ops : [op];
}

/**
 * The indexes after one alteration, compiled against `before` (a batch's alterations all are, on MySQL):
 * what it drops, renames, or adds for foreign keys left without an index.
 */
function afterAlteration(indexes: readonly ServerIndex[], before: TableModel | undefined, op: ops.Op): readonly ServerIndex[] {
  const explicit = (keys: readonly Key[]) => keys.map((k) => ({ name: k.name, columns: k.columns, generated: false }));
  switch (op.kind) {
    case "alterColumn": {
      const to = op.newName;
      if (to === undefined) return indexes;
      return indexes.map((ix) => ({ ...ix, columns: ix.columns.map((c) => (same(c, op.column) ? to : c)) }));
    }
    case "dropColumn":
      return indexes.map((ix) => ({ ...ix, columns: ix.columns.filter((c) => !same(c, op.column)) })).filter((ix) => ix.columns.length > 0);
    case "dropIndex":
      return [...indexes, ...explicit(keysForDroppedIndex(before, op.name))];
    case "dropConstraint": {
      const type = op.type ?? constraintTypeOf(op.existing) ?? (op.name !== undefined ? constraintTypeIn(before, op.name) : undefined);
      if (type === "primary") return [...indexes, ...explicit(keysBesidePrimaryKey(before))];
      if (type === "unique" && op.name !== undefined) return [...indexes, ...explicit(keysForDroppedIndex(before, op.name))];
      if (type !== "foreign") return indexes;
      if (op.name === undefined) {
        // Unnamed, found in the catalog: its index, named after its first column, is dropped with it (drop_unnamed.ts).
        const first = op.columns?.[0];
        return first === undefined ? indexes : indexes.filter((ix) => !same(ix.name, first));
      }
      const own = foreignKeyIndexOf(before, op.name);
      if (own === undefined) return indexes;
      return [...indexes.filter((ix) => !same(ix.name, own)), ...explicit(keysBesideForeignKey(before, op.name))];
    }
    default:
      return indexes;
  }
}

/** A column's name after the alterations' renames. */
function renamed(alterations: readonly ops.Op[]): (column: string) => string {
  return (column) => alterations.reduce((c, alt) => (alt.kind === "alterColumn" && alt.newName !== undefined && same(alt.column, c) ? alt.newName : c), column);
}

/**
 * The foreign keys `after` has that `before` had not, by name (an unnamed one: by its columns, renamed as
 * the op renames them, as many as before had).
 */
function addedForeignKeys(before: TableModel | undefined, after: TableModel, rename: (column: string) => string): ops.ForeignKeyDef[] {
  const unnamed = new Map<string, number>();
  const columnsKey = (columns: readonly string[]) => columns.map((c) => c.toLowerCase()).join("\u0000");
  for (const fk of before?.foreignKeys ?? []) {
    const key = columnsKey(fk.columns.map(rename));
    if (fk.name === undefined) unnamed.set(key, (unnamed.get(key) ?? 0) + 1);
  }
  return after.foreignKeys.filter((fk) => {
    if (fk.name !== undefined) return !before?.foreignKeys.some((b) => b.name !== undefined && same(b.name, fk.name!));
    const left = unnamed.get(columnsKey(fk.columns)) ?? 0;
    if (left > 0) unnamed.set(columnsKey(fk.columns), left - 1);
    return left === 0;
  });
}

/** A key of the model (primary, unique, index) has `columns` first (a key part that is no column, or a prefix of one, ends a key). */
function modelServes(model: TableModel, columns: readonly string[]): boolean {
  const pk = primaryKeyColumns(model);
  if (pk.length > 0 && leads(columns, pk)) return true;
  if (model.uniques.some((u) => leads(columns, u.columns))) return true;
  return model.indexes.some((ix) => columns.every((c, i) => {
    const part = ix.columns[i];
    const name = part === undefined ? undefined : indexColumnName(part);
    return name !== undefined && same(c, name);
  }));
}

/** An index InnoDB would make for a key on `columns` is not made: another serves it (one it made, only if longer). */
function served(columns: readonly string[], model: TableModel, indexes: readonly ServerIndex[]): boolean {
  return modelServes(model, columns) || indexes.some((ix) => leads(columns, ix.columns) && (!ix.generated || ix.columns.length > columns.length));
}

/**
 * Without the indexes InnoDB made that another index serves: one of the model's, one added explicitly, a
 * longer one InnoDB made, or one on the same columns made after it.
 */
function withoutServed(indexes: readonly ServerIndex[], model: TableModel): ServerIndex[] {
  return indexes.filter((ix, i) => {
    if (!ix.generated) return true;
    if (modelServes(model, ix.columns)) return false;
    return !indexes.some((other, j) => j !== i && leads(ix.columns, other.columns) && (!other.generated || other.columns.length > ix.columns.length || j > i));
  });
}

/** `columns` are the first columns of `key`. */
function leads(columns: readonly string[], key: readonly string[]): boolean {
  return columns.length <= key.length && columns.every((c, i) => same(c, key[i]!));
}

/** The column's name, or <column>_2, _3... when an index has it already. */
function freeName(column: string, taken: readonly string[]): string {
  const used = (name: string) => taken.some((t) => same(t, name));
  if (!used(column)) return column;
  let n = 2;
  while (used(`${column}_${n}`)) n++;
  return `${column}_${n}`;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
