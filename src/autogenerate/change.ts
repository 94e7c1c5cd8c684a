import type { Op } from "../operations/ops.ts";

/**
 * When a change runs relative to the others. Ordering is by these steps and then by the foreign keys
 * between tables (see order.ts): what others depend on is created first and dropped last.
 * Tables and columns are renamed first: every later op (and the `existing` it keeps for the downgrade)
 * names them by their new names, and the downgrade, reversed, renames them back last.
 * An enum type is recreated (recreateType) once the renames are done and the old keys are gone, before
 * anything is created or added that may use its new values (see around_recreate_enum.ts).
 * A generated column dropped and added again (regenerate.ts) is dropped once its indexes and keys are gone
 * and added once the columns it reads are added and changed, before its indexes and keys come back; so is
 * a generated column that is only added or only dropped (servers refuse one that names a column not there:
 * "Unknown column in GENERATED ALWAYS AS"), and the downgrade, reversed, keeps that order.
 * A view dropped or changed (dropped and made again) is dropped before anything else and made after
 * everything but the drops of tables and types: what it reads is then as the schema declares it.
 */
export const STEP = {
  createSchema: 0,
  dropView: 1,
  createType: 2,
  renameTable: 3,
  renameColumn: 4,
  dropForeignKey: 5,
  dropConstraint: 6,
  dropGenerated: 7,
  recreateType: 8,
  createTable: 9,
  addColumn: 10,
  alterColumn: 11,
  addGenerated: 12,
  dropColumn: 13,
  createConstraint: 14,
  createForeignKey: 15,
  createView: 16,
  dropTable: 17,
  dropType: 18,
} as const;

/** How a change treats data: additive ones cannot lose any, destructive ones drop it, data-dependent ones may fail on it. */
export type Safety = "additive" | "destructive" | "data-dependent";

export interface Change {
  readonly op: Op;
  readonly step: number;
  /** Stable tie-break within a step: the table key and the object's name. */
  readonly key: string;
  readonly safety: Safety;
  /** Why the change is not additive, or what to review ("drops column users.bio"). */
  readonly note?: string;
}

/** A drop and an add that may be one rename: the CLI asks on a terminal, and a hint settles it. */
export interface RenameCandidate {
  readonly kind: "table" | "column";
  /** The table (its new name, for a column). */
  readonly table: string;
  readonly from: string;
  readonly to: string;
}

export interface Comparison {
  readonly changes: readonly Change[];
  /** Things the comparison did not turn into ops, or guessed: written as comments and printed by `check`. */
  readonly warnings: readonly string[];
  /** Differences no op is written for (a changed sequence, an unnamed key MySQL cannot keep): `check` still fails on them. */
  readonly unresolved: readonly string[];
  readonly candidates: readonly RenameCandidate[];
}
