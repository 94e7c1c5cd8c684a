#!/usr/bin/env bun
/**
 * The migrator binary: parses arguments, runs one command, prints its result. Everything else lives in
 * src/ and is imported lazily, so `migrator --version` loads almost nothing.
 */
import { main } from "./src/cli/main.ts";

process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
