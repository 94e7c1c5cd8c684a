/**
 * A revision as the graph sees it: the header of a migration module, read without running it.
 * Pure data; the module itself is loaded only when the revision runs (see script/load.ts).
 */
export interface Revision {
  /** The revision id, e.g. "1975ea83b712". */
  readonly revision: string;
  /** Parents: none for a base, one for a linear step, several for a merge. */
  readonly downRevisions: readonly string[];
  /** Branch labels declared by this revision (apply to it and its descendants). */
  readonly branchLabels: readonly string[];
  /** Revisions (ids, partial ids or branch labels) that must be applied before this one, without being parents. */
  readonly dependsOn: readonly string[];
  /** The one-line message given to `revision -m`. */
  readonly message: string;
  /** Absolute path of the module or SQL file; "" for revisions built in memory. */
  readonly path: string;
  /** Creation date written in the header, if any (ISO string). */
  readonly createDate?: string;
}

/** One migration to run: a revision and the direction to run it in. */
export interface Step {
  readonly revision: string;
  readonly direction: "up" | "down";
}

/**
 * A change to the version table, as Alembic makes it: a linear step updates a row, a branch point
 * inserts one, a merge deletes all but one, a downgrade past a base deletes the row.
 */
export type VersionUpdate =
  | { readonly kind: "insert"; readonly to: string }
  | { readonly kind: "delete"; readonly from: string }
  | { readonly kind: "update"; readonly from: string; readonly to: string };

/** Build a Revision from partial fields (tests, in-memory graphs). */
export function revision(
  id: string,
  down: string | readonly string[] | null = null,
  extra: Partial<Omit<Revision, "revision" | "downRevisions">> = {},
): Revision {
  return {
    revision: id,
    downRevisions: down === null ? [] : typeof down === "string" ? [down] : [...down],
    branchLabels: extra.branchLabels ?? [],
    dependsOn: extra.dependsOn ?? [],
    message: extra.message ?? "",
    path: extra.path ?? "",
    ...(extra.createDate !== undefined ? { createDate: extra.createDate } : {}),
  };
}
