import { mkdirSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { BranchLabelError, DuplicateRevisionError, RevisionError, UsageError } from "../errors.ts";
import type { RevisionGraph } from "../script/graph.ts";
import { resolve } from "../script/resolve.ts";
import type { Revision } from "../script/revision.ts";
import { writeRevisionFile } from "../script/write.ts";
import type { CommandOptions } from "./options.ts";
import { loadGraph } from "./script.ts";

interface NewRevisionOptions extends CommandOptions {
  readonly message: string;
  readonly branchLabels?: readonly string[];
  /** Revision id to use instead of a random one. */
  readonly revId?: string;
  /** Clock for the file name and Create Date (tests). */
  readonly now?: Date;
}

export interface RevisionOptions extends NewRevisionOptions {
  /** What to build on: "head" (default), a revision, "label@head", "heads", or "base" for a new branch. */
  readonly head?: string;
  /** Allow `head` to name a revision that is not a head. */
  readonly splice?: boolean;
  readonly dependsOn?: readonly string[];
  /** Folder to write into; needed when a new base is created and there are several version locations. */
  readonly versionPath?: string;
  readonly language?: "ts" | "sql";
  /** Body of upgrade()/downgrade() (autogenerate). */
  readonly upgrades?: string;
  readonly downgrades?: string;
}

export interface MergeOptions extends NewRevisionOptions {
  /** Revisions to merge, e.g. ["heads"] or ["ae10", "27c6"]. */
  readonly revisions: readonly string[];
}

/** `migrator revision`: write a new revision file on top of the head (or the revision given). */
export async function revision(options: RevisionOptions): Promise<Revision> {
  const { config } = options;
  // Without a config file (DATABASE_URL and ./migrations/versions only), the first revision makes the
  // folder, as dbmate's "new" does; with a config file, a missing folder is a mistake worth reporting.
  if (config.file === null) for (const dir of config.versionLocations) mkdirSync(dir, { recursive: true });
  const graph = await loadGraph(config);
  const head = options.head ?? "head";
  // "head" with several heads: say which option chooses one (resolve's advice is for targets).
  const parents = head === "base" ? [] : resolve(graph, head === "head" ? "heads" : head, []);
  if (head === "head" && parents.length > 1) {
    throw new RevisionError(
      `There are ${parents.length} heads (${parents.join(", ")}); name the one to build on with --head, or merge them first with "migrator merge heads"`,
    );
  }
  if (!options.splice) {
    for (const p of parents) {
      if (graph.children(p).length > 0) {
        throw new RevisionError(`Revision "${p}" is not a head; pass --splice to start a new branch from it, or build on a head`);
      }
    }
  }
  checkLabels(graph, options.branchLabels ?? []);
  checkNewId(graph, options.revId);
  const dependsOn = (options.dependsOn ?? []).map((dep) => (graph.labelOwner(dep) !== undefined ? dep : only(resolve(graph, dep, []), dep)));
  return writeRevisionFile({
    config,
    directory: versionDirectory(options, graph, parents),
    ...(options.revId ? { revision: options.revId } : {}),
    parents,
    branchLabels: options.branchLabels ?? [],
    dependsOn,
    message: options.message,
    language: options.language ?? "ts",
    ...(options.upgrades !== undefined ? { upgrades: options.upgrades } : {}),
    ...(options.downgrades !== undefined ? { downgrades: options.downgrades } : {}),
    now: options.now ?? new Date(),
  });
}

/** `migrator merge REVS`: write a revision whose parents are the given revisions (e.g. all heads). */
export async function merge(options: MergeOptions): Promise<Revision> {
  const { config } = options;
  const graph = await loadGraph(config);
  const parents = [...new Set(options.revisions.flatMap((r) => resolve(graph, r, [])))];
  if (parents.length < 2) {
    throw new RevisionError(
      `Nothing to merge: ${options.revisions.map((r) => `"${r}"`).join(", ")} names ${parents.length === 0 ? "no revision" : `only "${parents[0]}"`}; a merge needs two or more`,
    );
  }
  checkLabels(graph, options.branchLabels ?? []);
  checkNewId(graph, options.revId);
  const language = parents.every((p) => graph.get(p)!.path.endsWith(".sql")) ? "sql" : "ts";
  return writeRevisionFile({
    config,
    directory: versionDirectory({ config }, graph, parents),
    ...(options.revId ? { revision: options.revId } : {}),
    parents,
    branchLabels: options.branchLabels ?? [],
    message: options.message,
    language,
    upgrades: language === "sql" ? "-- A merge point: nothing to do." : "// A merge point: nothing to do.",
    downgrades: language === "sql" ? "-- A merge point: nothing to do." : "// A merge point: nothing to do.",
    now: options.now ?? new Date(),
  });
}

function checkLabels(graph: RevisionGraph, labels: readonly string[]): void {
  for (const label of labels) {
    const owner = graph.labelOwner(label);
    if (owner !== undefined) throw new BranchLabelError(`Branch label "${label}" is already used by revision "${owner}"; choose another label`);
  }
}

function checkNewId(graph: RevisionGraph, id: string | undefined): void {
  const existing = id === undefined ? undefined : graph.get(id);
  if (existing) throw new DuplicateRevisionError(existing.revision, [existing.path, "the new revision"]);
}

function only(ids: readonly string[], identifier: string): string {
  if (ids.length !== 1) throw new RevisionError(`--depends-on "${identifier}" names ${ids.length} revisions; name exactly one`);
  return ids[0]!;
}

/** Alembic's rule: --version-path if given; else the parent's folder when there are several locations. */
function versionDirectory(options: Pick<RevisionOptions, "config" | "versionPath">, graph: RevisionGraph, parents: readonly string[]): string {
  const locations = options.config.versionLocations;
  if (options.versionPath) {
    const wanted = resolvePath(options.config.here, options.versionPath);
    if (!locations.some((l) => resolvePath(l) === wanted)) {
      throw new UsageError(`--version-path ${options.versionPath} is not one of the version locations (${locations.join(", ")})`);
    }
    return wanted;
  }
  if (locations.length === 1) return locations[0]!;
  const parentPath = parents.map((p) => graph.get(p)?.path).find((p) => p);
  if (parentPath) {
    const dir = locations.find((l) => parentPath.startsWith(resolvePath(l) + "/"));
    if (dir) return dir;
  }
  throw new UsageError(`There are ${locations.length} version locations; say which one the new revision goes in with --version-path`);
}
