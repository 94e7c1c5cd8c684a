import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { UsageError } from "../errors.ts";
import { embeddedDeclarationsPath } from "./declarations.ts";

/** The file `migrator types` and `migrator init` write. */
export const DECLARATIONS_FILE = "migrator.d.ts";

export interface TypesOptions {
  /** The folder to write migrator.d.ts in. */
  readonly directory: string;
  /** The declarations to write; the ones built into the binary by default. */
  readonly declarations?: string;
}

export interface EditorFile {
  readonly path: string;
  /** False when the file existed and was left alone (tsconfig.json, deno.json). */
  readonly written: boolean;
}

/**
 * The public types of the "migrator" module as one declaration file, as built into the binary.
 * @throws UsageError when running from source, where there is nothing built in (import mod.ts instead).
 */
export function migratorDeclarations(): string {
  const path = embeddedDeclarationsPath();
  if (path === undefined) {
    throw new UsageError(
      `This migrator runs from source and has no ${DECLARATIONS_FILE} built in: point "migrator" at its mod.ts ` +
        `(tsconfig.json paths, deno.json imports), or run the compiled binary`,
    );
  }
  return readFileSync(path, "utf8");
}

/**
 * Write (or rewrite) migrator.d.ts in `directory`, so that editors and tsc resolve `import type { Operations }
 * from "migrator"` without node_modules. Run after upgrading the binary. Returns the path written.
 */
export function types(options: TypesOptions): { file: string } {
  const file = join(resolve(options.directory), DECLARATIONS_FILE);
  writeFileSync(file, options.declarations ?? migratorDeclarations());
  return { file };
}

/**
 * The files an editor needs beside migrator.d.ts in `cwd`: a tsconfig.json mapping "migrator" to it and
 * checking the migrations strictly, and a deno.json doing the same for Deno. Either is left alone when it
 * exists (add the mapping yourself, see README "Editors"). `migrations` is the migrations folder.
 */
export function writeEditorConfig(cwd: string, migrations: string): EditorFile[] {
  const folder = relative(cwd, resolve(cwd, migrations)).split(sep).join("/") || ".";
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "ESNext",
      moduleResolution: "bundler",
      lib: ["ES2023"],
      types: [],
      strict: true,
      noEmit: true,
      allowImportingTsExtensions: true,
      paths: { migrator: [`./${DECLARATIONS_FILE}`] },
    },
    include: [DECLARATIONS_FILE, folder],
  };
  const deno = { imports: { migrator: `./${DECLARATIONS_FILE}` } };
  const files: [string, string[], object][] = [
    ["tsconfig.json", ["tsconfig.json"], tsconfig],
    ["deno.json", ["deno.json", "deno.jsonc"], deno],
  ];
  return files.map(([name, existing, content]) => {
    const path = join(cwd, name);
    if (existing.some((e) => existsSync(join(cwd, e)))) return { path, written: false };
    writeFileSync(path, JSON.stringify(content, null, 2) + "\n", { flag: "wx" });
    return { path, written: true };
  });
}
