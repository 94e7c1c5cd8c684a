/**
 * Loads the code of revisions when they run: imports a `.ts`/`.js` migration module (checking that its
 * exports agree with the header read statically), or turns a `.sql` revision into upgrade/downgrade
 * functions that execute its statements.
 */
import { readFileSync } from "node:fs";
import { MigratorError, ScriptError } from "../errors.ts";
import type { Operations } from "../operations/operations.ts";
import type { Revision } from "./revision.ts";
import { parseSqlRevision, splitStatements, type SqlSection } from "./sql_revision.ts";
import { keptModulesFilter, takeSource } from "./sources.ts";

/** What the runtime runs for one revision. */
export interface MigrationModule {
  upgrade(op: Operations): unknown;
  downgrade(op: Operations): unknown;
  /** False: run upgrade() outside a transaction (`export const transactional = false`, `transaction:false`). */
  transactional: boolean;
  /** For downgrade(), when it differs from `transactional`. */
  transactionalDown?: boolean;
  /**
   * True (`export const rerunnable = true`, `-- rerunnable: true`): after a run died inside it, the next run
   * resumes it, skipping the statements recorded as completed.
   */
  rerunnable: boolean;
}

let registration: Promise<void> | undefined;

/** The part of Bun's plugin API used here, declared locally: Deno type-checks this file without Bun's types. */
interface BunPlugins {
  plugin(plugin: {
    name: string;
    setup(build: {
      module(specifier: string, load: () => { exports: Record<string, unknown>; loader: "object" }): void;
      onLoad(constraints: { filter: RegExp }, load: (args: { path: string }) => { contents: string; loader: "ts" | "js" | "jsx" }): void;
    }): void;
  }): unknown;
}

/**
 * Under Bun, provide the module "migrator" (the namespace of mod.ts) to migration files, which live in
 * folders without node_modules, and hand the loader the texts the header scan kept (sources.ts) for the
 * modules of their folders. Done once; mod.ts is imported lazily, so there is no import cycle. Under
 * Deno, the import map of deno.json maps "migrator" instead. `load` replaces mod.ts in tests.
 */
export function registerMigratorModule(
  load: () => Promise<Record<string, unknown>> = () => import("../../mod.ts"),
): Promise<void> {
  registration ??= (async () => {
    const bun = (globalThis as { Bun?: BunPlugins }).Bun;
    if (!bun) return;
    const namespace: Record<string, unknown> = { ...(await load()) };
    const filter = keptModulesFilter();
    bun.plugin({
      name: "migrator",
      setup(build) {
        build.module("migrator", () => ({ exports: namespace, loader: "object" }));
        // The filter is set here, once: the revision modules of the folders of the first scan that kept texts.
        // A loader must give every file its filter takes: one whose text was taken already is read here, as
        // Bun would read it, with Bun's loader for its extension (.js may hold JSX; .mjs may not). Revisions
        // of other folders (a later project in a long-lived process) are read by Bun itself.
        if (filter) {
          build.onLoad({ filter }, ({ path }) => ({
            contents: takeSource(path) ?? readFileSync(path, "utf8"),
            loader: path.endsWith(".mjs") ? "js" : path.endsWith(".js") ? "jsx" : "ts",
          }));
        }
      },
    });
  })();
  return registration;
}

/** The header fields a module's exports must agree on with its source text. */
const HEADER_FIELDS = ["revision", "downRevisions", "branchLabels", "dependsOn"] as const;

/**
 * Load the code of one revision.
 * @throws ScriptError when the file cannot be imported or parsed, has no upgrade(), or its exports
 *   disagree with its header.
 */
export async function loadMigration(rev: Revision): Promise<MigrationModule> {
  if (rev.path === "") throw new ScriptError(`Revision "${rev.revision}" has no file to load`);
  if (/\.sql$/i.test(rev.path)) return loadSql(rev);
  const exports = await importModule(rev.path);
  const declared = headerFromExports(exports, rev.path);
  if (!declared) throw new ScriptError(`${rev.path} no longer exports "revision"; was it edited during the run?`);
  for (const field of HEADER_FIELDS) {
    const a = declared[field];
    const b = rev[field];
    if (!sameValue(a, b)) {
      const name = field === "downRevisions" ? "downRevision" : field;
      throw new ScriptError(
        `${rev.path}: the exported "${name}" is ${show(a)} but the source text reads ${show(b)}; ` +
          `declare it once as a plain literal (export const ${name} = ...), not reassigned or computed`,
      );
    }
  }
  const { upgrade, downgrade, transactional, transactionalDown, rerunnable } = exports;
  if (typeof upgrade !== "function") {
    throw new ScriptError(`${rev.path}: revision "${rev.revision}" exports no upgrade() function; add export async function upgrade(op) { ... }`);
  }
  if (transactional !== undefined && typeof transactional !== "boolean") {
    throw new ScriptError(`${rev.path}: "transactional" must be true or false`);
  }
  if (transactionalDown !== undefined && typeof transactionalDown !== "boolean") {
    throw new ScriptError(`${rev.path}: "transactionalDown" must be true or false`);
  }
  if (rerunnable !== undefined && typeof rerunnable !== "boolean") {
    throw new ScriptError(`${rev.path}: "rerunnable" must be true or false`);
  }
  const module: MigrationModule = {
    upgrade: upgrade as MigrationModule["upgrade"],
    downgrade: typeof downgrade === "function" ? (downgrade as MigrationModule["downgrade"]) : () => {
      throw new ScriptError(`${rev.path}: revision "${rev.revision}" exports no downgrade() function, so it cannot be downgraded`);
    },
    transactional: transactional ?? true,
    rerunnable: rerunnable ?? false,
  };
  if (transactionalDown !== undefined) module.transactionalDown = transactionalDown;
  return module;
}

/** Load many revisions in parallel, in the order given. */
export function loadMigrations(revs: readonly Revision[]): Promise<MigrationModule[]> {
  return Promise.all(revs.map(loadMigration));
}

/**
 * Read a revision header by importing the module: for files whose exports are not literals.
 * Returns undefined when the module exports no `revision`.
 */
export async function importHeader(path: string): Promise<Revision | undefined> {
  return headerFromExports(await importModule(path), path);
}

/**
 * What importing modules needs, done once, when the first module is imported: the "migrator" module
 * registered, and node:url (not loaded by every command that lists revisions: ~0.6 ms).
 */
let prepared: Promise<typeof import("node:url")> | undefined;

export async function importModule(path: string): Promise<Record<string, unknown>> {
  // The promise is kept and awaited once per module: importing node:url again for each of 1,000 modules
  // costs ~10 µs each, and each await more suspends each of them once more.
  const { pathToFileURL } = await (prepared ??= registerMigratorModule().then(() => import("node:url")));
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    // A module that refused its own contents (defineSchema's checks) has said what is wrong already.
    if (error instanceof MigratorError) throw error;
    throw new ScriptError(`Cannot import ${path}: ${importReason(error)}`, { cause: error });
  }
}

/** A build error as "line:column: message" (Bun gives a BuildMessage, or an AggregateError of them). */
function importReason(error: unknown): string {
  const errors = (error as { errors?: unknown[] }).errors;
  const first = (Array.isArray(errors) && errors.length > 0 ? errors[0] : error) as { message?: unknown; position?: { line?: number; column?: number } | null };
  const message = typeof first?.message === "string" ? first.message : String(error);
  const at = first?.position?.line ? `line ${first.position.line}${first.position.column ? `:${first.position.column}` : ""}: ` : "";
  const more = Array.isArray(errors) && errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  return `${at}${message}${more}`;
}

function headerFromExports(exports: Record<string, unknown>, path: string): Revision | undefined {
  const { revision, message } = exports;
  if (revision === undefined) return undefined;
  if (typeof revision !== "string" || revision === "") throw new ScriptError(`${path}: "revision" must be a non-empty string`);
  if ("downRevision" in exports === false && "downRevisions" in exports === false) {
    throw new ScriptError(`${path}: revision "${revision}" exports no "downRevision"; add export const downRevision = null for a base revision`);
  }
  return {
    revision,
    downRevisions: stringList(exports["downRevision"] ?? exports["downRevisions"], "downRevision", path),
    branchLabels: stringList(exports["branchLabels"], "branchLabels", path),
    dependsOn: stringList(exports["dependsOn"], "dependsOn", path),
    message: typeof message === "string" ? message : "",
    path,
  };
}

function sameValue(a: string | readonly string[], b: string | readonly string[]): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function show(value: string | readonly string[]): string {
  const list = typeof value === "string" ? [value] : value;
  return list.length === 0 ? "null" : JSON.stringify(list.length === 1 ? list[0] : list);
}

function stringList(value: unknown, field: string, path: string): readonly string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
  throw new ScriptError(`${path}: "${field}" must be null, a string or an array of strings`);
}

function loadSql(rev: Revision): MigrationModule {
  let source: string;
  try {
    source = takeSource(rev.path) ?? readFileSync(rev.path, "utf8");
  } catch (error) {
    throw new ScriptError(`Cannot read ${rev.path}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = parseSqlRevision(source, rev.path);
  if (parsed.header.revision !== rev.revision) {
    throw new ScriptError(`${rev.path} now declares revision "${parsed.header.revision}" instead of "${rev.revision}"; was it edited during the run?`);
  }
  const run = (section: SqlSection, kind: string) => async (op: Operations) => {
    // Split with the dialect's rules: MySQL's backslash escapes and # comments, PostgreSQL's $$ quotes.
    const statements = splitStatements(section.text, `${rev.path} (migrate:${kind})`, op.context.quoteSyntax);
    for (const statement of statements) await op.execute(statement);
  };
  const down = parsed.down;
  return {
    upgrade: run(parsed.up, "up"),
    downgrade: down ? run(down, "down") : () => {
      throw new ScriptError(`${rev.path}: revision "${rev.revision}" has no "-- migrate:down" section, so it cannot be downgraded`);
    },
    transactional: parsed.up.transaction,
    ...(down && down.transaction !== parsed.up.transaction ? { transactionalDown: down.transaction } : {}),
    rerunnable: parsed.rerunnable,
  };
}
