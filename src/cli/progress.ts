/**
 * Progress on stderr: one line per revision with its duration, what a run waits for, and a summary.
 * Silent with --json or -q; colours only when stderr is a terminal and NO_COLOR is unset.
 */
import type { CommandOptions } from "../commands/options.ts";
import { stepLine, type StepResult } from "../runtime/step.ts";
import { oneLine } from "../errors.ts";
import type { Io } from "./io.ts";

export interface Progress {
  /** The hooks a command takes (onStep, onStepDone, onWait). */
  readonly hooks: Pick<CommandOptions, "onStep" | "onStepDone" | "onWait">;
  /** A line for the user (e.g. "Nothing to do"), unless quiet. */
  note(text: string): void;
  /** "Applied 2 revisions in 0.03 s". */
  summary(steps: readonly StepResult[], ms: number): void;
  /** Ends a revision's line left open by a failure, so that the error starts on its own line. */
  close(): void;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function progress(io: Io, quiet: boolean): Progress {
  // Quiet (--sql, --json, -q): no line is built either, per revision.
  if (quiet) return { hooks: {}, note: () => {}, summary: () => {}, close: () => {} };
  let open = false;
  const paint = (code: string, text: string) => (io.colors ? `\x1b[${code}m${text}\x1b[0m` : text);
  const write = io.stderr;
  const close = () => {
    if (open) write("\n");
    open = false;
  };
  return {
    hooks: {
      onStep: (step) => {
        close();
        write(`${stepLine(step)} ...`);
        open = true;
      },
      onStepDone: (step) => {
        write(` ${paint("2", seconds(step.durationMs ?? 0))}\n`);
        open = false;
      },
      onWait: (event) => {
        close();
        if (event.kind === "lock") write(`${paint("33", "waiting for the migration lock held by another process")}\n`);
        else if (event.kind === "table-lock") {
          const deadline = event.timeoutMs > 0 ? `gives up after at most ${seconds(event.timeoutMs)}: table_lock_timeout` : "no deadline: table_lock_timeout = 0";
          write(`${paint("33", "waiting for a lock that another session holds")}${event.who} (${deadline})\n`);
        }
        else write(`${paint("33", "waiting for the database")} (last error: ${oneLine(event.lastError, 200)})\n`);
      },
    },
    note: (text) => {
      close();
      write(`${text}\n`);
    },
    summary: (steps, ms) => {
      close();
      const verb = steps.every((s) => s.direction === "downgrade") ? "Reverted" : "Applied";
      write(`${paint("32", `${verb} ${steps.length} revision${steps.length === 1 ? "" : "s"}`)} in ${seconds(ms)}\n`);
    },
    close,
  };
}
