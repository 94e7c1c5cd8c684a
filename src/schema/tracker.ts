import type { CompileContext } from "../dialects/dialect.ts";
import type { Op } from "../operations/ops.ts";
import { applyOp, findTableKey, tableKey, type SchemaState } from "./apply.ts";
import { applyEnumOp, isEnumOp, type EnumState } from "./apply_enum.ts";
import type { DatabaseModel, TableModel } from "./model.ts";
import { normalizeModel } from "./normalize.ts";

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
  /** Ops recorded since the state was last brought up to date, in order. */
  #pending: Op[] = [];

  constructor(tables: Iterable<TableModel> = []) {
    for (const t of tables) this.#state.set(tableKey(t.table), t);
  }

  async table(ref: { readonly name: string; readonly schema?: string }): Promise<TableModel | undefined> {
    return this.get(ref);
  }

  /** The same as table(), synchronously. */
  get(ref: { readonly name: string; readonly schema?: string }): TableModel | undefined {
    this.#catchUp();
    const key = findTableKey(this.#state, ref);
    return key === undefined ? undefined : this.#state.get(key);
  }

  record(op: Op): void {
    this.#pending.push(op);
  }

  /** Apply the ops recorded since the last question. */
  #catchUp(): void {
    if (this.#pending.length === 0) return;
    const pending = this.#pending;
    this.#pending = [];
    for (const op of pending) {
      if (isEnumOp(op)) applyEnumOp(this.#enums, op);
      else applyOp(this.#state, op);
    }
  }

  /** The tracked tables (and enum types) as a database model (op.inspect() offline), in the normal form. */
  async model(): Promise<DatabaseModel> {
    this.#catchUp();
    return normalizeModel({ schemas: [], tables: this.tables(), enums: [...this.#enums.values()], sequences: [] });
  }

  /** Every tracked table, in the order they were created. */
  tables(): TableModel[] {
    this.#catchUp();
    return [...this.#state.values()];
  }
}
