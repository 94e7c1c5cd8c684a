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
  /** Revisions that name this one in dependsOn (a head with dependents is an "effective head"). */
  readonly dependents: readonly string[];
}

export function revisionInfo(graph: RevisionGraph, id: string): RevisionInfo {
  const rev = graph.get(id)!;
  const next = graph.children(id);
  const dependents = graph.children(id, true).filter((c) => !next.includes(c));
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
    dependents,
  };
}

/** " (head)", or " (effective head)" for a head that other revisions depend on, as Alembic marks them. */
function headMark(info: RevisionInfo): string {
  if (!info.isHead) return "";
  return info.dependents.length > 0 ? " (effective head)" : " (head)";
}

/** Alembic's one-line form: "a, b (dep) -> c (label) (head) (mergepoint), message". */
export function formatLine(info: RevisionInfo, current: ReadonlySet<string> = new Set()): string {
  const from = info.downRevisions.length ? info.downRevisions.join(", ") : "<base>";
  const deps = info.dependsOn.length ? ` (${info.dependsOn.join(", ")})` : "";
  const labels = info.branchLabels.length ? ` (${info.branchLabels.join(", ")})` : "";
  const flags = [
    headMark(info),
    current.has(info.revision) ? " (current)" : "",
    info.isBranchPoint ? " (branchpoint)" : "",
    info.isMergePoint ? " (mergepoint)" : "",
  ].join("");
  return `${from}${deps} -> ${info.revision}${labels}${flags}, ${info.message}`;
}

/** The short form of `heads` and `current`: "c (label) (head)". */
export function formatShort(info: RevisionInfo): string {
  return `${info.revision}${info.branchLabels.length ? ` (${info.branchLabels.join(", ")})` : ""}${headMark(info)}`;
}

/** Alembic's --verbose form: a block of header lines and the message. */
export function formatVerbose(info: RevisionInfo, current: ReadonlySet<string> = new Set()): string {
  const lines = [
    `Rev: ${info.revision}${headMark(info)}${info.isBranchPoint ? " (branchpoint)" : ""}${info.isMergePoint ? " (mergepoint)" : ""}${current.has(info.revision) ? " (current)" : ""}`,
    `${info.isMergePoint ? "Merges" : "Parent"}: ${info.downRevisions.length ? info.downRevisions.join(", ") : "<base>"}`,
  ];
  if (info.dependsOn.length) lines.push(`Also depends on: ${info.dependsOn.join(", ")}`);
  if (info.isBranchPoint) lines.push(`Branches into: ${info.nextRevisions.join(", ")}`);
  if (info.branchLabels.length) lines.push(`Branch names: ${info.branchLabels.join(", ")}`);
  lines.push(`Path: ${info.path}`);
  if (info.createDate) lines.push(`Create Date: ${info.createDate}`);
  lines.push("", `    ${info.message}`, "");
  return lines.join("\n");
}
