/**
 * The random walk's schema side, without a database: each step clears the last step's rename hints,
 * applies one to three edits drawn by weight (tables are added while there are few, dropped more often
 * when there are many, so the schema stays a handful of tables), then, every other step or so, one of
 * the edits added later (edits_extra.ts, edits_generated.ts) drawn from a stream of its own, and repairs what they left
 * invalid; and about every other step, one view edit (edits_views.ts) from a third stream. The same seed,
 * dialect and capabilities give the same steps, so a failure replays; each later stream leaves the earlier
 * ones' draws as they were, so a seed chosen before it walks as before until one of its edits changes the
 * schema under it (a view edit never changes a table, and views are named from a counter of their own).
 * On PostgreSQL, about one step in three also edits a sequence (edits_sequences.ts), from a fourth stream.
 */
import type { Capabilities } from "../../../src/dialects/dialect.ts";
import { EDITS, type Edit, type EditContext } from "./edits.ts";
import { EXTRA_EDITS } from "./edits_extra.ts";
import { GENERATED_EDITS } from "./edits_generated.ts";
import { viewEdits } from "./edits_views.ts";
import { POSTGRES_EDITS } from "./edits_postgres.ts";
import { SEQUENCE_EDITS } from "./edits_sequences.ts";
import { Rng } from "./random.ts";
import { repair } from "./repair.ts";
import { clearHints, emptySchema, type FuzzSchema } from "./state.ts";
import { typePools, type TypePools } from "./types.ts";

export class SchemaGenerator {
  readonly schema: FuzzSchema = emptySchema();
  readonly #rng: Rng;
  /** The extra edits' own stream. */
  readonly #extraRng: Rng;
  /** The view edits' own stream. */
  readonly #viewRng: Rng;
  /** The sequence edits' own stream. */
  readonly #sequenceRng: Rng;
  readonly #types: TypePools;
  readonly #edits: readonly Edit[];
  readonly #extraEdits: readonly Edit[];
  readonly #viewEdits: readonly Edit[];
  readonly #can: Capabilities;
  readonly #dialect: string;

  constructor(dialect: string, can: Capabilities, seed: number) {
    this.#rng = new Rng(seed);
    this.#extraRng = new Rng(seed ^ 0x5bd1e995);
    this.#viewRng = new Rng(seed ^ 0x27d4eb2f);
    this.#sequenceRng = new Rng(seed ^ 0x165667b1);
    this.#types = typePools(dialect);
    this.#can = can;
    this.#dialect = dialect;
    // PostgreSQL's own edits are added there only: the other databases' walks stay as their seeds know them.
    this.#edits = [...EDITS, ...(dialect === "postgres" ? POSTGRES_EDITS : [])].filter((e) => e.needs === undefined || can[e.needs]);
    this.#extraEdits = [...EXTRA_EDITS, ...GENERATED_EDITS].filter((e) => (e.needs === undefined || can[e.needs]) && !e.notOn?.includes(dialect));
    this.#viewEdits = viewEdits(dialect);
  }

  /** Edits the schema one step further; returns what was done, one line per edit. */
  step(): string[] {
    const s = this.schema;
    clearHints(s);
    const ctx: EditContext = { s, rng: this.#rng, types: this.#types, can: this.#can, born: new Set() };
    const done: string[] = [];
    const wanted = this.#rng.int(1, 3);
    for (let tries = 0; done.length < wanted && tries < 30; tries++) {
      const did = this.#draw(this.#rng, this.#edits).apply(ctx);
      if (did !== undefined) done.push(did);
    }
    if (this.#extraRng.chance(0.6)) {
      const extra: EditContext = { ...ctx, rng: this.#extraRng };
      for (let tries = 0; tries < 10; tries++) {
        const did = this.#draw(this.#extraRng, this.#extraEdits).apply(extra);
        if (did !== undefined) {
          done.push(did);
          break;
        }
      }
    }
    // Last, so that a view is drawn over the step's tables (those dropped are mended away by repair).
    if (this.#viewRng.chance(0.5)) this.#once(this.#viewRng, this.#viewEdits, { ...ctx, rng: this.#viewRng }, done);
    if (this.#can.sequences && this.#sequenceRng.chance(0.35)) this.#once(this.#sequenceRng, SEQUENCE_EDITS, { ...ctx, rng: this.#sequenceRng }, done);
    repair(s, this.#types, this.#dialect);
    return done;
  }

  /** One edit of `edits` that finds something to do, in up to 10 draws; added to `done`. */
  #once(rng: Rng, edits: readonly Edit[], ctx: EditContext, done: string[]): void {
    for (let tries = 0; tries < 10; tries++) {
      const did = this.#draw(rng, edits).apply(ctx);
      if (did !== undefined) {
        done.push(did);
        return;
      }
    }
  }

  #draw(rng: Rng, edits: readonly Edit[]): Edit {
    const n = this.schema.tables.length;
    const weight = (e: Edit) => (e.name === "add table" ? (n < 3 ? 12 : n < 6 ? 3 : 1) : e.name === "drop table" && n > 5 ? 4 : e.weight);
    let r = rng.next() * edits.reduce((sum, e) => sum + weight(e), 0);
    for (const e of edits) if ((r -= weight(e)) < 0) return e;
    return edits.at(-1)!;
  }
}
