/** How `check` and `revision --autogenerate` print the changes they found. */
import type { SchemaDiff } from "../commands/autogenerate.ts";
import { renderOp } from "../autogenerate/render.ts";
import type { Op } from "../operations/ops.ts";

export function diffText(diff: SchemaDiff): string {
  const plain = diff.unmanaged.some((u) => u.startsWith("view "));
  const materialized = diff.unmanaged.some((u) => u.startsWith("materialized view "));
  const declare = [plain && "view(name, query)", materialized && "materializedView(name, query)"].filter(Boolean).join(", ");
  const views = declare ? ` (to compare views, declare them in the schema's views: [${declare}])` : "";
  const left = diff.unmanaged.length > 0 ? `Left alone (the schema does not manage them, migrator never drops them): ${diff.unmanaged.join(", ")}${views}\n` : "";
  const todo = diff.unresolved.length > 0 ? `${diff.unresolved.length} difference(s) no op is written for (change them by hand):\n${diff.unresolved.map((u) => `  ${u}\n`).join("")}` : "";
  if (diff.changes.length === 0) return `${todo || `No differences: the ${diff.offline ? "revision history" : "database"} matches the schema.\n`}${left}`;
  const lines = [`${diff.changes.length} change(s) between the ${diff.offline ? "revision history" : "database"} and the schema:`];
  for (const c of diff.changes) {
    const figure = diff.figures.get(c);
    const mark = c.safety === "destructive" ? "  [destructive] " : c.safety === "data-dependent" ? "  [data-dependent] " : "  ";
    lines.push(`${mark}${renderOp(withoutExisting(c.op)).replace(/^await op\./, "").replace(/;$/, "").replace(/\n\s*/g, " ")}`);
    if (c.note) lines.push(`      ${c.note}${figure ? ` (${figure})` : ""}`);
  }
  return `${lines.join("\n")}\n${todo}${left}`;
}

/** An alterColumn without what the column was (kept in the revision file for the downgrade): shorter to read. */
function withoutExisting(op: Op): Op {
  if (op.kind !== "alterColumn") return op;
  return Object.fromEntries(Object.entries(op).filter(([k]) => !k.startsWith("existing"))) as Op;
}

export function diffJson(diff: SchemaDiff): unknown {
  return {
    changes: diff.changes.map((c) => ({ op: c.op, safety: c.safety, ...(c.note ? { note: c.note } : {}), ...(diff.figures.get(c) ? { figure: diff.figures.get(c) } : {}) })),
    warnings: diff.warnings,
    unresolved: diff.unresolved,
    unmanaged: diff.unmanaged,
    offline: diff.offline,
  };
}
