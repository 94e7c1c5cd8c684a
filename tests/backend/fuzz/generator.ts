/**
 * The random walk's schema side, without a database: each step clears the last step's rename hints,
 * applies one to three edits drawn by weight (tables are added while there are few, dropped more often
 * when there are many, so the schema stays a handful of tables), then, every other step or so, one of
 * the edits added later (edits_extra.ts, edits_generated.ts) drawn from a stream of its own, and repairs what they left
 * invalid. The same seed, dialect and capabilities give the same steps, so a failure replays; the second
 * stream leaves the first one's draws as they were, so a seed chosen before it walks as before until an
 * extra edit changes the schema under it.
 */
import type { Capabilities } from "../../../src/dialects/dialect.ts";
import { EDITS, type Edit, type EditContext } from "./edits.ts";
import { EXTRA_EDITS } from "./edits_extra.ts";
import { GENERATED_EDITS } from "./edits_generated.ts";
import { POSTGRES_EDITS } from "./edits_postgres.ts";
import { Rng } from "./random.ts";
import { repair } from "./repair.ts";
import { clearHints, emptySchema, type FuzzSchema } from "./state.ts";
import { typePools, type TypePools } from "./types.ts";

export class SchemaGenerator {
  readonly schema: FuzzSchema = emptySchema();
  readonly #rng: Rng;
  /** The extra edits' own stream. */
  readonly #extraRng: Rng;
  readonly #types: TypePools;
  readonly #edits: readonly Edit[];
  readonly #extraEdits: readonly Edit[];
  readonly #can: Capabilities;
  readonly #dialect: string;

  constructor(dialect: string, can: Capabilities, seed: number) {
    this.#rng = new Rng(seed);
    this.#extraRng = new Rng(seed ^ 0x5bd1e995);
    this.#types = typePools(dialect);
    this.#can = can;
    this.#dialect = dialect;
    // PostgreSQL's own edits are added there only: the other databases' walks stay as their seeds know them.
    this.#edits = [...EDITS, ...(dialect === "postgres" ? POSTGRES_EDITS : [])].filter((e) => e.needs === undefined || can[e.needs]);
    this.#extraEdits = [...EXTRA_EDITS, ...GENERATED_EDITS].filter((e) => (e.needs === undefined || can[e.needs]) && !e.notOn?.includes(dialect));
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
    repair(s, this.#types, this.#dialect);
    return done;
  }

  #draw(rng: Rng, edits: readonly Edit[]): Edit {
    const n = this.schema.tables.length;
    const weight = (e: Edit) => (e.name === "add table" ? (n < 3 ? 12 : n < 6 ? 3 : 1) : e.name === "drop table" && n > 5 ? 4 : e.weight);
    let r = rng.next() * edits.reduce((sum, e) => sum + weight(e), 0);
    for (const e of edits) if ((r -= weight(e)) < 0) return e;
    return edits.at(-1)!;
  }
}
