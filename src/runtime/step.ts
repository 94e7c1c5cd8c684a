/** A migration step as commands report it, and its progress line. */

/** One migration as it was run (or printed). */
export interface StepResult {
  readonly revision: string;
  readonly direction: "upgrade" | "downgrade";
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly message: string;
  /** How long the migration took, with its version-table update (online and offline), once it has run. */
  readonly durationMs?: number;
  /** A revision resumed after an earlier run died inside it: the first statement run (those before it completed then). */
  readonly resumedAt?: number;
}

/** "Running upgrade a, b -> c, message" */
export function stepLine(s: StepResult): string {
  const resumed = s.resumedAt ? ` (resumed at statement ${s.resumedAt}: those before it completed in an earlier run)` : "";
  return `Running ${s.direction} ${s.from.join(", ")} -> ${s.to.join(", ")}${s.message ? `, ${s.message}` : ""}${resumed}`;
}

