/**
 * One generic walk over two database models (Atlas's differ shape): what the database has (`from`) and
 * what the schema declares (`to`), both in the same form, give the changes from one to the other.
 * Nothing here knows a dialect: texts are compared through a Normalizer, and capabilities decide.
 */
import type { Capabilities } from "../dialects/dialect.ts";
import type { QuoteSyntax } from "../dialects/sql/lexer.ts";
import { quoteName } from "../dialects/sql/quote_name.ts";
import type * as ops from "../operations/ops.ts";
import type { DatabaseModel, EnumModel, TableModel, ViewModel } from "../schema/model.ts";
import { aroundRecreatedEnums, ofType } from "./around_recreate_enum.ts";
import { autoincrementAroundKeys } from "./autoincrement_around.ts";
import { STEP, type Change, type Comparison, type RenameCandidate } from "./change.ts";
import { compareTable, displayName, type TableContext } from "./compare_table.ts";
import { compareViews } from "./compare_views.ts";
import { readsColumn, relationsOf } from "../schema/view_reads.ts";
import { createTableOp, type RenameHints } from "./declared.ts";
import { tableKey } from "./keys_of.ts";
import { keysAroundRefusedChanges } from "./keys_around.ts";
import type { Normalizer } from "./normalize.ts";
import { orderChanges } from "./order.ts";
import { afterRenames, columnRenamesOf, withRenamedReferences } from "./renamed_references.ts";
import { uniqueIndexesAsConstraints } from "./unique_keys.ts";
import { narrows, sequenceChanges } from "../schema/sequence.ts";

export interface CompareInput {
  readonly from: DatabaseModel;
  readonly to: DatabaseModel;
  /** The declared schema as written (same objects as `to`): what create and add ops are made of. */
  readonly portable: DatabaseModel;
  readonly conventionNames: ReadonlySet<string>;
  readonly renames: RenameHints;
  readonly norm: Normalizer;
  readonly capabilities: Capabilities;
  /** The schema declares its views (defineSchema's `views`): they are compared, and undeclared ones dropped. */
  readonly managesViews?: boolean;
  /** Views the database has that the filters leave out: made again as they are when a view they read is. */
  readonly hiddenViews?: readonly ViewModel[];
  /** The dialect's lexical rules, for reading view queries (MySQL's backslash escapes in strings). */
  readonly quoteSyntax?: QuoteSyntax;
}

export function compare(input: CompareInput): Comparison {
  const { portable } = input;
  const fold = input.capabilities.uniqueIndexIsConstraint ? uniqueIndexesAsConstraints : (m: DatabaseModel) => m;
  const from = fold(input.from);
  const to = fold(input.to);
  const warnings: string[] = [];
  const candidates: RenameCandidate[] = [];
  const unresolved: string[] = [];
  const changes: Change[] = [];
  const add = (op: ops.Op, step: number, key: string, safety: Change["safety"] = "additive", note?: string) =>
    changes.push({ op, step, key, safety, ...(note ? { note } : {}) });

  // ---- schemas: created when declared and missing; never dropped.
  for (const name of to.schemas) if (!from.schemas.some((s) => s.toLowerCase() === name.toLowerCase())) add({ kind: "createSchema", name }, STEP.createSchema, name);

  // ---- enums and sequences.
  compareEnums(from.enums, to.enums, add, unresolved);
  const fromSeq = new Map(from.sequences.map((s) => [tableKey(s), s]));
  for (const s of to.sequences) {
    const was = fromSeq.get(tableKey(s));
    fromSeq.delete(tableKey(s));
    if (!was) add({ kind: "createSequence", ...s }, STEP.createType, tableKey(s));
    else {
      const changed = sequenceChanges(was, s);
      const { name: _, schema: _s, ...existing } = was;
      if (changed) {
        const op: ops.AlterSequenceOp = { kind: "alterSequence", name: s.name, ...(s.schema ? { schema: s.schema } : {}), ...changed, existing };
        const key = tableKey(s);
        if (changed.restart) add(op, STEP.createType, key, "data-dependent", `sequence ${displayName(s)} counts the other way: it restarts at ${changed.start}`);
        else if (narrows(was, s)) add(op, STEP.createType, key, "data-dependent", `fails if sequence ${displayName(s)} has been used and the value it is at lies outside its new range (restart: true moves it back to its start)`);
        else add(op, STEP.createType, key);
      }
    }
  }
  for (const s of fromSeq.values()) add({ kind: "dropSequence", name: s.name, ...(s.schema ? { schema: s.schema } : {}), existing: { kind: "createSequence", ...s } }, STEP.dropType, tableKey(s), "destructive", `drops sequence ${displayName(s)}`);

  // ---- tables: pair by name, then by a rename hint.
  const fromTables = new Map(from.tables.map((t) => [tableKey(t.table), t]));
  const portableTables = new Map(portable.tables.map((t) => [tableKey(t.table), t]));
  const tableRenames = new Map<string, string>();
  const pairs: [TableModel, TableModel][] = [];
  const created: TableModel[] = [];
  for (const t of to.tables) {
    const key = tableKey(t.table);
    let was = fromTables.get(key);
    if (was) fromTables.delete(key);
    else {
      const old = input.renames.tables.get(key);
      const oldKey = old === undefined ? undefined : tableKey({ name: old, ...(t.table.schema ? { schema: t.table.schema } : {}) });
      was = oldKey === undefined ? undefined : fromTables.get(oldKey);
      if (was && oldKey !== undefined) {
        fromTables.delete(oldKey);
        add({ kind: "renameTable", table: was.table, newName: t.table.name }, STEP.renameTable, key);
        tableRenames.set(was.table.name.toLowerCase(), t.table.name);
        was = { ...was, table: t.table, indexes: was.indexes.map((ix) => ({ ...ix, table: t.table })) };
      }
    }
    if (was) pairs.push([was, t]);
    else created.push(t);
  }
  const droppedTables = [...fromTables.values()];
  for (const t of created) {
    const twin = droppedTables.find((d) => sameColumns(d, t));
    if (twin) {
      candidates.push({ kind: "table", table: displayName(t.table), from: twin.table.name, to: t.table.name });
      warnings.push(
        `Table "${displayName(twin.table)}" is dropped and "${displayName(t.table)}" created with the same columns; if it was renamed, ` +
          `say so with renamedFrom: "${twin.table.name}" in the schema (or --rename ${twin.table.name}=${t.table.name}), or its rows are lost`,
      );
    }
  }

  // Columns of an enum type recreated here are converted to the new type (ALTER COLUMN ... TYPE).
  const recreated = changes.flatMap((c) => (c.op.kind === "recreateEnum" ? [ofType(c.op)] : []));
  const ctx: TableContext = { recreatedType: (c) => recreated.some((isType) => isType(c)), norm: input.norm, conventionNames: input.conventionNames, columnRenames: input.renames.columns, tableRenames, warnings, unresolved, candidates, collationCharacterSets: input.capabilities.collationCharacterSets, restrictIsNoAction: input.capabilities.restrictIsNoAction, generated: input.capabilities };
  // Renamed in place (RENAME COLUMN), a column is renamed in the keys that reference it; a table rebuilt
  // (SQLite's batch) keeps them as written, so they are dropped and made again there.
  const columnRenames = input.capabilities.alterColumn ? columnRenamesOf(pairs, input.renames.columns) : [];
  const tableKeys = new Set([...from.tables, ...pairs.map(([was]) => was)].map((t) => tableKey(t.table)));
  const known = (key: string) => tableKeys.has(key);
  for (const [was, t] of pairs) changes.push(...compareTable(withRenamedReferences(was, columnRenames, tableRenames, known), t, portableTables.get(tableKey(t.table)) ?? t, ctx));
  for (const t of created) {
    const declared = portableTables.get(tableKey(t.table)) ?? t;
    add(createTableOp(declared), STEP.createTable, tableKey(t.table));
    for (const ix of declared.indexes) add(ix, STEP.createConstraint, `${tableKey(t.table)}.${ix.name}`);
  }
  for (const dropped of droppedTables) {
    // Dropped after the renames: its keys name the tables and columns as renamed (the downgrade makes it before undoing them).
    const t = withRenamedReferences(dropped, columnRenames, tableRenames, known);
    // Indexes go first, so that the downgrade (the reverse) recreates them after the table.
    for (const ix of t.indexes) add({ kind: "dropIndex", name: ix.name, table: t.table, existing: ix }, STEP.dropConstraint, `${tableKey(t.table)}.${ix.name}`);
    add({ kind: "dropTable", table: t.table, existing: createTableOp(t) }, STEP.dropTable, tableKey(t.table), "destructive", `drops table ${displayName(t.table)}`);
  }
  // Where a view binds the columns it reads (PostgreSQL refuses ALTER ... TYPE under it), a declared view
  // over a column whose type changes is dropped and made again by the revision itself, as the schema has it:
  // an offline script then runs as the online one (where alterColumn would find the view as it runs).
  const moved = input.capabilities.viewsBindColumns ? columnsViewsCannotStayOver(changes, from) : [];
  // `*` reads every column (offline, the query is as written; online, PostgreSQL prints the columns).
  const reads = (v: ViewModel) => {
    const relations = moved.length > 0 ? relationsOf(v.query) : new Set<string>();
    return moved.some(({ table, column }) => relations.has(table.toLowerCase()) && readsColumn(v.query, column));
  };
  if (input.managesViews) {
    compareViews({ from: from.views ?? [], to: to.views ?? [], declared: portable.views ?? [], hidden: input.hiddenViews ?? [], remake: reads, ...(input.quoteSyntax ? { syntax: input.quoteSyntax } : {}) }, add, unresolved);
  }
  // What runs around the changes names tables and columns as the changes do: after the renames.
  const renamed = afterRenames(from, pairs, columnRenames, tableRenames, known);
  const keyed = keysAroundRefusedChanges(changes, renamed, unresolved, input.capabilities);
  const counted = input.capabilities.autoincrementNeedsKey ? autoincrementAroundKeys(keyed, renamed, to) : keyed;
  return { changes: orderChanges(aroundRecreatedEnums(counted, from, portable), input.capabilities), warnings, unresolved, candidates };
}

function compareEnums(
  from: readonly EnumModel[],
  to: readonly EnumModel[],
  add: (op: ops.Op, step: number, key: string, safety?: Change["safety"], note?: string) => void,
  unresolved: string[],
): void {
  const existing = new Map(from.map((e) => [tableKey(e), e]));
  for (const e of to) {
    const was = existing.get(tableKey(e));
    existing.delete(tableKey(e));
    const schema = e.schema ? { schema: e.schema } : {};
    if (!was) {
      add({ kind: "createEnum", name: e.name, ...schema, values: e.values }, STEP.createType, tableKey(e));
      continue;
    }
    // Values can be added in place; removing or reordering them means recreating the type.
    const kept = was.values.filter((v) => e.values.includes(v));
    const inOrder = kept.length === was.values.length && kept.every((v, i) => v === e.values.filter((x) => was.values.includes(x))[i]);
    if (!inOrder) {
      const removed = was.values.filter((v) => !e.values.includes(v));
      const rename = likelyRename(was.values, e.values);
      if (rename) {
        // The recreate fails on every row holding the old value; RENAME VALUE keeps them.
        // PostgreSQL's text (enum types are PostgreSQL's): identifiers in ", literals in '.
        const type = e.schema ? `${quoteName(e.schema, '"')}.${quoteName(e.name, '"')}` : quoteName(e.name, '"');
        const sqlText = `ALTER TYPE ${type} RENAME VALUE ${quoteName(rename.from, "'")} TO ${quoteName(rename.to, "'")}`;
        unresolved.push(
          `Enum type ${displayName(e)}: "${rename.from}" is replaced by "${rename.to}" at the same place, which looks like a rename, ` +
            `but recreateEnum fails on every row holding "${rename.from}": if it is a rename, replace recreateEnum with ` +
            `await op.execute(${JSON.stringify(sqlText)}) (PostgreSQL 10+), and the rename back in the downgrade`,
        );
      }
      const note = removed.length > 0
        ? `removes ${removed.map((v) => `"${v}"`).join(", ")} from enum type ${displayName(e)}: a row holding ${removed.length === 1 ? "it" : "one"} fails the upgrade (rolled back); the tables using the type are rewritten`
        : `reorders enum type ${displayName(e)}: ORDER BY, <, > and min/max on its columns follow the new order; the tables using it are rewritten`;
      add({ kind: "recreateEnum", name: e.name, ...schema, values: e.values, previous: was.values }, STEP.recreateType, tableKey(e), removed.length > 0 ? "data-dependent" : "additive", note);
      continue;
    }
    // Each new value goes right after the value before it, old or added just before it (new values next to
    // each other placed after the same old one would come out in reverse); leading ones before the first old
    // value. So they are added in their order: the key is the position, not the value's name.
    const firstOld = e.values.find((v) => was.values.includes(v));
    e.values.forEach((value, i) => {
      if (was.values.includes(value)) return;
      const after = i > 0 ? e.values[i - 1] : undefined;
      const position = after !== undefined ? { after } : firstOld !== undefined ? { before: firstOld } : {};
      // IF NOT EXISTS: a value cannot be dropped, so a downgrade leaves it, and upgrading again must pass.
      add({ kind: "addEnumValue", name: e.name, ...schema, value, ...position, ifNotExists: true }, STEP.createType, `${tableKey(e)}.${String(i).padStart(6, "0")}`);
    });
  }
  for (const e of existing.values()) {
    add({ kind: "dropEnum", name: e.name, ...(e.schema ? { schema: e.schema } : {}), existing: { kind: "createEnum", ...e } }, STEP.dropType, tableKey(e), "destructive", `drops enum type ${displayName(e)}`);
  }
}

/** One value gone and one new at the same place, the others as they were: most likely a renamed value. */
function likelyRename(was: readonly string[], now: readonly string[]): { from: string; to: string } | undefined {
  if (was.length !== now.length) return undefined;
  const at = was.flatMap((v, i) => (v !== now[i] ? [i] : []));
  if (at.length !== 1) return undefined;
  const i = at[0]!;
  return now.includes(was[i]!) || was.includes(now[i]!) ? undefined : { from: was[i]!, to: now[i]! };
}

function sameColumns(a: TableModel, b: TableModel): boolean {
  const names = (t: TableModel) => t.columns.map((c) => c.name.toLowerCase()).sort().join(",");
  return names(a) === names(b);
}

/**
 * The columns (by table and column name) a view cannot stay over where views bind their columns: a type
 * or collation changed (PostgreSQL's ALTER ... TYPE either way; a recreateEnum's conversion), a column dropped (a generated one dropped and
 * added again: a view the schema keeps reads it), or one made generated or given another expression
 * (PostgreSQL drops and adds it where it cannot set it in place).
 */
function columnsViewsCannotStayOver(changes: readonly Change[], from: DatabaseModel): { table: string; column: string }[] {
  const ops = changes.flatMap((c): readonly ops.Op[] => (c.op.kind === "batchAlterTable" ? c.op.ops : [c.op]));
  const altered = ops.flatMap((op) =>
    (op.kind === "alterColumn" && (op.type !== undefined || op.collation !== undefined || op.generated !== undefined)) || op.kind === "dropColumn" ? [{ table: op.table.name, column: op.column }] : [],
  );
  const enums = ops.flatMap((op) => (op.kind === "recreateEnum" ? [ofType(op)] : []));
  const converted = enums.length === 0 ? [] : from.tables.flatMap((t) => t.columns.filter((c) => enums.some((isType) => isType(c))).map((c) => ({ table: t.table.name, column: c.name })));
  return [...altered, ...converted];
}
