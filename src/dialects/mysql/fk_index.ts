import { indexColumnName } from "../../operations/index_column.ts";
import type * as ops from "../../operations/ops.ts";
import { primaryKeyColumns } from "../../operations/ops.ts";
import type { TableModel } from "../../schema/model.ts";
import { foreignKeyIndexOf, serverIndexesOf } from "./foreign_key_indexes.ts";

/** An index by name and first columns (the key parts that are columns). */
export interface Key {
  readonly name: string;
  readonly columns: readonly string[];
}

/**
 * InnoDB needs an index whose first columns are a foreign key's columns, and uses any index that has
 * them: once a unique key or index on (org_id, email) exists, the foreign key on org_id relies on it,
 * and dropping it fails ("needed in a foreign key constraint"). Before such a drop, give each foreign
 * key that would be left without an index one of its own, named after the constraint as InnoDB names it
 * (reflection leaves such an index out, so a downgrade reads back as before), unless the key still has
 * the index InnoDB made for it.
 */
export function indexesForForeignKeys(model: TableModel | undefined, dropped: string, quote: (name: string) => string, table: string): string[] {
  return keysForDroppedIndex(model, dropped).map((k) => `CREATE INDEX ${quote(k.name)} ON ${table} (${k.columns.map(quote).join(", ")})`);
}

/** The indexes indexesForForeignKeys makes, as keys. */
export function keysForDroppedIndex(model: TableModel | undefined, dropped: string): Key[] {
  if (!model) return [];
  const droppedKey = keysOf(model).find((k) => same(k.name, dropped));
  return droppedKey ? indexesWithout(model, droppedKey) : [];
}

/**
 * dropConstraint drops a foreign key's own index (foreign_key_indexes.ts), which another foreign key on
 * the same first columns may rely on too: InnoDB keeps one index for both (two keys on one column to two
 * tables; MariaDB names it after the key added last). That one gets an index of its own, as for a dropped
 * index: `ADD INDEX` clauses for the ALTER TABLE that drops the key and its index (in one statement, as
 * MariaDB drops an index it made for a key by itself once another can serve the key).
 */
export function indexesBesideForeignKey(model: TableModel | undefined, foreignKey: string, quote: (name: string) => string): string[] {
  return keysBesideForeignKey(model, foreignKey).map((k) => addIndex(k, quote));
}

/** The indexes indexesBesideForeignKey adds, as keys. */
export function keysBesideForeignKey(model: TableModel | undefined, foreignKey: string): Key[] {
  const fk = model?.foreignKeys.find((f) => f.name !== undefined && same(f.name, foreignKey));
  const own = foreignKeyIndexOf(model, foreignKey);
  if (!model || !fk || own === undefined) return [];
  return indexesWithout(model, { name: own, columns: fk.columns }, fk);
}

/**
 * DROP PRIMARY KEY likewise: a foreign key on the key's first columns has no index of its own once the
 * primary key serves it (MariaDB drops the one it made), and InnoDB refuses to leave it without one
 * (errno 150, "Foreign key constraint is incorrectly formed"): `ADD INDEX` clauses for the same statement.
 */
export function indexesBesidePrimaryKey(model: TableModel | undefined, quote: (name: string) => string): string[] {
  return keysBesidePrimaryKey(model).map((k) => addIndex(k, quote));
}

/** The indexes indexesBesidePrimaryKey adds, as keys. */
export function keysBesidePrimaryKey(model: TableModel | undefined): Key[] {
  const pk = model ? primaryKeyOf(model) : undefined;
  return model && pk ? indexesWithout(model, pk) : [];
}

const addIndex = (k: Key, quote: (name: string) => string) => `ADD INDEX ${quote(k.name)} (${k.columns.map(quote).join(", ")})`;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function primaryKeyOf(model: TableModel): Key | undefined {
  const columns = primaryKeyColumns(model);
  return columns.length > 0 ? { name: "PRIMARY", columns } : undefined;
}

/** The table's indexes but the primary key: unique keys, indexes, and the server's beside them. */
function keysOf(model: TableModel): Key[] {
  return [
    ...model.uniques.map((u) => ({ name: u.name ?? "", columns: u.columns })),
    // A descending key serves a foreign key as an ascending one does (MariaDB drops the index it made for the key).
    ...model.indexes.map((ix) => ({ name: ix.name, columns: ix.columns.map((c) => indexColumnName(c) ?? "") })),
    // Those InnoDB made for foreign keys (an unnamed key's is named after its first column, then <column>_2),
    // and offline those a tracked table knows the server has besides.
    ...serverIndexesOf(model).map((ix) => ({ name: ix.name, columns: ix.columns })),
  ];
}

/** An index for each foreign key (but `going`, dropped with its index) that `dropped` is the last index of. */
function indexesWithout(model: TableModel, dropped: Key, going?: ops.ForeignKeyDef): Key[] {
  const pk = primaryKeyOf(model);
  const keys = [...keysOf(model), ...(pk ? [pk] : [])];
  const covers = (cols: readonly string[], fk: ops.ForeignKeyDef) => fk.columns.every((c, i) => cols[i] !== undefined && same(cols[i]!, c));
  const out: Key[] = [];
  for (const fk of model.foreignKeys) {
    if (fk === going || !covers(dropped.columns, fk)) continue;
    if (keys.some((k) => !same(k.name, dropped.name) && covers(k.columns, fk))) continue;
    out.push({ name: fk.name ?? fk.columns[0]!, columns: fk.columns });
  }
  return out;
}
