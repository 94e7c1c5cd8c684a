/**
 * The order changes run in: by step (change.ts), then by the foreign keys between the tables created or
 * dropped (a referenced table is created before, and dropped after, the tables that reference it), then
 * by key, so the same schemas always give the same file. Where ALTER TABLE cannot change columns or
 * constraints (SQLite), a table's alterations become one batchAlterTable.
 */
import type { Capabilities } from "../dialects/dialect.ts";
import type * as ops from "../operations/ops.ts";
import type { TableModel } from "../schema/model.ts";
import { STEP, type Change } from "./change.ts";
import { renameColumn } from "./compare_table.ts";
import { indexColumnName } from "../operations/index_column.ts";
import { columnSetKey, referencedKey, tableKey } from "./keys_of.ts";
import { mentionsIdentifier } from "../schema/identifiers.ts";

export function orderChanges(changes: readonly Change[], capabilities: Capabilities): Change[] {
  let list = [...changes];
  list = keysAfterTablesAndIndexes(list, capabilities);
  // Before the batches: a batch runs its ops in the order they come in (SQLite adds and drops natively).
  const generated = generatedRanks(list);
  if (!capabilities.alterColumn || !capabilities.alterConstraints) list = batchPerTable(list, generated);
  const rank = new Map<Change, number>();
  const creates = topological(list.filter((c) => c.op.kind === "createTable"), false);
  const drops = topological(list.filter((c) => c.op.kind === "dropTable"), true);
  [...creates, ...drops].forEach((c, i) => rank.set(c, i));
  for (const [c, i] of generated) rank.set(c, i);
  return list.sort((a, b) => a.step - b.step || (rank.get(a) ?? 0) - (rank.get(b) ?? 0) || a.key.localeCompare(b.key));
}


/**
 * Generated columns dropped or added in one revision, where one reads another (MySQL, SQLite): added after
 * the columns they read, dropped (or made plain) before them (the server refuses a column whose expression
 * names one not there: "Unknown column in GENERATED ALWAYS AS"); otherwise by key.
 */
function generatedRanks(list: readonly Change[]): Map<Change, number> {
  const ranks = new Map<Change, number>();
  // A column made plain in the same step (alterColumn generated: null) still reads what its expression read.
  const sqlOf = (c: Change) =>
    c.op.kind === "addColumn" ? c.op.column.generated?.sql
    : c.op.kind === "dropColumn" ? c.op.existing?.generated?.sql
    : c.op.kind === "alterColumn" && c.op.generated === null ? c.op.existingGenerated?.sql ?? undefined
    : undefined;
  const columnOf = (c: Change) => (c.op.kind === "addColumn" ? c.op.column.name : c.op.kind === "dropColumn" || c.op.kind === "alterColumn" ? c.op.column : "");
  for (const [step, readersFirst] of [[STEP.dropGenerated, true], [STEP.addGenerated, false]] as const) {
    const here = list.filter((c) => c.step === step && sqlOf(c) !== undefined).sort((a, b) => a.key.localeCompare(b.key));
    const out: Change[] = [];
    const seen = new Set<Change>();
    const visit = (c: Change) => {
      if (seen.has(c)) return;
      seen.add(c);
      const reads = here.filter((d) => d !== c && tableKey(tableOf(d)) === tableKey(tableOf(c)) && mentionsIdentifier(sqlOf(c)!, columnOf(d)));
      for (const d of reads) visit(d);
      out.push(c);
    };
    for (const c of here) visit(c);
    (readersFirst ? out.reverse() : out).forEach((c, i) => ranks.set(c, i));
  }
  return ranks;
}

function tableOf(c: Change): ops.TableRef {
  return (c.op as { table: ops.TableRef }).table;
}

function foreignKeysOf(c: Change): readonly ops.ForeignKeyDef[] {
  if (c.op.kind === "createTable") return c.op.foreignKeys ?? [];
  if (c.op.kind === "dropTable") return c.op.existing?.foreignKeys ?? [];
  return [];
}

/**
 * Tables in dependency order (referenced first; `reverse`: referencing first), ties by name. Tables in a
 * cycle keep name order; splitForeignKeyCycles has already moved such keys out where it can.
 */
function topological(changes: Change[], reverse: boolean): Change[] {
  const byKey = new Map(changes.map((c) => [tableKey(tableOf(c)), c]));
  const sorted = [...changes].sort((a, b) => a.key.localeCompare(b.key));
  const out: Change[] = [];
  const state = new Map<Change, "visiting" | "done">();
  const visit = (c: Change) => {
    if (state.has(c)) return;
    state.set(c, "visiting");
    const deps = foreignKeysOf(c).map((fk) => byKey.get(referencedKey(tableOf(c), fk, (k) => byKey.has(k)))).filter((d): d is Change => d !== undefined && d !== c);
    for (const d of deps.sort((a, b) => a.key.localeCompare(b.key))) visit(d);
    state.set(c, "done");
    out.push(c);
  };
  for (const c of sorted) visit(c);
  return reverse ? out.reverse() : out;
}

/**
 * Keys a new table cannot be created with, added after the tables and indexes instead where ALTER TABLE
 * can add constraints: every key between new tables that reference each other in a cycle, and a key that
 * references a unique index, unique constraint or primary key created here on an existing table (those
 * come after the tables; PostgreSQL: "there is no unique constraint matching given keys"; MySQL: errno 150).
 */
function keysAfterTablesAndIndexes(changes: Change[], capabilities: Capabilities): Change[] {
  if (!capabilities.alterConstraints) return changes; // SQLite checks references only when rows are written
  const created = new Set(changes.filter((c) => c.op.kind === "createTable").map((c) => tableKey(tableOf(c))));
  const cyclic = cycleMembers(changes.filter((c) => c.op.kind === "createTable"));
  const indexed = new Set<string>();
  const indexedTables = new Set<string>();
  const keyed = (table: ops.TableRef, names: readonly string[]) => {
    indexed.add(columnSetKey(tableKey(table), names));
    indexedTables.add(tableKey(table));
  };
  for (const { op } of changes) {
    // A unique key or primary key added to an existing table comes after the new tables too.
    if (op.kind === "createUniqueConstraint" || op.kind === "createPrimaryKey") keyed(op.table, op.columns);
    if (op.kind !== "createIndex" || !op.unique || op.where !== undefined) continue;
    const names = op.columns.map(indexColumnName);
    if (names.every((n): n is string => n !== undefined)) keyed(op.table, names);
  }
  const out: Change[] = [];
  for (const c of changes) {
    if (c.op.kind !== "createTable" || (!cyclic.has(tableKey(c.op.table)) && indexed.size === 0)) {
      out.push(c);
      continue;
    }
    const table = c.op.table;
    const inCycle = cyclic.has(tableKey(table));
    const later = (c.op.foreignKeys ?? []).filter((fk) => {
      const ref = referencedKey(table, fk, (k) => created.has(k) || indexedTables.has(k));
      return (inCycle && created.has(ref) && cyclic.has(ref)) || indexed.has(columnSetKey(ref, fk.refColumns));
    });
    if (later.length === 0) {
      out.push(c);
      continue;
    }
    const { foreignKeys: _, ...rest } = c.op;
    const keep = (c.op.foreignKeys ?? []).filter((fk) => !later.includes(fk));
    out.push({ ...c, op: { ...rest, ...(keep.length > 0 ? { foreignKeys: keep } : {}) } });
    for (const fk of later) {
      out.push({ op: { kind: "createForeignKey", name: fk.name ?? "", table, foreignKey: fk }, step: STEP.createForeignKey, key: `${tableKey(table)}.${fk.name ?? ""}`, safety: "additive" });
    }
  }
  return out;
}

function cycleMembers(creates: Change[]): Set<string> {
  const edges = new Map<string, string[]>();
  const keys = new Set(creates.map((c) => tableKey(tableOf(c))));
  for (const c of creates) edges.set(tableKey(tableOf(c)), foreignKeysOf(c).map((fk) => referencedKey(tableOf(c), fk, (k) => keys.has(k))));
  const inCycle = new Set<string>();
  for (const start of edges.keys()) {
    const seen = new Set<string>();
    const stack = [...(edges.get(start) ?? [])];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (k === start) { inCycle.add(start); break; }
      if (seen.has(k)) continue;
      seen.add(k);
      stack.push(...(edges.get(k) ?? []));
    }
  }
  return inCycle;
}

const BATCHED: ReadonlySet<ops.OpKind> = new Set(["addColumn", "dropColumn", "alterColumn", "createPrimaryKey", "createForeignKey", "createUniqueConstraint", "createCheckConstraint", "dropConstraint"]);

/** One batchAlterTable per table for the alterations ALTER TABLE cannot make, in their order. */
function batchPerTable(changes: Change[], rank: ReadonlyMap<Change, number>): Change[] {
  const sorted = [...changes].sort((a, b) => a.step - b.step || (rank.get(a) ?? 0) - (rank.get(b) ?? 0) || a.key.localeCompare(b.key));
  const groups = new Map<string, Change[]>();
  const out: Change[] = [];
  for (const c of sorted) {
    if (!BATCHED.has(c.op.kind)) {
      out.push(c);
      continue;
    }
    const key = tableKey(tableOf(c));
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const [key, group] of groups) {
    // Columns added alone need no rebuild: plain ALTER TABLE ADD COLUMN reads better.
    if (group.every((c) => c.op.kind === "addColumn")) {
      out.push(...group);
      continue;
    }
    const table = tableOf(group[0]!);
    namedBeforeRenames(out, key, group);
    const worst = group.find((c) => c.safety === "destructive") ?? group.find((c) => c.safety === "data-dependent");
    const notes = group.map((c) => c.note).filter((n): n is string => n !== undefined);
    out.push({
      op: { kind: "batchAlterTable", table, ops: group.map((c) => c.op as ops.TableAlteration) },
      step: STEP.alterColumn,
      key,
      safety: worst?.safety ?? "additive",
      ...(notes.length > 0 ? { note: notes.join("; ") } : {}),
    });
  }
  return out;
}

/**
 * The indexes of the table dropped before its batch, so before the column renames the batch now holds
 * (they were to run first): the index each would make again in the downgrade, its reverse, which runs
 * after the renames back, names the columns as they were (SQLite took a missing "c28" for a string).
 */
function namedBeforeRenames(out: Change[], key: string, group: readonly Change[]): void {
  const renames = group.flatMap((c) => (c.op.kind === "alterColumn" && c.op.newName !== undefined ? [{ from: c.op.column, to: c.op.newName }] : []));
  if (renames.length === 0) return;
  out.forEach((c, i) => {
    if (c.op.kind !== "dropIndex" || c.op.existing === undefined || c.op.table === undefined || tableKey(c.op.table) !== key) return;
    let model: TableModel = { table: c.op.table, columns: [], foreignKeys: [], uniques: [], checks: [], indexes: [c.op.existing] };
    for (const r of [...renames].reverse()) model = renameColumn(model, r.to, r.from);
    out[i] = { ...c, op: { ...c.op, existing: model.indexes[0]! } };
  });
}
