/**
 * The text of revision files as the header scan read them (directory.ts), kept for the run that imports
 * them next (upgrade, downgrade): Bun's loader is handed the same text (load.ts) and a `.sql` revision is
 * parsed from it, so each file is read once, not twice, and the code that runs is the text whose header
 * was read. Each text is given once: a module is imported once. (Under Deno, which imports by itself, the
 * texts of `.ts` revisions stay until the run ends.)
 */
import { dirname } from "node:path";

const kept = new Map<string, string>();

export function keepSource(path: string, text: string): void {
  kept.set(path, text);
}

/** The text kept for `path`, once; undefined when none was kept (or it was taken already). */
export function takeSource(path: string): string | undefined {
  const text = kept.get(path);
  if (text !== undefined) kept.delete(path);
  return text;
}

/** The folders holding files whose text is kept. */
export function keptFolders(): string[] {
  return [...new Set([...kept.keys()].map((path) => dirname(path)))];
}
