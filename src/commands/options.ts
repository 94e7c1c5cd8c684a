import type { Config } from "../config/types.ts";
import type { StepResult } from "../runtime/step.ts";

/** What every command receives. */
export interface CommandOptions {
  readonly config: Config;
  /** `-x key=value` arguments, visible to migrations as op.context.x. */
  readonly x?: Readonly<Record<string, string>>;
  /** Progress: called before each migration runs. */
  readonly onStep?: ((step: StepResult) => void) | undefined;
}
