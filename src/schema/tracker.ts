import type { BoundColumn, CompileContext, Dialect, ViewsOver } from "../dialects/dialect.ts";
import { ScriptError } from "../errors.ts";
import type { CreateViewOp, Op } from "../operations/ops.ts";
import { applyOp, findTableKey, tableKey, type SchemaState } from "./apply.ts";
import { applyEnumOp, isEnumOp, type EnumState } from "./apply_enum.ts";
import type { DatabaseModel, TableModel } from "./model.ts";
import { normalizeModel } from "./normalize.ts";
import { staleViews, trackedViewsOver } from "./tracked_views_over.ts";
import { viewOf } from "./view_of.ts";
import { keepWrittenCountingTypes } from "./written_type.ts";

/**
 * What a tracker asks its dialect: how it writes a column's type, what its server does by itself beside an
 * op, and whether its primary keys have names.
 */
export type TrackerDialect = Pick<Dialect, "columnType" | "followTrackedTable"> & { readonly capabilities?: { readonly primaryKeyNames: boolean } };

/** Tables before an op, for the dialect to follow: `only` that one, or all of them. */
interface Snapshot {
  readonly tables: ReadonlyMap<string, TableModel>;
  readonly only?: string;
}

/**
 * The CompileContext of an offline run: answers `table(ref)` from the tables the ops of this run (and of
 * the revisions replayed before it) have built, and follows each op the op sink records. Tables made by
 * raw SQL (op.execute) are not known to it.
 *
 * The ops are applied when a table is asked for, not as they are recorded: an offline script of thousands
 * of ops asks for a table only now and then (a SQLite rebuild, a constraint dropped by structure), often
 * never, and the models built for ops nobody asks about were most of the script's garbage.
 */
export class SchemaTracker implements CompileContext {
  readonly #state: SchemaState = new Map();
  /** Enum types created by the ops, with the values added or recreated since (recreateEnum needs their schema offline). */
  readonly #enums: EnumState = new Map();
  /** The createView ops of the views made (op.inspect() offline lists them), to make them again around a type change. */
  readonly #views = new Map<string, CreateViewOp>();
  /** Those whose text may no longer be theirs (tracked_views_over.ts): listed, never made again. */
  readonly #staleViews = new Set<string>();
  /** Ops recorded since the state was last brought up to date, in order. */
  #pending: Op[] = [];
  /**
   * Why the tracked tables may be wrong (distrust()): a revision replayed before the script could not run to
   * its end, so what it did is not known. Unset while everything recorded is known.
   */
  #doubt: string | undefined;
  /** Since the doubt: names (lower case) an op created, dropped or renamed, whose state the ops alone now tell. */
  readonly #decided = new Set<string>();

  /**
   * The dialect: counting columns keep the type it writes for them (see written_type.ts), and it follows
   * each table an op changes (Dialect.followTrackedTable).
   */
  readonly #dialect: TrackerDialect | undefined;

  constructor(tables: Iterable<TableModel> = [], dialect?: TrackerDialect) {
    for (const t of tables) this.#state.set(tableKey(t.table), t);
    this.#dialect = dialect;
  }

  async table(ref: { readonly name: string; readonly schema?: string }): Promise<TableModel | undefined> {
    return this.get(ref);
  }

  /**
   * The same as table(), synchronously. After distrust(), a table no later op created (or dropped) anew is
   * not known (undefined, as one made by raw SQL): a guess would write a wrong script (a SQLite rebuild that
   * drops the columns missed); what needs its definition refuses, quoting unknownReason().
   */
  get(ref: { readonly name: string; readonly schema?: string }): TableModel | undefined {
    this.#catchUp();
    const key = findTableKey(this.#state, ref);
    if (this.#doubted(key ?? tableKey(ref))) return undefined;
    return key === undefined ? undefined : this.#state.get(key);
  }

  /** Why a table is not known here, when it is for a reason beyond "no op made it" (a revision that could not be replayed). */
  unknownReason(ref: { readonly name: string; readonly schema?: string }): string | undefined {
    this.#catchUp();
    const key = findTableKey(this.#state, ref) ?? tableKey(ref);
    return this.#doubted(key) ? `${this.#doubt}; run this range online (without --sql), or let that revision skip what needs a database when op.context.offline is true` : undefined;
  }

  #doubted(key: string): boolean {
    return this.#doubt !== undefined && !this.#decided.has(key.toLowerCase());
  }

  /** The views the ops made over these columns (tracked_views_over.ts), for a type change to go around offline. */
  async viewsOver(columns: readonly BoundColumn[]): Promise<ViewsOver> {
    this.#catchUp();
    return trackedViewsOver([...this.#views].filter(([key]) => !this.#staleViews.has(key)).map(([, op]) => op), columns);
  }

  record(op: Op): void {
    this.#pending.push(op);
  }

  /**
   * What was recorded so far may be incomplete (`reason`: which revision stopped, and why): from now on a
   * table is answered only if a later op created or dropped it; any other one is not known.
   */
  distrust(reason: string): void {
    this.#catchUp();
    this.#doubt ??= reason;
  }

  /** Apply the ops recorded since the last question. */
  #catchUp(): void {
    if (this.#pending.length === 0) return;
    const pending = this.#pending;
    this.#pending = [];
    for (const op of pending) {
      if (this.#views.size > 0) for (const key of staleViews(this.#views, op)) this.#staleViews.add(key);
      if (isEnumOp(op)) applyEnumOp(this.#enums, op);
      else if (op.kind === "createView" || op.kind === "dropView") {
        this.#staleViews.delete(tableKey(op));
        if (op.kind === "createView") this.#views.set(tableKey(op), op);
        else this.#views.delete(tableKey(op));
      } else {
        if (this.#doubt !== undefined) this.#decide(op);
        const follow = this.#dialect?.followTrackedTable;
        // An op on no table (raw SQL, a schema) changes none the tracker knows.
        const before = follow && "table" in op ? this.#snapshot(op) : undefined;
        applyOp(this.#state, this.#dialect?.capabilities?.primaryKeyNames === false ? withoutPrimaryKeyName(op) : op);
        const dialect = this.#dialect;
        if (dialect) keepWrittenCountingTypes(this.#state, op, (type, column) => dialect.columnType(type, column));
        if (follow && before) this.#follow(before, op, follow);
      }
    }
  }

  /**
   * The tables an op may change, as they are before it: its own (`only`; a table it creates: not there
   * yet), or every one for an op whose renames carry into other tables' keys (and a DROP INDEX without its
   * table).
   */
  #snapshot(op: Op): Snapshot {
    const own = op.kind === "renameTable" || op.kind === "alterColumn" || op.kind === "batchAlterTable" || !("table" in op) ? undefined : op.table;
    if (!own) return { tables: new Map(this.#state) };
    const only = findTableKey(this.#state, own) ?? tableKey(own);
    const model = this.#state.get(only);
    return { tables: new Map(model ? [[only, model]] : []), only };
  }

  /** Each table the op changed (a table it renamed: under its new name), told to the dialect. */
  #follow(before: Snapshot, op: Op, follow: NonNullable<TrackerDialect["followTrackedTable"]>): void {
    const renamed = op.kind === "renameTable" ? findTableKey(before.tables, op.table) : undefined;
    for (const key of before.only !== undefined ? [before.only] : this.#state.keys()) {
      const model = this.#state.get(key);
      const was = before.tables.get(key) ?? (renamed !== undefined ? before.tables.get(renamed) : undefined);
      if (model && model !== was) follow.call(this.#dialect, was, model, op);
    }
  }

  /** After the doubt: an op that tells a table's whole state (made anew, gone, or renamed onto a name) decides its name. */
  #decide(op: Op): void {
    if ((op.kind === "createTable" && !op.ifNotExists) || op.kind === "dropTable") this.#decided.add(tableKey(op.table).toLowerCase());
    else if (op.kind === "renameTable") {
      const from = tableKey(op.table).toLowerCase();
      const to = tableKey(op.table.schema ? { name: op.newName, schema: op.table.schema } : { name: op.newName }).toLowerCase();
      // The renamed table is as known as it was; the old name is now free (known to be absent).
      if (this.#decided.has(from)) this.#decided.add(to);
      else this.#decided.delete(to);
      this.#decided.add(from);
    }
  }

  /** The tracked tables (and enum types, and views) as a database model (op.inspect() offline), in the normal form. */
  async model(): Promise<DatabaseModel> {
    this.#catchUp();
    if (this.#doubt !== undefined) {
      throw new ScriptError(`The schema is not known at this point of the offline script (op.inspect()): ${this.#doubt}. Run this range online (without --sql)`);
    }
    return normalizeModel({ schemas: [], tables: this.tables(), enums: [...this.#enums.values()], sequences: [], views: [...this.#views.values()].map(viewOf) });
  }

  /** Every tracked table, in the order they were created. */
  tables(): TableModel[] {
    this.#catchUp();
    return [...this.#state.values()];
  }
}

/**
 * Where primary keys have no names (MySQL's are all PRIMARY), a drop of the primary key drops it whatever
 * name the op gives: a downgrade names the key its upgrade made (pk_t), where the table's key came from
 * another revision (t_pkey); followed by name, the tracker kept a key the server dropped, and an index the
 * script added beside it went unseen (fuzzer, MariaDB seed 8104: a later ADD INDEX of the same name failed).
 */
function withoutPrimaryKeyName(op: Op): Op {
  if (op.kind === "dropConstraint" && op.type === "primary" && op.name !== undefined) {
    const { name: _, ...rest } = op;
    return rest;
  }
  if (op.kind === "batchAlterTable") return { ...op, ops: op.ops.map((inner) => withoutPrimaryKeyName(inner as Op) as typeof inner) };
  return op;
}
