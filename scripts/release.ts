/**
 * Build the release binaries into dist/release/, one per platform, and SHA256SUMS:
 *
 *     bun run scripts/release.ts [--only linux-x64,linux-arm64] [--out dist/release]
 *
 * Each binary embeds the Bun runtime of its platform, at the version doing the build (bytecode is tied
 * to it), taken from the packages Bun publishes on npm (`npm pack @oven/bun-<platform>`), cached in
 * .tmp/runtimes/. Needs the npm registry once; offline afterwards.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { build, ROOT, writeEntry } from "./build.ts";

export interface ReleaseTarget {
  /** Name in the release: migrator-<name>[.exe]. */
  readonly name: string;
  /** Bun's --target. */
  readonly bunTarget: string;
  /** The npm package holding that platform's runtime, at package/bin/bun[.exe]. */
  readonly npmPackage: string;
  readonly windows?: true;
}

export const RELEASE_TARGETS: readonly ReleaseTarget[] = [
  { name: "linux-x64", bunTarget: "bun-linux-x64", npmPackage: "@oven/bun-linux-x64" },
  { name: "linux-x64-musl", bunTarget: "bun-linux-x64-musl", npmPackage: "@oven/bun-linux-x64-musl" },
  { name: "linux-arm64", bunTarget: "bun-linux-arm64", npmPackage: "@oven/bun-linux-aarch64" },
  { name: "darwin-x64", bunTarget: "bun-darwin-x64", npmPackage: "@oven/bun-darwin-x64" },
  { name: "darwin-arm64", bunTarget: "bun-darwin-arm64", npmPackage: "@oven/bun-darwin-aarch64" },
  { name: "windows-x64", bunTarget: "bun-windows-x64", npmPackage: "@oven/bun-windows-x64", windows: true },
];

export const RUNTIME_CACHE = join(ROOT, ".tmp", "runtimes");

export function binaryName(target: ReleaseTarget): string {
  return `migrator-${target.name}${target.windows ? ".exe" : ""}`;
}

/** The path of the target's Bun runtime at `version`, fetched with `npm pack` and unpacked when not cached. */
export function runtimeFor(target: ReleaseTarget, version: string, cache = RUNTIME_CACHE): string {
  const dir = join(cache, `${target.name}-${version}`);
  const exe = join(dir, "package", "bin", target.windows ? "bun.exe" : "bun");
  if (existsSync(exe)) return exe;
  mkdirSync(dir, { recursive: true });
  const spec = `${target.npmPackage}@${version}`;
  const pack = Bun.spawnSync(["npm", "pack", spec, "--silent", "--pack-destination", dir], { stdout: "pipe", stderr: "pipe" });
  const tarball = pack.stdout.toString().trim().split("\n").pop() ?? "";
  if (pack.exitCode !== 0 || tarball === "") {
    throw new Error(`npm pack ${spec} failed (exit ${pack.exitCode}): ${pack.stderr.toString().trim()}`);
  }
  const untar = Bun.spawnSync(["tar", "-xzf", join(dir, basename(tarball)), "-C", dir], { stdout: "pipe", stderr: "pipe" });
  if (untar.exitCode !== 0 || !existsSync(exe)) throw new Error(`Cannot unpack ${tarball}: ${untar.stderr.toString().trim() || `no ${relative(dir, exe)}`}`);
  rmSync(join(dir, basename(tarball)));
  return exe;
}

/** Build the targets into `out` and write `out`/SHA256SUMS; returns the lines of SHA256SUMS. */
export function release(targets: readonly ReleaseTarget[], out: string, version = Bun.version): string[] {
  mkdirSync(out, { recursive: true });
  const sums: string[] = [];
  const entry = writeEntry();
  for (const target of targets) {
    const started = performance.now();
    const outfile = join(out, binaryName(target));
    build({ outfile, target: target.bunTarget, executable: runtimeFor(target, version) }, "pipe", entry);
    const bytes = readFileSync(outfile);
    sums.push(`${createHash("sha256").update(bytes).digest("hex")}  ${basename(outfile)}`);
    const mb = (bytes.length / 1e6).toFixed(1);
    console.log(`built ${relative(ROOT, outfile)} (${mb} MB, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  writeFileSync(join(out, "SHA256SUMS"), sums.join("\n") + "\n");
  return sums;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { only: { type: "string" }, out: { type: "string", default: join(ROOT, "dist", "release") } } });
  const wanted = values.only?.split(",").map((s) => s.trim());
  const unknown = wanted?.filter((w) => !RELEASE_TARGETS.some((t) => t.name === w)) ?? [];
  if (unknown.length > 0) {
    console.error(`Unknown target ${unknown.map((u) => `"${u}"`).join(", ")}; choose from ${RELEASE_TARGETS.map((t) => t.name).join(", ")}`);
    process.exit(2);
  }
  const declared = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { devDependencies?: Record<string, string> }).devDependencies?.["bun"];
  if (declared && declared.replace(/^[\^~]/, "") !== Bun.version) {
    console.warn(`Note: building with Bun ${Bun.version}, while package.json asks for bun ${declared}`);
  }
  try {
    release(wanted ? RELEASE_TARGETS.filter((t) => wanted.includes(t.name)) : RELEASE_TARGETS, values.out!);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  console.log(`wrote ${relative(ROOT, join(values.out!, "SHA256SUMS"))}`);
}
