import type { BranchPoint } from "../commands/branches.ts";
import type { CurrentResult } from "../commands/current.ts";
import type { HistoryResult } from "../commands/history.ts";
import { formatLine, formatShort, formatVerbose, type RevisionInfo } from "../commands/info.ts";

export function json(value: unknown): string {
  // A sequence's bound beyond 2^53 is a bigint: written as its decimal digits, in a string.
  return `${JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;
}

export function headList(heads: readonly string[]): string {
  return heads.length === 0 ? "base" : heads.map((h) => `"${h}"`).join(", ");
}

/** `heads`, `show`: "ae10 (head)" lines, or verbose blocks. */
export function revisions(infos: readonly RevisionInfo[], verbose: boolean): string {
  if (verbose) return infos.map((i) => formatVerbose(i)).join("\n") + (infos.length ? "\n" : "");
  return infos.map((i) => `${formatShort(i)}\n`).join("");
}

export function current(result: CurrentResult, verbose: boolean): string {
  return result.heads
    .map((id, n) => {
      const info = result.revisions[n];
      if (!info) return `${id} (not in this project's revisions)\n`;
      if (verbose) return formatVerbose(info, new Set([id])) + "\n";
      return `${formatShort(info)}\n`;
    })
    .join("");
}

/** Alembic's form: the branch point, then "   -> child" for each revision it branches into. */
export function branches(points: readonly BranchPoint[], verbose: boolean): string {
  return points
    .map((p) => {
      const head = verbose ? formatVerbose(p) : `${formatShort(p)} (branchpoint)`;
      const pad = " ".repeat(p.revision.length);
      const children = p.children.map((c) => `${pad} -> ${formatShort(c)}${verbose ? `, ${c.message}` : ""}`);
      return `${head}\n${children.join("\n")}\n`;
    })
    .join("");
}

export function history(result: HistoryResult, verbose: boolean): string {
  const current = new Set(result.current);
  return result.revisions.map((i) => (verbose ? formatVerbose(i, current) + "\n" : `${formatLine(i, current)}\n`)).join("");
}

export function templates(list: readonly { name: string; description: string }[]): string {
  const width = Math.max(0, ...list.map((t) => t.name.length));
  return `Available templates:\n\n${list.map((t) => `${t.name.padEnd(width)} - ${t.description}`).join("\n")}\n\nTemplates are used via the 'init' command, e.g.:\n\n  migrator init --template generic ./migrations\n`;
}
