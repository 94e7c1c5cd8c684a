/**
 * Columns renamed by a hint are renamed by the server wherever they are named: in the foreign keys that
 * reference them too (their own table's and others'). Before the tables are compared, the tables as they
 * are name such a column so there, so that these keys are left as they are (not dropped and added back,
 * with an `existing` naming the new column and the old referenced one, which the downgrade could not add
 * back). What runs around the changes (keys_around.ts, autoincrement_around.ts) reads the tables after
 * the renames, as the changes name them.
 */
import type { ForeignKeyDef } from "../operations/ops.ts";
import type { DatabaseModel, TableModel } from "../schema/model.ts";
import { renameColumn } from "./compare_table.ts";
import { referencedKey, sameName, tableKey } from "./keys_of.ts";

export interface ColumnRename {
  /** The table's key under its new name. */
  readonly table: string;
  readonly from: string;
  readonly to: string;
}

type Pair = readonly [TableModel, TableModel];

/**
 * `pairs`: each table as it is (already under its new name when renamed) and as declared; `columnHints`:
 * lower-case "tableKey.newColumn" → old name. The same rule as compareTable's: the new name is not there
 * yet and the old one is.
 */
export function columnRenamesOf(pairs: readonly Pair[], columnHints: ReadonlyMap<string, string>): ColumnRename[] {
  const has = (t: TableModel, name: string) => t.columns.some((c) => sameName(c.name, name));
  return pairs.flatMap(([was, to]) =>
    to.columns.flatMap((c) => {
      const old = columnHints.get(`${tableKey(to.table)}.${c.name}`.toLowerCase());
      return old !== undefined && !has(was, c.name) && has(was, old) ? [{ table: tableKey(to.table), from: old, to: c.name }] : [];
    }),
  );
}

/**
 * The table with the renamed tables and columns it references renamed in its foreign keys, as the server
 * has them once the renames (which run first) are done: a key dropped after them keeps, for the downgrade,
 * a definition that can be added back before they are undone. `tableRenames`: old name (lower case) → new.
 */
export function withRenamedReferences(
  was: TableModel,
  renames: readonly ColumnRename[],
  tableRenames: ReadonlyMap<string, string>,
  known: (key: string) => boolean,
): TableModel {
  if (renames.length === 0 && tableRenames.size === 0) return was;
  const rename = (fk: ForeignKeyDef): ForeignKeyDef => {
    const refTable = tableRenames.get(fk.refTable.toLowerCase()) ?? fk.refTable;
    // A key from another schema names the default one ("public"), which a model's tables leave out.
    const ref = referencedKey(was.table, { refTable, ...(fk.refSchema !== undefined ? { refSchema: fk.refSchema } : {}) }, known);
    const mine = renames.filter((r) => r.table === ref);
    if (mine.length === 0 && refTable === fk.refTable) return fk;
    return { ...fk, refTable, refColumns: fk.refColumns.map((c) => mine.find((r) => sameName(r.from, c))?.to ?? c) };
  };
  return { ...was, foreignKeys: was.foreignKeys.map(rename) };
}

/** The database after the renames: paired tables under their new names, with their columns and references renamed. */
export function afterRenames(
  from: DatabaseModel,
  pairs: readonly Pair[],
  renames: readonly ColumnRename[],
  tableRenames: ReadonlyMap<string, string>,
  known: (key: string) => boolean,
): DatabaseModel {
  const paired = new Set(pairs.map(([was]) => tableKey(was.table)));
  const renamed = pairs.map(([was]) => {
    const own = renames.filter((r) => r.table === tableKey(was.table));
    return own.reduce((t, r) => renameColumn(t, r.from, r.to), withRenamedReferences(was, renames, tableRenames, known));
  });
  const renamedTables = new Set([...tableRenames.keys()]);
  const rest = from.tables.filter((t) => !paired.has(tableKey(t.table)) && !renamedTables.has(t.table.name.toLowerCase()));
  return { ...from, tables: [...renamed, ...rest] };
}
