/**
 * The public types of migrator as one declaration file, for projects that have only the binary: TypeScript
 * emits a .d.ts per source file reachable from mod.ts, and this bundles them into one `migrator.d.ts`
 * holding `declare module "migrator"` (what mod.ts exports) and one ambient module per internal file it
 * refers to. scripts/build.ts embeds the result in the binary; `migrator init` and `migrator types` write it.
 *
 *     bun run scripts/declarations.ts [--outfile dist/migrator.d.ts]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix, relative, sep } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Prefix of the internal modules' names: `migrator/internal/src/operations/operations`. */
const INTERNAL = "migrator/internal/";

/** Run TypeScript over mod.ts and return the bundled declarations. Throws with tsc's output on a type error. */
export function generateDeclarations(root = ROOT): string {
  const out = mkdtempSync(join(tmpdir(), "migrator-dts-"));
  try {
    const config = join(out, "tsconfig.json");
    writeFileSync(
      config,
      JSON.stringify({
        extends: join(root, "tsconfig.json"),
        include: [join(root, "mod.ts")],
        exclude: [],
        compilerOptions: { typeRoots: [join(root, "node_modules", "@types")], noEmit: false, declaration: true, emitDeclarationOnly: true, outDir: join(out, "dts"), rootDir: root },
      }),
    );
    const tsc = Bun.spawnSync([join(root, "node_modules", ".bin", "tsc"), "-p", config], { cwd: root, stdout: "pipe", stderr: "pipe" });
    if (tsc.exitCode !== 0) throw new Error(`tsc could not emit the declarations:\n${tsc.stdout.toString()}${tsc.stderr.toString()}`);
    return bundleDeclarations(join(out, "dts"), readVersion(root));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Bundle the .d.ts files under `dir` reachable from mod.d.ts into one file of ambient modules. */
export function bundleDeclarations(dir: string, version: string): string {
  const modules = new Map<string, string>();
  const visit = (id: string) => {
    if (modules.has(id)) return;
    const file = join(dir, `${id}.d.ts`);
    if (!existsSync(file)) throw new Error(`No declarations for ${id}.ts (looked for ${file})`);
    modules.set(id, "");
    const dependencies: string[] = [];
    const text = readFileSync(file, "utf8").replace(/(\bfrom\s+|\bimport\s*\(\s*|^import\s+)"(\.{1,2}\/[^"]+)"/gm, (_, lead: string, spec: string) => {
      const target = posix.normalize(posix.join(posix.dirname(id), spec)).replace(/\.(d\.)?[cm]?[tj]s$/, "");
      dependencies.push(target);
      return `${lead}"${INTERNAL}${target}"`;
    });
    modules.set(id, ambient(text));
    dependencies.forEach(visit);
  };
  visit("mod");
  const code = [...modules.values()].flatMap((text) => text.split("\n")).filter((line) => !/^\s*(\*|\/\*|\/\/)/.test(line));
  const external = code.flatMap((line) => [...line.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*)"([^"]+)"/g)].map((m) => m[1]!));
  const unknown = [...new Set(external.filter((spec) => !spec.startsWith(INTERNAL)))];
  if (unknown.length > 0) {
    throw new Error(`The public types refer to ${unknown.map((u) => `"${u}"`).join(", ")}, which a project without node_modules cannot resolve`);
  }
  const body = [...modules].map(([id, text]) => {
    const name = id === "mod" ? "migrator" : `${INTERNAL}${id}`;
    return `declare module "${name}" {\n${indent(text)}}\n`;
  });
  return [
    `// The types of the "migrator" module (migrator ${version}), for editors and tsc in projects that have only`,
    "// the binary. Written by `migrator init`; `migrator types` rewrites it for the binary in use. Do not edit.",
    "// The modules under \"migrator/internal/\" hold what the public types refer to: import from \"migrator\" only.",
    "",
    ...body,
  ].join("\n");
}

/** A module's declarations as the body of `declare module`: no `declare` (already ambient), no source map. */
function ambient(text: string): string {
  return text
    .replace(/^\/\/# sourceMappingURL=.*$/gm, "")
    .replace(/^(export\s+)?declare\s+/gm, "$1")
    .replace(/^export \{\};\s*$/gm, "")
    .trimEnd();
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? "" : `    ${line}`))
    .join("\n") + "\n";
}

function readVersion(root: string): string {
  return (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { outfile: { type: "string", default: join(ROOT, "dist", "migrator.d.ts") } } });
  const text = generateDeclarations();
  writeFileSync(values.outfile!, text);
  console.log(`wrote ${relative(process.cwd(), values.outfile!).split(sep).join("/") || values.outfile} (${(text.length / 1024).toFixed(0)} KB)`);
}
