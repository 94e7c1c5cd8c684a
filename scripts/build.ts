/**
 * Build the self-contained binary: `bun run scripts/build.ts [--target bun-linux-arm64] [--outfile PATH]`.
 * Writes dist/migrator (minified, bytecode, ESM, split into chunks): a database driver is loaded only when its dialect is used.
 * For another platform, `npm pack @oven/bun-<target>` and pass its binary with --executable PATH.
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    target: { type: "string" },
    outfile: { type: "string", default: "dist/migrator" },
    executable: { type: "string" },
  },
});

const args = [
  "build",
  "--compile",
  // Minified, but names kept: a --verbose stack trace then says connectWithRetry, not t or u.
  "--minify-syntax",
  "--minify-whitespace",
  "--bytecode",
  "--format=esm",
  "--splitting",
  // A migration tool must not pick up the working directory's .env or bunfig.toml (a preload script!):
  // configuration comes from migrator.ini, flags and the process environment only.
  "--no-compile-autoload-dotenv",
  "--no-compile-autoload-bunfig",
  "cli.ts",
  "--outfile",
  values.outfile!,
  ...(values.target ? [`--target=${values.target}`] : []),
  ...(values.executable ? ["--compile-executable-path", values.executable] : []),
];
const proc = Bun.spawnSync([process.execPath, ...args], { cwd: `${import.meta.dir}/..`, stdout: "inherit", stderr: "inherit" });
if (proc.exitCode !== 0) process.exit(proc.exitCode ?? 1);
console.log(`built ${values.outfile}`);
