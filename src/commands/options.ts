import type { StopSignal } from "../runtime/interruptible.ts";
import type { Config } from "../config/types.ts";
import type { StepResult } from "../runtime/step.ts";
import type { WaitEvent } from "../runtime/session.ts";

/** What every command receives. */
export interface CommandOptions {
  readonly config: Config;
  /** `-x key=value` arguments, visible to migrations as op.context.x. */
  readonly x?: Readonly<Record<string, string>>;
  /** Progress: called before each migration runs. */
  readonly onStep?: ((step: StepResult) => void) | undefined;
  /** Progress: called after each migration, with how long it took. */
  readonly onStepDone?: ((step: StepResult) => void) | undefined;
  /** Progress: `--wait` still waiting for the database (every few seconds), or another process holding the lock. */
  readonly onWait?: ((event: WaitEvent) => void) | undefined;
  /**
   * Stops a run (upgrade, downgrade) between two statements, or cuts off the one in flight; the run's
   * open transaction is rolled back and the command fails with InterruptedError. The CLI aborts it on
   * SIGINT and SIGTERM, with the signal's name as the reason.
   */
  readonly signal?: StopSignal | undefined;
}

