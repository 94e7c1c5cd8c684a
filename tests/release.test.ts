/**
 * The binary as shipped: the host build runs in a root holding only itself and the libraries `ldd` lists
 * (a distroless/cc image), and the cross builds of `npm run release` are executables of their platform.
 * The chroot needs root (CI runs as root); without it the test fails rather than skips.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createHash } from "node:crypto";
import { binary, ensureBinary } from "./binary.ts";
import { removeDir, revisionSource, tempDir, withoutTimes } from "./project.ts";
import { binaryName, release, RELEASE_TARGETS } from "../scripts/release.ts";

beforeAll(() => void ensureBinary(), 120_000);
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** The platform a binary is for, read from its header: ELF machine and interpreter, Mach-O CPU, PE machine. */
function platformOf(path: string): string {
  const head = readFileSync(path).subarray(0, 1 << 16);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (view.getUint32(0) === 0x7f454c46) {
    const machine = { 0x3e: "x86-64", 0xb7: "aarch64" }[view.getUint16(18, true)] ?? "unknown";
    const phoff = Number(view.getBigUint64(32, true));
    const [size, count] = [view.getUint16(54, true), view.getUint16(56, true)];
    let interpreter = "static";
    for (let i = 0; i < count; i++) {
      const ph = phoff + i * size;
      if (view.getUint32(ph, true) !== 3) continue; // PT_INTERP
      const offset = Number(view.getBigUint64(ph + 8, true));
      interpreter = head.subarray(offset, offset + Number(view.getBigUint64(ph + 32, true)) - 1).toString();
    }
    return `ELF ${machine} ${interpreter}`;
  }
  if (view.getUint32(0, true) === 0xfeedfacf) {
    return `Mach-O ${{ 0x01000007: "x86-64", 0x0100000c: "arm64" }[view.getUint32(4, true)] ?? "unknown"}`;
  }
  if (head.subarray(0, 2).toString() === "MZ") {
    const pe = view.getUint32(0x3c, true);
    if (head.subarray(pe, pe + 4).toString("latin1") === "PE\0\0") return `PE ${view.getUint16(pe + 4, true) === 0x8664 ? "x86-64" : "unknown"}`;
  }
  return "unknown";
}

function sh(args: string[], env: Record<string, string> = {}) {
  const p = Bun.spawnSync(args, { env: { PATH: process.env.PATH ?? "", ...env } });
  return { code: p.exitCode, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}

describe("containers and platforms", () => {
  test("the host binary runs in a root holding only it and the libraries ldd lists", () => {
    expect(process.getuid?.()).toBe(0); // chroot needs root: run this suite as root (CI does)
    const root = tempDir("migrator-chroot-");
    dirs.push(root);
    copyFileSync(binary, join(root, "migrator"));
    sh(["chmod", "755", join(root, "migrator")]);
    const ldd = sh(["ldd", binary]);
    expect(ldd.code).toBe(0);
    const libraries = [...ldd.stdout.matchAll(/(\/\S+)/g)].map((m) => m[1]!);
    expect(libraries.length).toBeGreaterThan(0);
    for (const lib of libraries) {
      mkdirSync(join(root, dirname(lib)), { recursive: true });
      copyFileSync(lib, join(root, lib));
    }
    // A project inside the root, with an SQLite database beside it. No /tmp, /etc, /dev or shell.
    mkdirSync(join(root, "app", "migrations", "versions"), { recursive: true });
    writeFileSync(join(root, "app", "migrations", "versions", "a1_rev.ts"), revisionSource({ id: "a1" }));
    writeFileSync(join(root, "app", "migrator.ini"), "[migrator]\nscript_location = %(here)s/migrations\nurl = ${DATABASE_URL}\n");
    // As a container runtime does, mount /proc (Bun reads its own executable and limits there), in a mount
    // namespace of its own, so the mount goes away with the process.
    mkdirSync(join(root, "proc"));
    const inRoot = (args: string) =>
      sh(["unshare", "-m", "--propagation", "private", "sh", "-c", `mount -t proc proc '${root}/proc' && exec chroot '${root}' /migrator ${args}`], {
        DATABASE_URL: "sqlite:////app/app.db",
      });
    expect(inRoot("--version")).toEqual({ code: 0, stdout: expect.stringMatching(/^migrator \d/), stderr: "" });
    const up = inRoot("-c /app/migrator.ini upgrade head");
    expect({ ...up, stderr: withoutTimes(up.stderr) }).toEqual({ code: 0, stdout: "", stderr: "Running upgrade  -> a1, rev a1\n" });
    const db = new Database(join(root, "app", "app.db"), { readonly: true });
    expect(db.query("SELECT version_num FROM migrator_version").all()).toEqual([{ version_num: "a1" }]);
    db.close();
  }, 60_000);

  test("the host binary is a dynamically linked ELF for glibc", () => {
    const expected = process.arch === "arm64" ? "ELF aarch64 /lib/ld-linux-aarch64.so.1" : "ELF x86-64 /lib64/ld-linux-x86-64.so.2";
    expect(platformOf(binary)).toBe(expected);
  });

  // Two cross builds (about 5 s each, runtimes fetched once into .tmp/runtimes); npm run release builds all six.
  test("cross builds for Alpine (musl) and Windows have their platform's format, and SHA256SUMS matches", () => {
    const out = tempDir("migrator-release-");
    dirs.push(out);
    const targets = RELEASE_TARGETS.filter((t) => t.name === "linux-x64-musl" || t.name === "windows-x64");
    const sums = release(targets, out);
    expect(targets.map((t) => platformOf(join(out, binaryName(t))))).toEqual(["ELF x86-64 /lib/ld-musl-x86_64.so.1", "PE x86-64"]);
    const expected = targets.map((t) => `${createHash("sha256").update(readFileSync(join(out, binaryName(t)))).digest("hex")}  ${binaryName(t)}`);
    expect(sums).toEqual(expected);
    expect(readFileSync(join(out, "SHA256SUMS"), "utf8")).toBe(expected.join("\n") + "\n");
  }, 300_000);

  test("every release target is named after its platform, Windows with .exe", () => {
    expect(RELEASE_TARGETS.map(binaryName)).toEqual([
      "migrator-linux-x64",
      "migrator-linux-x64-musl",
      "migrator-linux-arm64",
      "migrator-darwin-x64",
      "migrator-darwin-arm64",
      "migrator-windows-x64.exe",
    ]);
  });
});
