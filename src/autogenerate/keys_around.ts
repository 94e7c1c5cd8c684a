/**
 * Foreign keys a change cannot run under, dropped before it and added back after (unless the change drops
 * or adds them anyway), where the dialect's capabilities say the server refuses it:
 * - `alterKeyColumnType` false (MySQL: "Cannot change column ...: used in a foreign key constraint"): a key
 *   that uses, on either side, a column whose type or collation changes;
 * - `foreignKeyNeedsIndex` (MySQL: "Cannot drop index ...: needed in a foreign key constraint"): a key whose
 *   every index (one whose first columns are the key's) is dropped, as when an index is recreated with
 *   another order or other columns; likewise on the referenced side (DROP PRIMARY KEY of the referenced
 *   table fails with errno 150), as when the primary key moves to other columns;
 * - everywhere: a key of a table that is dropped, to a column that is dropped (the table's drop comes last);
 * - `foreignKeyNeedsUniqueKey` (PostgreSQL: "cannot drop constraint ... because other objects depend on
 *   it"): a key that references a unique key, primary key or unique index that is dropped, as when a unique
 *   constraint becomes a unique index or a primary key gets other columns; and one whose referenced columns
 *   get a unique key, which the downgrade drops: the server ties a key to one of the unique keys of its
 *   referenced columns when the key is made (the first it finds, not always the primary key), so a key made
 *   again while the new one exists may depend on it.
 */
import type { Capabilities } from "../dialects/dialect.ts";
import { indexColumnName } from "../operations/index_column.ts";
import type { CreateIndexOp, TableRef } from "../operations/ops.ts";
import type { DatabaseModel, TableModel } from "../schema/model.ts";
import { STEP, type Change } from "./change.ts";
import { displayName, primaryKeyOf } from "./compare_table.ts";
import { columnSetKey, referencedKey, tableKey } from "./keys_of.ts";

/** The primary key's name in `dropped`: a name no index can have (MySQL reserves PRIMARY for it). */
const PRIMARY = "primary";

type KeyCapabilities = Pick<Capabilities, "alterKeyColumnType" | "foreignKeyNeedsIndex" | "foreignKeyNeedsUniqueKey">;

/**
 * The changes with the foreign keys that must go around them: dropped before and added back after; a key of
 * a table the changes drop is only dropped first (what it references may be gone), and left out of the
 * table its drop keeps for the downgrade, which adds it back last.
 */
export function keysAroundRefusedChanges(changes: readonly Change[], from: DatabaseModel, unresolved: string[], capabilities: KeyCapabilities): Change[] {
  const retyped = capabilities.alterKeyColumnType
    ? []
    : changes.flatMap((c) => (c.op.kind === "alterColumn" && (c.op.type !== undefined || c.op.collation !== undefined) ? [`${tableKey(c.op.table)}.${c.op.column.toLowerCase()}`] : []));
  // The indexes and keys dropped, by table and name (a unique constraint or primary key is an index too).
  const dropped = new Set(
    capabilities.foreignKeyNeedsIndex
      ? changes.flatMap(({ op }) => {
          if (op.kind === "dropIndex") return op.table ? [`${tableKey(op.table)}.${op.name.toLowerCase()}`] : [];
          if (op.kind !== "dropConstraint" || (op.type !== "unique" && op.type !== "primary")) return [];
          // A primary key is one per table, whatever name the op gives it (MySQL's is PRIMARY).
          return [`${tableKey(op.table)}.${op.type === "primary" ? PRIMARY : (op.name ?? "").toLowerCase()}`];
        })
      : [],
  );
  const unkeyed = capabilities.foreignKeyNeedsUniqueKey ? uniqueKeysDroppedEitherWay(changes) : new Set<string>();
  const droppedTables = new Set(changes.flatMap((c) => (c.op.kind === "dropTable" ? [tableKey(c.op.table)] : [])));
  // Columns dropped that a key of a dropped table may reference: every server refuses the column's drop
  // while the key exists, and the table goes last (what it references may be gone).
  const droppedColumns = new Set(droppedTables.size > 0 ? changes.flatMap((c) => (c.op.kind === "dropColumn" ? [`${tableKey(c.op.table)}.${c.op.column.toLowerCase()}`] : [])) : []);
  if (retyped.length === 0 && dropped.size === 0 && unkeyed.size === 0 && droppedColumns.size === 0) return [...changes];
  // Keys of dropped tables dropped on their own, by table: their table's drop keeps it without them.
  const goneKeys = new Map<string, Set<string>>();
  const tables = new Set(from.tables.map((t) => tableKey(t.table)));
  const touched = new Set(changes.flatMap((c) => (c.op.kind === "dropConstraint" || c.op.kind === "createForeignKey" ? [`${tableKey(c.op.table)}.${(c.op.name ?? "").toLowerCase()}`] : [])));
  const out: Change[] = [];
  for (const t of from.tables) {
    for (const fk of t.foreignKeys) {
      const ref = referencedKey(t.table, fk, (k) => tables.has(k));
      const retypes = fk.columns.some((c) => retyped.includes(`${tableKey(t.table)}.${c.toLowerCase()}`)) || fk.refColumns.some((c) => retyped.includes(`${ref}.${c.toLowerCase()}`));
      const refTable = dropped.size > 0 ? from.tables.find((x) => tableKey(x.table) === ref) : undefined;
      const losesIndex = !retypes && dropped.size > 0 && (loseEveryIndex(t, fk.columns, dropped) || (refTable !== undefined && loseEveryIndex(refTable, fk.refColumns, dropped)));
      const losesTarget = unkeyed.has(columnSetKey(ref, fk.refColumns));
      const losesColumn = fk.refColumns.some((c) => droppedColumns.has(`${ref}.${c.toLowerCase()}`));
      if (!retypes && !losesIndex && !losesTarget && !losesColumn) continue;
      if (fk.name === undefined) {
        const why = retypes
          ? "on a column whose type or collation changes"
          : losesIndex
            ? "whose index is dropped"
            : losesTarget
              ? "whose referenced unique key is dropped"
              : "whose referenced column is dropped";
        unresolved.push(`Table "${displayName(t.table)}" has an unnamed foreign key (${fk.columns.join(", ")}) ${why}; the server refuses that while the key exists: drop and re-create it by hand around the change`);
        continue;
      }
      if (touched.has(`${tableKey(t.table)}.${fk.name.toLowerCase()}`)) continue;
      const key = `${tableKey(t.table)}.${fk.name}`;
      out.push({ op: { kind: "dropConstraint", name: fk.name, table: t.table, type: "foreign", existing: { kind: "createForeignKey", name: fk.name, table: t.table, foreignKey: fk } }, step: STEP.dropForeignKey, key, safety: "additive" });
      if (droppedTables.has(tableKey(t.table))) goneKeys.set(tableKey(t.table), (goneKeys.get(tableKey(t.table)) ?? new Set()).add(fk.name.toLowerCase()));
      else out.push({ op: { kind: "createForeignKey", name: fk.name, table: t.table, foreignKey: fk }, step: STEP.createForeignKey, key, safety: "additive" });
    }
  }
  return [...changes.map((c) => withoutGoneKeys(c, goneKeys)), ...out];
}

/** A table's drop keeping, for the downgrade, its definition without the keys dropped before it on their own. */
function withoutGoneKeys(c: Change, goneKeys: ReadonlyMap<string, ReadonlySet<string>>): Change {
  if (c.op.kind !== "dropTable" || !c.op.existing) return c;
  const gone = goneKeys.get(tableKey(c.op.table));
  if (!gone) return c;
  const { foreignKeys: all = [], ...rest } = c.op.existing;
  const foreignKeys = all.filter((fk) => !gone.has((fk.name ?? "").toLowerCase()));
  return { ...c, op: { ...c.op, existing: foreignKeys.length > 0 ? { ...rest, foreignKeys } : rest } };
}

/**
 * The unique constraints, primary keys and unique indexes (on columns) the changes drop, or make (the
 * downgrade drops them), by columnSetKey.
 */
function uniqueKeysDroppedEitherWay(changes: readonly Change[]): Set<string> {
  const out = new Set<string>();
  const index = (table: TableRef, ix: Pick<CreateIndexOp, "unique" | "where" | "columns">) => {
    if (!ix.unique || ix.where !== undefined) return;
    const names = ix.columns.map(indexColumnName);
    if (names.every((n): n is string => n !== undefined)) out.add(columnSetKey(tableKey(table), names));
  };
  for (const { op } of changes) {
    if (op.kind === "dropConstraint" && (op.existing?.kind === "createUniqueConstraint" || op.existing?.kind === "createPrimaryKey")) {
      out.add(columnSetKey(tableKey(op.table), op.existing.columns));
    }
    if (op.kind === "createUniqueConstraint" || op.kind === "createPrimaryKey") out.add(columnSetKey(tableKey(op.table), op.columns));
    if (op.kind === "dropIndex" && op.table && op.existing) index(op.table, op.existing);
    if (op.kind === "createIndex") index(op.table, op);
  }
  return out;
}

/** Whether the key's columns (its own, or those it references) have an index now (them first, in order) and every such index is dropped. */
function loseEveryIndex(t: TableModel, keyColumns: readonly string[], dropped: ReadonlySet<string>): boolean {
  const leads = (columns: readonly (string | undefined)[]) =>
    keyColumns.length <= columns.length && keyColumns.every((c, i) => columns[i]?.toLowerCase() === c.toLowerCase());
  const pk = primaryKeyOf(t);
  const indexes = [
    ...(pk ? [{ name: PRIMARY, columns: pk.columns }] : []),
    ...t.uniques.map((u) => ({ name: u.name ?? "", columns: u.columns })),
    ...t.indexes.map((ix) => ({ name: ix.name, columns: ix.columns.map(indexColumnName) })),
  ].filter((ix) => leads(ix.columns));
  return indexes.length > 0 && indexes.every((ix) => dropped.has(`${tableKey(t.table)}.${ix.name.toLowerCase()}`));
}
