import { OperationArgumentError } from "../errors.ts";
import type { ConstraintType } from "./ops.ts";

/** The spellings dropConstraint's `type` accepts: migrator's, and Alembic's ("foreignkey"). */
export type ConstraintTypeName = ConstraintType | "foreignkey";

const SPELLINGS: Readonly<Record<string, ConstraintType>> = {
  primary: "primary",
  foreign: "foreign",
  foreignkey: "foreign",
  unique: "unique",
  check: "check",
};

/**
 * A constraint type as dropConstraint was given it, in migrator's spelling; undefined stays undefined.
 * Anything else is an OperationArgumentError naming the accepted spellings (`call` says which call was wrong).
 */
export function constraintType(type: unknown, call: string): ConstraintType | undefined {
  if (type === undefined) return undefined;
  const known = typeof type === "string" ? SPELLINGS[type] : undefined;
  if (known) return known;
  throw new OperationArgumentError(
    `${call}: unknown constraint type ${JSON.stringify(type)}; use one of ${Object.keys(SPELLINGS).map((s) => `"${s}"`).join(", ")}`,
  );
}
