/**
 * The random walk's schema side, without a database: each step clears the last step's rename hints,
 * applies one to three edits drawn by weight (tables are added while there are few, dropped more often
 * when there are many, so the schema stays a handful of tables), and repairs what they left invalid.
 * The same seed, dialect and capabilities give the same steps, so a failure replays.
 */
import type { Capabilities } from "../../../src/dialects/dialect.ts";
import { EDITS, type Edit, type EditContext } from "./edits.ts";
import { POSTGRES_EDITS } from "./edits_postgres.ts";
import { Rng } from "./random.ts";
import { repair } from "./repair.ts";
import { clearHints, emptySchema, type FuzzSchema } from "./state.ts";
import { typePools, type TypePools } from "./types.ts";

export class SchemaGenerator {
  readonly schema: FuzzSchema = emptySchema();
  readonly #rng: Rng;
  readonly #types: TypePools;
  readonly #edits: readonly Edit[];
  readonly #can: Capabilities;

  constructor(dialect: string, can: Capabilities, seed: number) {
    this.#rng = new Rng(seed);
    this.#types = typePools(dialect);
    this.#can = can;
    // PostgreSQL's own edits are added there only: the other databases' walks stay as their seeds know them.
    this.#edits = [...EDITS, ...(dialect === "postgres" ? POSTGRES_EDITS : [])].filter((e) => e.needs === undefined || can[e.needs]);
  }

  /** Edits the schema one step further; returns what was done, one line per edit. */
  step(): string[] {
    const s = this.schema;
    clearHints(s);
    const ctx: EditContext = { s, rng: this.#rng, types: this.#types, can: this.#can, born: new Set() };
    const done: string[] = [];
    const wanted = this.#rng.int(1, 3);
    for (let tries = 0; done.length < wanted && tries < 30; tries++) {
      const did = this.#draw().apply(ctx);
      if (did !== undefined) done.push(did);
    }
    repair(s, this.#types);
    return done;
  }

  #draw(): Edit {
    const n = this.schema.tables.length;
    const weight = (e: Edit) => (e.name === "add table" ? (n < 3 ? 12 : n < 6 ? 3 : 1) : e.name === "drop table" && n > 5 ? 4 : e.weight);
    let r = this.#rng.next() * this.#edits.reduce((sum, e) => sum + weight(e), 0);
    for (const e of this.#edits) if ((r -= weight(e)) < 0) return e;
    return this.#edits.at(-1)!;
  }
}
