/**
 * What the server binds to the columns a revision changes, told before anything is written (PostgreSQL:
 * Capabilities.viewsBindColumns). PostgreSQL refuses ALTER COLUMN ... TYPE under a view that reads the
 * column ("cannot alter type of a column used by a view or rule"), and refuses to drop the column or its
 * table while one reads it; triggers (WHEN, UPDATE OF), row-level security policies and SQL-body functions
 * bind columns the same way.
 *
 * A type change goes around its views by itself when it runs (postgres/ddl.ts alterColumn drops and makes
 * them again from the database it runs on): here it only gets a warning naming them, or, where some of them
 * cannot be made again as they were, a difference `check` fails on. Everything else is a difference no op
 * is written for, with the statements to use: a drop under a view, a generated column recomputed or an
 * enum type recreated under one, and any trigger, policy or function on a changed column.
 */
import type { ViewsOver } from "../dialects/dialect.ts";
import type * as ops from "../operations/ops.ts";
import type { DatabaseModel } from "../schema/model.ts";
import { ofType } from "./around_recreate_enum.ts";
import type { Change } from "./change.ts";
import { tableKey } from "./keys_of.ts";

/** A column a change touches, named as the database has it now (before the revision's renames). */
export interface Touched {
  readonly table: ops.TableRef;
  /** null: the whole table (dropped). */
  readonly column: string | null;
  /** What the change does to it. */
  readonly change: "type" | "drop" | "recompute" | "enum";
  /** "users.email", for messages. */
  readonly what: string;
}

/** Whether a change may be one the server refuses under a view: only then are the bindings read. */
export function touchesColumns(changes: readonly Change[]): boolean {
  return changes.some(({ op }) => (op.kind === "alterColumn" && (op.type !== undefined || op.collation !== undefined)) || op.kind === "dropColumn" || op.kind === "dropTable" || op.kind === "recreateEnum");
}

/** The columns the changes touch, by their names in the database (`from`: the database as it is). */
export function touchedColumns(changes: readonly Change[], from: DatabaseModel): Touched[] {
  const oldTable = new Map<string, ops.TableRef>();
  const oldColumn = new Map<string, string>();
  for (const { op } of changes) if (op.kind === "renameTable") oldTable.set(tableKey({ ...op.table, name: op.newName }), op.table);
  for (const { op } of changes) if (op.kind === "alterColumn" && op.newName !== undefined) oldColumn.set(columnKey(op.table, op.newName), op.column);
  const live = (table: ops.TableRef, column: string | null) => {
    const t = oldTable.get(tableKey(table)) ?? table;
    const c = column === null ? null : (oldColumn.get(columnKey(table, column)) ?? column);
    return { table: t, column: c, what: `${displayRef(t)}${c === null ? "" : `.${c}`}` };
  };
  const added = new Set(changes.flatMap(({ op }) => (op.kind === "addColumn" ? [columnKey(op.table, op.column.name)] : [])));
  const out: Touched[] = [];
  for (const { op } of changes) {
    if (op.kind === "alterColumn" && (op.type !== undefined || op.collation !== undefined)) out.push({ ...live(op.table, op.column), change: "type" });
    else if (op.kind === "dropColumn") out.push({ ...live(op.table, op.column), change: added.has(columnKey(op.table, op.column)) ? "recompute" : "drop" });
    else if (op.kind === "dropTable") out.push({ ...live(op.table, null), change: "drop" });
    else if (op.kind === "recreateEnum") {
      const isType = ofType(op);
      for (const t of from.tables) for (const c of t.columns) if (isType(c)) out.push({ table: t.table, column: c.name, change: "enum", what: `${displayRef(t.table)}.${c.name}` });
    }
  }
  return out;
}

/** The messages for one touched column and what is bound to it: `unresolved` for `check` to fail on, `warnings` to read. */
export function reportBound(t: Touched, over: ViewsOver, unresolved: string[], warnings: string[]): void {
  const views = [...over.views.map((v) => `view ${displayRef(v)}`), ...over.blockers.map((b) => b.view)];
  if (views.length > 0) {
    // A type change (alterColumn, or recreateEnum converting the type's columns) goes around its views itself.
    const retyped = t.change === "type" || t.change === "enum";
    const how = t.change === "enum" ? "The enum type recreated under" : "The type change of";
    if (retyped && over.blockers.length === 0) {
      warnings.push(`${how} ${t.what} drops and makes again, as it runs, the views that read it (PostgreSQL refuses it under them): ${list(over.views.map((v) => displayRef(v)))}`);
    } else if (retyped) {
      unresolved.push(`${t.what} changes type under views migrator cannot make again as they were (${over.blockers.map((b) => `${b.view}: ${b.why}`).join("; ")}): drop them before the change and make them again after (op.execute)`);
    } else {
      const does = t.change === "drop" ? "drops" : "drops and adds back (a generated column recomputed)";
      unresolved.push(`${capital(list(views))} ${views.length > 1 ? "read" : "reads"} ${t.what}, which this revision ${does}: PostgreSQL refuses while ${views.length > 1 ? "they exist" : "it exists"}; drop ${views.length > 1 ? "them" : "it"} first and make ${views.length > 1 ? "them" : "it"} again after, if ${views.length > 1 ? "they still apply" : "it still applies"} (op.dropView / op.createView)`);
    }
  }
  for (const b of over.bindings) {
    // A table's own triggers and policies go with it.
    if (t.column === null && b.owner !== undefined && tableKey(b.owner) === tableKey(t.table)) continue;
    const what = `${capital(b.kind)} ${b.name}${b.owner ? ` on ${displayRef(b.owner)}` : ""} reads ${t.what}`;
    unresolved.push(
      t.change === "drop"
        ? `${what}, which this revision drops: PostgreSQL refuses while the ${b.kind} exists; drop or change the ${b.kind} first: op.execute(${JSON.stringify(b.drop)})`
        : `${what}: PostgreSQL refuses to change its type while the ${b.kind} exists; put op.execute(${JSON.stringify(b.drop)}) before the change and op.execute(${JSON.stringify(b.create)}) after it (and the same around the downgrade's)`,
    );
  }
}

function columnKey(table: ops.TableRef, column: string): string {
  return `${tableKey(table)}.${column.toLowerCase()}`;
}

function displayRef(ref: { readonly name: string; readonly schema?: string }): string {
  return ref.schema ? `${ref.schema}.${ref.name}` : ref.name;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
