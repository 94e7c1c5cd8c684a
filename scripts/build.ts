/**
 * Build the self-contained binary: `bun run scripts/build.ts [--target bun-linux-arm64] [--outfile PATH] [--executable PATH]`.
 * Writes dist/migrator (minified, bytecode, ESM, split into chunks): a database driver is loaded only when its dialect is used.
 * For another platform, pass the Bun runtime of that platform with --executable (`npm run release` does it for
 * every platform, from the runtimes published on npm).
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { generateDeclarations } from "./declarations.ts";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** The generated entry module and migrator.d.ts, outside git. */
const ENTRY_DIR = join(ROOT, ".tmp", "build");

/**
 * Write the entry module of the binary: it embeds migrator.d.ts (generated from mod.ts by TypeScript) as a
 * file, registers it for `migrator init` and `migrator types`, then runs cli.ts. Returns its path.
 */
export function writeEntry(): string {
  mkdirSync(ENTRY_DIR, { recursive: true });
  writeFileSync(join(ENTRY_DIR, "migrator.d.ts"), generateDeclarations(ROOT));
  writeFileSync(
    join(ENTRY_DIR, "embed.ts"),
    [
      `import path from "./migrator.d.ts" with { type: "file" };`,
      `import { embedDeclarations } from "../../src/commands/declarations.ts";`,
      "embedDeclarations(path);",
      "",
    ].join("\n"),
  );
  // Imports run in order: the path is registered before cli.ts starts.
  writeFileSync(join(ENTRY_DIR, "main.ts"), `import "./embed.ts";\nimport "../../cli.ts";\n`);
  return join(ENTRY_DIR, "main.ts");
}

export interface BuildOptions {
  /** Where the binary goes, relative to the repository root. */
  readonly outfile: string;
  /** A Bun target such as "bun-linux-arm64"; the host's by default. */
  readonly target?: string;
  /** The Bun runtime to embed (needed for another platform when offline). */
  readonly executable?: string;
}

/**
 * Compile cli.ts into one binary; throws with Bun's output when the build fails. `entry` is writeEntry()'s
 * result, to write it once for several builds.
 */
export function build(options: BuildOptions, output: "inherit" | "pipe" = "inherit", entry = writeEntry()): void {
  const args = [
    "build",
    "--compile",
    // Minified, but names kept: a --verbose stack trace then says connectWithRetry, not t or u.
    "--minify-syntax",
    "--minify-whitespace",
    // The source map goes into the binary (about 1 MB): a --verbose stack trace names src/... files and
    // lines, not /$bunfs/root/cli-xxxx.js offsets.
    "--sourcemap=linked",
    "--bytecode",
    "--format=esm",
    "--splitting",
    // A migration tool must not pick up the working directory's .env or bunfig.toml (a preload script!):
    // configuration comes from migrator.ini, flags and the process environment only.
    "--no-compile-autoload-dotenv",
    "--no-compile-autoload-bunfig",
    entry,
    "--outfile",
    options.outfile,
    ...(options.target ? [`--target=${options.target}`] : []),
    ...(options.executable ? ["--compile-executable-path", options.executable] : []),
  ];
  const started = Date.now();
  const proc = Bun.spawnSync([process.execPath, ...args], { cwd: ROOT, stdout: output, stderr: output });
  removeMaps(dirname(resolve(ROOT, options.outfile)), started);
  if (proc.exitCode !== 0) {
    const detail = output === "pipe" ? `: ${proc.stderr?.toString() ?? ""}${proc.stdout?.toString() ?? ""}` : "";
    throw new Error(`bun build ${options.target ?? "(host)"} exited ${proc.exitCode}${detail}`);
  }
}

/** The .map files Bun writes beside the binary (their content is inside it): those of this build only. */
function removeMaps(dir: string, since: number): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name.endsWith(".map") && statSync(path).mtimeMs >= since - 1000) rmSync(path);
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      target: { type: "string" },
      outfile: { type: "string", default: "dist/migrator" },
      executable: { type: "string" },
    },
  });
  try {
    build({ outfile: values.outfile!, ...(values.target ? { target: values.target } : {}), ...(values.executable ? { executable: values.executable } : {}) });
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  console.log(`built ${values.outfile}`);
}
