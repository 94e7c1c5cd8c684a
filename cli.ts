#!/usr/bin/env bun
/**
 * The migrator binary: parses arguments, runs one command, prints its result. The work is done by the
 * command functions in src/commands (also exported by mod.ts); this file only connects them to a process.
 */
import { main } from "./src/cli/main.ts";
import { flush, stderr, stdout } from "./src/cli/stdio.ts";

const code = await main(process.argv.slice(2), { env: process.env, cwd: process.cwd(), stdout, stderr });
await flush();
process.exitCode = code;
