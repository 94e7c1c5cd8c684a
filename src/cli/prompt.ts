/**
 * The terminal's answer to "was this a rename?": only when both stdin and stderr are terminals, so CI
 * and scripts never block on a question (they get the hints they pass, and a warning).
 */
import type { RenameCandidate } from "../autogenerate/change.ts";
import { MigratorError } from "../errors.ts";

/** Ctrl+C or Ctrl+D at a question: nothing was written; the shell's code for an interrupt. */
class PromptInterrupted extends MigratorError {
  override readonly exitCode: number = 130;
}

export function askRename(): ((candidate: RenameCandidate) => Promise<boolean>) | undefined {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return async (c) => {
    const what = c.kind === "table" ? `table "${c.from}"` : `column "${c.table}.${c.from}"`;
    const { createInterface } = await import("node:readline/promises");
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(`Was ${what} renamed to "${c.to}"? [y/N] (no: drop it and add "${c.to}") `);
      return /^y(es)?$/i.test(answer.trim());
    } catch (error) {
      throw new PromptInterrupted("Interrupted at the rename question: nothing was written", { cause: error });
    } finally {
      rl.close();
    }
  };
}
