/**
 * Lists the revisions of the version locations: reads each file's header statically (sync fs, one pass),
 * importing only the rare module whose header is not made of literals.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { ScriptError } from "../errors.ts";
import { isDynamicHeader, readHeader } from "./header.ts";
import { REVISION_FILE_RE } from "./file_name.ts";
import { forgetSources, keepSource } from "./sources.ts";
import type { Revision } from "./revision.ts";

// The SQL header reader and the module importer are loaded when a .sql file or a header only an import can
// settle turns up: a project of .ts revisions with literal headers (the usual one) loads neither.

export interface ScanOptions {
  /** Also look in subfolders (the `recursive_version_locations` option). Default false, as in Alembic. */
  readonly recursive?: boolean;
  /** Keep each file's text for the import that follows (sources.ts): for the commands that run revisions. */
  readonly keepSources?: boolean;
}

/**
 * Every revision in the given folders: folder by folder, in the order given, each sorted by path.
 * @throws ScriptError when a folder does not exist, or a file's header is unreadable or incomplete.
 */
export async function scanRevisions(versionLocations: readonly string[], options: ScanOptions = {}): Promise<Revision[]> {
  const files: string[] = [];
  for (const dir of versionLocations) {
    // Paths relative to the folder, sorted: the order of the full paths (they share the folder's prefix),
    // with shorter strings to compare.
    const found: string[] = [];
    listFiles(dir, options.recursive === true, found, true, "");
    found.sort();
    const prefix = folderPrefix(dir);
    for (let i = 0; i < found.length; i++) files.push(prefix + (found[i] as string));
  }
  // Texts kept by an earlier scan and never imported (a run that stopped early) are not this project's.
  if (options.keepSources) forgetSources();
  const revisions: Revision[] = [];
  const dynamic: string[] = [];
  let sql: typeof import("./sql_revision.ts") | undefined;
  for (const path of files) {
    let source: string;
    try {
      source = readFileSync(path, "utf8");
    } catch (error) {
      throw new ScriptError(`Cannot read ${path}: ${(error as Error).message}`, { cause: error });
    }
    if (options.keepSources) keepSource(path, source);
    if (path.endsWith(".sql")) {
      sql ??= await import("./sql_revision.ts");
      const rev = sql.readSqlHeader(source, path);
      if (!rev) {
        throw new ScriptError(
          `${path} has no "-- revision: <id>" header; add the header comments (see "migrator revision"), or rename it to start with "_" to ignore it`,
        );
      }
      revisions.push(rev);
      continue;
    }
    const header = readHeader(source, path);
    if (isDynamicHeader(header)) dynamic.push(path);
    else if (header) revisions.push(header);
    else throw notARevision(path);
  }
  if (dynamic.length > 0) {
    const { importHeader } = await import("./load.ts");
    const imported = await Promise.all(dynamic.map(importHeader));
    imported.forEach((rev, i) => {
      if (!rev) throw notARevision(dynamic[i]!);
      revisions.push(rev);
    });
    const order = new Map(files.map((f, i) => [f, i]));
    revisions.sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0));
  }
  return revisions;
}

/**
 * join(dir, name) for every name is this prefix plus the name: a name holds no "/" and is never "." or "..",
 * so it is the folder's normalized prefix plus the name (join once, not 5,000 times).
 */
function folderPrefix(dir: string): string {
  return join(dir, "x").slice(0, -1);
}

/** Adds to `out` the revision files of `dir`, as `rel` plus their path in `dir`. */
function listFiles(dir: string, recursive: boolean, out: string[], top: boolean, rel: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (top && code === "ENOENT") {
      throw new ScriptError(
        `Versions folder ${dir} does not exist; run "migrator init" to create the migrations folder, or set version_locations in migrator.ini`,
      );
    }
    if (top && code === "ENOTDIR") throw new ScriptError(`Version location ${dir} is a file, not a folder; fix version_locations in migrator.ini`);
    throw new ScriptError(`Cannot list ${dir}: ${(error as Error).message}`, { cause: error });
  }
  // The name first (one pattern), then the type: a file or a symbolic link with a revision's name is listed,
  // a folder is entered (recursive only). The order of the list does not matter (the caller sorts it).
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as (typeof entries)[number];
    const name = entry.name;
    if (REVISION_FILE_RE.test(name) && (entry.isFile() || entry.isSymbolicLink())) out.push(rel === "" ? name : rel + name);
    else if (recursive && entry.isDirectory() && !/^[_.]/.test(name) && name !== "node_modules") {
      listFiles(folderPrefix(dir) + name, true, out, false, rel + name + sep);
    }
  }
}

/** Every module in a versions folder is a revision: one without `revision` is a mistake (a typo?), not a helper. */
function notARevision(path: string): ScriptError {
  return new ScriptError(
    `${path} exports no "revision"; add export const revision = "<id>" (see "migrator revision"), ` +
      `or rename it to start with "_" if it is a helper module`,
  );
}
