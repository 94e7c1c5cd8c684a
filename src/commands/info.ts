import type { RevisionGraph } from "../script/graph.ts";

/** A revision as read commands return it (and print it with --json). */
export interface RevisionInfo {
  readonly revision: string;
  readonly downRevisions: readonly string[];
  readonly branchLabels: readonly string[];
  readonly dependsOn: readonly string[];
  readonly message: string;
  readonly path: string;
  readonly createDate: string | null;
  readonly isHead: boolean;
  readonly isBase: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
  /** Children: revisions that name this one as a downRevision. */
  readonly nextRevisions: readonly string[];
}

export function revisionInfo(graph: RevisionGraph, id: string): RevisionInfo {
  const rev = graph.get(id)!;
  const next = graph.children(id);
  return {
    revision: rev.revision,
    downRevisions: rev.downRevisions,
    // As Alembic shows them: a label applies to the revision that declares it and the branch after it.
    branchLabels: graph.labelsOf(id),
    dependsOn: rev.dependsOn,
    message: rev.message,
    path: rev.path,
    createDate: rev.createDate ?? null,
    isHead: next.length === 0,
    isBase: rev.downRevisions.length === 0,
    isBranchPoint: next.length > 1,
    isMergePoint: rev.downRevisions.length > 1,
    nextRevisions: next,
  };
}

/** Alembic's one-line form: "a, b -> c (head) (mergepoint), message". */
export function formatLine(info: RevisionInfo, current: ReadonlySet<string> = new Set()): string {
  const from = info.downRevisions.length ? info.downRevisions.join(", ") : "<base>";
  const labels = info.branchLabels.length ? ` (${info.branchLabels.join(", ")})` : "";
  const flags = [
    info.isHead ? " (head)" : "",
    current.has(info.revision) ? " (current)" : "",
    info.isBranchPoint ? " (branchpoint)" : "",
    info.isMergePoint ? " (mergepoint)" : "",
  ].join("");
  return `${from} -> ${info.revision}${labels}${flags}, ${info.message}`;
}

/** Alembic's --verbose form: a block of header lines and the message. */
export function formatVerbose(info: RevisionInfo, current: ReadonlySet<string> = new Set()): string {
  const lines = [`Rev: ${info.revision}${info.isHead ? " (head)" : ""}${current.has(info.revision) ? " (current)" : ""}${info.isBranchPoint ? " (branchpoint)" : ""}${info.isMergePoint ? " (mergepoint)" : ""}`];
  lines.push(`${info.isMergePoint ? "Merges" : "Parent"}: ${info.downRevisions.length ? info.downRevisions.join(", ") : "<base>"}`);
  if (info.nextRevisions.length > 1) lines.push(`Branches into: ${info.nextRevisions.join(", ")}`);
  if (info.branchLabels.length) lines.push(`Branch names: ${info.branchLabels.join(", ")}`);
  if (info.dependsOn.length) lines.push(`Also depends on: ${info.dependsOn.join(", ")}`);
  lines.push(`Path: ${info.path}`, "", `    ${info.message}`, "");
  if (info.createDate) lines.splice(lines.length - 3, 0, `Create Date: ${info.createDate}`);
  return lines.join("\n");
}
