/**
 * Views carried around the changes the server refuses under them. PostgreSQL binds a view to the columns it
 * reads: ALTER COLUMN ... TYPE (a type or collation change, an enum type recreated) fails with "cannot alter
 * type of a column used by a view or rule", and so does dropping the column or its table. The usual way out,
 * done by hand by every team that meets it, is written here: the views that read a changed column (and the
 * views that read those) are dropped before the changes and re-created after, from their definition as the
 * server prints it, with their options, comment and grants; the downgrade (the reverse) does the same around
 * its own changes. A generated column dropped and added back counts as changed.
 *
 * What cannot be carried is reported (`unresolved`, so `check` fails and the revision says it) rather than
 * written to fail on the server: a column or table the revision drops for good (the view must be redefined
 * or dropped by its owner), a materialized view (its rows and indexes would be lost), and a view reading a
 * column or table renamed in the same revision (its printed definition names the old one).
 */
import type { Capabilities } from "../dialects/dialect.ts";
import type * as ops from "../operations/ops.ts";
import type { ColumnBinding, DatabaseModel, ViewModel } from "../schema/model.ts";
import { ofType } from "./around_recreate_enum.ts";
import { STEP, type Change } from "./change.ts";
import { sameName, tableKey } from "./keys_of.ts";

/** A column a change touches, by the names the database has now; `column` null: the whole table. */
interface Touched {
  readonly table: ops.TableRef;
  readonly column: string | null;
  /** Carried around (the change keeps the column) or reported (the change drops it). */
  readonly carry: boolean;
  /** "users.email", for messages. */
  readonly what: string;
}

export function viewsAroundChanges(changes: readonly Change[], from: DatabaseModel, unresolved: string[], warnings: string[], capabilities: Capabilities): Change[] {
  const views = from.views ?? [];
  const bindings = from.bindings ?? [];
  if (!capabilities.viewsBindColumns || views.length + bindings.length === 0) return [...changes];
  const renames = renamesOf(changes);
  const touched = touchedColumns(changes, from, renames);
  if (touched.length === 0) return [...changes];
  reportBindings(touched, bindings, unresolved);
  const reads = (v: ViewModel, table: ops.TableRef, column: string | null) =>
    v.reads.some((r) => tableKey(r.relation) === tableKey(table) && (r.column === null || column === null || sameName(r.column, column)));
  const carried = new Set<ViewModel>();
  for (const t of touched) {
    for (const v of views.filter((v) => reads(v, t.table, t.column))) {
      if (t.carry) carried.add(v);
      else {
        unresolved.push(
          `${viewName(v)} reads ${t.what}, which this revision drops: PostgreSQL refuses while the view exists; ` +
            `redefine or drop the view first (op.dropView / op.createView in a revision before this one), or keep ${t.what} in the schema`,
        );
      }
    }
  }
  // The views that read a carried view go too (dropped first, made again after it).
  for (let grew = true; grew; ) {
    grew = false;
    for (const v of views) {
      if (carried.has(v) || ![...carried].some((c) => reads(v, refOf(c), null))) continue;
      carried.add(v);
      grew = true;
    }
  }
  const blocked = [...carried].filter((v) => {
    const renamed = v.reads.find((r) => renames.tables.has(tableKey(r.relation)) || (r.column !== null && renames.columns.has(columnKey(r.relation, r.column))));
    if (v.materialized) {
      unresolved.push(`${viewName(v)} reads a column this revision changes the type of: PostgreSQL refuses while it exists, and dropping it would lose its rows and indexes; drop it before and re-create it after by hand (op.execute)`);
    } else if (renamed) {
      unresolved.push(`${viewName(v)} reads ${displayRef(renamed.relation)}${renamed.column ? `.${renamed.column}` : ""}, renamed in this revision, and must be re-created around a type change: make the rename in a revision of its own first`);
    }
    return v.materialized || renamed !== undefined;
  });
  const order = creationOrder([...carried].filter((v) => !blocked.includes(v)), reads);
  if (order.length === 0) return [...changes];
  const owners = order.filter((v) => v.owner !== undefined).map((v) => `${viewName(v)} (owned by ${v.owner})`);
  if (owners.length > 0) warnings.push(`${owners.join(", ")} will be owned by the role that runs the migration once re-created: add op.execute("ALTER VIEW ... OWNER TO ...") after it if that matters`);
  const pad = (i: number) => String(i).padStart(5, "0");
  const around: Change[] = [];
  order.forEach((v, i) => {
    const key = `view:${pad(i)}:${tableKey(refOf(v))}`;
    const { name, schema } = v.view;
    // Dropped in the reverse of the order they are made in: a view before the views it reads.
    around.push({ op: { kind: "dropView", name, ...(schema ? { schema } : {}), existing: v.view }, step: STEP.dropView, key: `view:${pad(order.length - 1 - i)}:${tableKey(refOf(v))}`, safety: "additive", note: `re-created after the changes to what it reads` });
    around.push({ op: v.view, step: STEP.createView, key, safety: "additive" });
  });
  return [...changes, ...around];
}

/**
 * Whether a change may be one the server refuses under a view (a type or collation changed, a column or
 * table dropped, an enum type recreated): only then are the views read.
 */
export function touchesColumns(changes: readonly Change[]): boolean {
  return changes.some(({ op }) => (op.kind === "alterColumn" && (op.type !== undefined || op.collation !== undefined)) || op.kind === "dropColumn" || op.kind === "dropTable" || op.kind === "recreateEnum");
}

/**
 * Triggers, policies and SQL-body functions on a changed column are not carried (their definitions are
 * code of the application's): the message gives the statements to put around the change by hand.
 */
function reportBindings(touched: readonly Touched[], bindings: readonly ColumnBinding[], unresolved: string[]): void {
  const seen = new Set<ColumnBinding>();
  for (const t of touched) {
    for (const b of bindings) {
      if (seen.has(b) || tableKey(b.table) !== tableKey(t.table) || !(b.column === null || t.column === null || sameName(b.column, t.column))) continue;
      // A table's own triggers and policies go with it.
      if (t.column === null && b.owner !== undefined && tableKey(b.owner) === tableKey(t.table)) continue;
      seen.add(b);
      const kind = b.kind === "function" ? "function" : b.kind;
      const what = `${kind.charAt(0).toUpperCase()}${kind.slice(1)} ${b.name}${b.owner ? ` on ${displayRef(b.owner)}` : ""} reads ${t.what}`;
      unresolved.push(
        t.carry
          ? `${what}: PostgreSQL refuses to change its type while the ${kind} exists; put op.execute(${JSON.stringify(b.drop)}) before the change and op.execute(${JSON.stringify(b.create)}) after it (and the same around the downgrade's)`
          : `${what}, which this revision drops: PostgreSQL refuses while the ${kind} exists; drop or change the ${kind} first: op.execute(${JSON.stringify(b.drop)})`,
      );
    }
  }
}

interface Renames {
  /** Keys (tableKey) of the tables renamed, by their old name. */
  readonly tables: Set<string>;
  /** Keys (columnKey) of the columns renamed, by their old table and column names. */
  readonly columns: Set<string>;
  /** The old name of a table by its new key. */
  readonly oldTable: Map<string, ops.TableRef>;
  /** The old name of a column by its new table key and new name. */
  readonly oldColumn: Map<string, string>;
}

function renamesOf(changes: readonly Change[]): Renames {
  const r: Renames = { tables: new Set(), columns: new Set(), oldTable: new Map(), oldColumn: new Map() };
  for (const { op } of changes) {
    if (op.kind !== "renameTable") continue;
    r.tables.add(tableKey(op.table));
    r.oldTable.set(tableKey({ ...op.table, name: op.newName }), op.table);
  }
  for (const { op } of changes) {
    if (op.kind !== "alterColumn" || op.newName === undefined) continue;
    const table = r.oldTable.get(tableKey(op.table)) ?? op.table;
    r.columns.add(columnKey(table, op.column));
    r.oldColumn.set(columnKey(op.table, op.newName), op.column);
  }
  return r;
}

/** What the changes do to columns that views may read, in the database's names (before the renames). */
function touchedColumns(changes: readonly Change[], from: DatabaseModel, renames: Renames): Touched[] {
  const live = (table: ops.TableRef, column: string | null) => {
    const t = renames.oldTable.get(tableKey(table)) ?? table;
    const c = column === null ? null : (renames.oldColumn.get(columnKey(table, column)) ?? column);
    return { table: t, column: c, what: `${displayRef(t)}${c === null ? "" : `.${c}`}` };
  };
  const added = new Set(changes.flatMap(({ op }) => (op.kind === "addColumn" ? [columnKey(op.table, op.column.name)] : [])));
  const out: Touched[] = [];
  for (const { op } of changes) {
    if (op.kind === "alterColumn" && (op.type !== undefined || op.collation !== undefined)) out.push({ ...live(op.table, op.column), carry: true });
    // A column dropped and added back (a generated column recomputed) is kept; one dropped for good is not.
    else if (op.kind === "dropColumn") out.push({ ...live(op.table, op.column), carry: added.has(columnKey(op.table, op.column)) });
    else if (op.kind === "dropTable") out.push({ ...live(op.table, null), carry: false });
    else if (op.kind === "recreateEnum") {
      // Every column of the type is converted (ALTER COLUMN ... TYPE).
      const isType = ofType(op);
      for (const t of from.tables) for (const c of t.columns) if (isType(c)) out.push({ table: t.table, column: c.name, carry: true, what: `${displayRef(t.table)}.${c.name}` });
    }
  }
  return out;
}

/** The views in the order they can be made: a view after the views it reads; ties by name. */
function creationOrder(views: ViewModel[], reads: (v: ViewModel, table: ops.TableRef, column: string | null) => boolean): ViewModel[] {
  const sorted = [...views].sort((a, b) => tableKey(refOf(a)).localeCompare(tableKey(refOf(b))));
  const out: ViewModel[] = [];
  const state = new Map<ViewModel, "visiting" | "done">();
  const visit = (v: ViewModel) => {
    if (state.has(v)) return;
    state.set(v, "visiting");
    for (const base of sorted) if (base !== v && reads(v, refOf(base), null)) visit(base);
    state.set(v, "done");
    out.push(v);
  };
  for (const v of sorted) visit(v);
  return out;
}

function refOf(v: ViewModel): ops.TableRef {
  return v.view.schema ? { name: v.view.name, schema: v.view.schema } : { name: v.view.name };
}

function columnKey(table: ops.TableRef, column: string): string {
  return `${tableKey(table)}.${column.toLowerCase()}`;
}

function displayRef(ref: ops.TableRef): string {
  return ref.schema ? `${ref.schema}.${ref.name}` : ref.name;
}

function viewName(v: ViewModel): string {
  return `${v.materialized ? "Materialized view" : "View"} "${displayRef(refOf(v))}"`;
}
