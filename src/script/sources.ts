/**
 * The text of revision files as the header scan read them (directory.ts), kept for the run that imports
 * them next (upgrade, downgrade): Bun's loader is handed the same text (load.ts) and a `.sql` revision is
 * parsed from it, so each file is read once, not twice, and the code that runs is the text whose header
 * was read. Each text is given once: a module is imported once. (Under Deno, which imports by itself, the
 * texts of `.ts` revisions stay until the run ends.)
 */
import { realpathSync } from "node:fs";
import { dirname, sep } from "node:path";
import { REVISION_MODULE_NAME } from "./file_name.ts";

const kept = new Map<string, string>();
/** The real path of a folder holding kept texts → the path the scan used, where they differ (a symbolic link). */
const aliases = new Map<string, string>();

export function keepSource(path: string, text: string): void {
  kept.set(path, text);
}

/** Drop every kept text: at the start of a scan that keeps them, and when the run that imports them ends. */
export function forgetSources(): void {
  kept.clear();
}

/**
 * The text kept for `path` (as the scan spelled it, or by its folder's real path, as Bun's loader names it),
 * once; undefined when none was kept (or it was taken already).
 */
export function takeSource(path: string): string | undefined {
  let key = path;
  let text = kept.get(key);
  if (text === undefined && aliases.size > 0) {
    const folder = aliases.get(dirname(path));
    if (folder !== undefined) text = kept.get((key = folder + path.slice(dirname(path).length)));
  }
  if (text !== undefined) kept.delete(key);
  return text;
}

/**
 * What Bun's loader may take from here: the revision modules (file_name.ts) directly in a folder holding
 * kept texts, by the scan's spelling of the folder and by its real one. Files the scan did not read (helpers
 * named "_...", which may be CommonJS) are left to Bun. Undefined when nothing is kept.
 */
export function keptModulesFilter(): RegExp | undefined {
  const spellings = new Set<string>();
  for (const path of kept.keys()) {
    const folder = dirname(path);
    if (spellings.has(folder)) continue;
    spellings.add(folder);
    let real: string;
    try {
      real = realpathSync(folder);
    } catch {
      continue;
    }
    if (real !== folder) {
      aliases.set(real, folder);
      spellings.add(real);
    }
  }
  if (spellings.size === 0) return undefined;
  const escaped = [...spellings].map((folder) => folder.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&"));
  return new RegExp(`^(?:${escaped.join("|")})${sep === "\\" ? "[\\\\/]" : "/"}${REVISION_MODULE_NAME}$`);
}
