import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { ConfigError, ScriptError } from "../errors.ts";
import { builtinTemplate } from "../script/templates.ts";
import { DECLARATIONS_FILE, writeEditorConfig, type EditorFile } from "./types.ts";

export interface InitOptions {
  /** The migrations folder to create, relative to `cwd` (e.g. "migrations"). */
  readonly directory: string;
  /** A built-in template (see `listTemplates()`); "generic" by default. */
  readonly template?: string;
  /** Where migrator.ini goes. */
  readonly cwd: string;
  /**
   * The public types (see `migrator types`): when given, init also writes migrator.d.ts, and a tsconfig.json
   * and deno.json mapping "migrator" to it unless they exist. The binary passes the ones built into it.
   */
  readonly declarations?: string;
}

/**
 * Create a migrations folder from a template, and migrator.ini in `cwd` with script_location pointing at
 * the folder (like `alembic init migrations`). Returns the absolute paths of the files written,
 * and of the editor configs left as they were (`kept`).
 * @throws ScriptError when the folder exists and is not empty; ConfigError when migrator.ini exists;
 *   UsageError for an unknown template.
 */
export function init(options: InitOptions): { files: string[]; kept: string[]; next: string } {
  const template = builtinTemplate(options.template ?? "generic");
  const cwd = resolve(options.cwd);
  const target = resolve(cwd, options.directory);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new ScriptError(`${target} exists and is a file; choose another folder for the migrations`);
    if (readdirSync(target).length > 0) {
      throw new ScriptError(`Folder ${target} exists and is not empty; choose a new folder, e.g. "migrator init db/migrations"`);
    }
  }
  const rel = relative(cwd, target).split(sep).join("/");
  const location = rel === "" ? "%(here)s" : rel.startsWith("..") || isAbsolute(rel) ? target : `%(here)s/${rel}`;

  const planned = Object.entries(template.files).map(([path, content]) => {
    const inMigrations = path.startsWith("migrations/");
    const dest = inMigrations ? join(target, path.slice("migrations/".length)) : join(cwd, path);
    const text = path.endsWith(".ini") ? content.replace(/%\(here\)s\/migrations(?=[/\s]|$)/g, location) : content;
    return { dest, text, inMigrations };
  });
  if (options.declarations !== undefined) planned.push({ dest: join(cwd, DECLARATIONS_FILE), text: options.declarations, inMigrations: false });
  for (const { dest, inMigrations } of planned) {
    if (!inMigrations && existsSync(dest)) {
      throw new ConfigError(`${dest} already exists; edit it, or run init in another folder`);
    }
  }
  for (const { dest, text } of planned) {
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, text, { flag: "wx" });
  }
  const editor: EditorFile[] = options.declarations !== undefined ? writeEditorConfig(cwd, target) : [];
  return {
    files: [...planned.map((p) => p.dest), ...editor.filter((f) => f.written).map((f) => f.path)],
    kept: editor.filter((f) => !f.written).map((f) => f.path),
    next: nextSteps(template.files["migrator.ini"] ?? ""),
  };
}

/** What to do next, as commands that work as printed for the config the template wrote. */
function nextSteps(ini: string): string {
  const databases = /^databases\s*=\s*(.+)$/m.exec(ini)?.[1]?.split(/[\s,]+/).filter(Boolean) ?? [];
  if (databases.length === 0) return `Edit the url in migrator.ini (or set DATABASE_URL), then run "migrator revision -m 'first'".`;
  const variables = databases.map((db) => new RegExp(`^\\[${db}\\][^[]*?^url\\s*=\\s*\\$\\{(\\w+)\\}`, "m").exec(ini)?.[1]).filter((v) => v !== undefined);
  const urls = variables.length > 0 ? `set ${variables.join(" and ")} (or edit the urls in migrator.ini)` : "edit the urls in migrator.ini";
  return (
    `This config has ${databases.length} databases (${databases.join(", ")}): ${urls}, ` +
    `then write a revision for each with -n, e.g. "migrator -n ${databases[0]} revision -m 'first'", and run "migrator upgrade" for all of them.`
  );
}
