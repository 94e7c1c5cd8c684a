/** The compiled binary for tests: rebuilt when any source file is newer, so a test never runs a stale build. */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dir, "..");
export const binary = join(root, "dist", "migrator");

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

let checked = false;

export function ensureBinary(): string {
  if (checked) return binary;
  const sources = Math.max(...["src", "templates", "scripts", "cli.ts", "mod.ts", "package.json", "tsconfig.json"].map((p) => newest(join(root, p))));
  if (!existsSync(binary) || statSync(binary).mtimeMs < sources) {
    const built = Bun.spawnSync([process.execPath, "run", "scripts/build.ts"], { cwd: root });
    if (built.exitCode !== 0) throw new Error(`build failed: ${built.stderr.toString()}`);
  }
  checked = true;
  return binary;
}

/** Run the compiled binary in `cwd` with a bare environment (PATH, HOME) plus `env`. */
export function runIn(cwd: string, args: readonly string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const p = Bun.spawnSync([ensureBinary(), ...args], { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd, ...env } });
  return { code: p.exitCode ?? -1, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}
