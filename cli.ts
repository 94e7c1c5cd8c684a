#!/usr/bin/env bun
/**
 * The migrator binary: parses arguments, runs one command, prints its result. The work is done by the
 * command functions in src/commands (also exported by mod.ts); this file only connects them to a process.
 * `--version` answers before anything else loads (the binary is split into chunks loaded on demand).
 */
import { VERSION } from "./src/version.ts";

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  console.log(`migrator ${VERSION}`);
} else {
  const { main } = await import("./src/cli/main.ts");
  const { stderr, stdout } = await import("./src/cli/stdio.ts");
  const colors = !process.env.NO_COLOR && process.env.TERM !== "dumb" && (await stderrIsTerminal());
  // Exit now, not when the event loop drains: a driver that leaves a socket or timer behind (after a lost
  // connection, an interrupted run) must not keep a finished command alive. Output is written synchronously.
  process.exit(await main(argv, { env: process.env, cwd: process.cwd(), stdout, stderr, colors }));
}

/**
 * isatty(2), without loading node:tty (~5 M instructions, ~3 ms at start-up) when stderr cannot be a
 * terminal: a terminal is a character device, so a pipe or a file (CI, scripts) is answered by one fstat,
 * and /dev/null (`2>/dev/null`, a benchmark's discarded output), a character device too, by one stat more.
 */
async function stderrIsTerminal(): Promise<boolean> {
  const { fstatSync, statSync } = await import("node:fs");
  let rdev: number;
  try {
    const stat = fstatSync(2);
    if (!stat.isCharacterDevice()) return false;
    rdev = stat.rdev;
  } catch {
    return false;
  }
  try {
    if (rdev === statSync("/dev/null").rdev) return false;
  } catch {
    // No /dev/null (Windows): isatty answers.
  }
  const { isatty } = await import("node:tty");
  return isatty(2);
}
