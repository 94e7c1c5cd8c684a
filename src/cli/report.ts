import { redactSecrets, urlSecrets } from "../config/url.ts";
import { MigratorError } from "../errors.ts";
import type { Io } from "./io.ts";

/**
 * Print an error as one line (the stack only with --verbose) with every known secret removed, and
 * return the exit code: the error's own for a MigratorError, 1 for anything else.
 */
export function reportError(
  error: unknown,
  options: { verbose: boolean; secrets: readonly string[]; io: Io; argv: readonly string[] },
): number {
  const secrets = [...options.secrets, ...argvSecrets(options.argv, options.io.env)];
  const clean = (text: string) => redactSecrets(text, secrets);
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split("\n")[0] ?? "";
  const expected = error instanceof MigratorError;
  const hint = expected || options.verbose ? "" : " (unexpected: run again with --verbose for the stack trace)";
  const label = options.io.colors ? "\x1b[31merror:\x1b[0m" : "error:";
  options.io.stderr(`${label} ${clean(firstLine)}${hint}\n`);
  if (options.verbose && error instanceof Error && error.stack) {
    options.io.stderr(`${clean(error.stack)}\n`);
    if (error.cause instanceof Error && error.cause.stack) options.io.stderr(`caused by: ${clean(error.cause.stack)}\n`);
  }
  return error instanceof MigratorError ? error.exitCode : 1;
}

/** Passwords of the URLs the user gave, so that they can be removed even before the config is read. */
function argvSecrets(argv: readonly string[], env: Record<string, string | undefined>): string[] {
  const urls: string[] = [];
  argv.forEach((arg, i) => {
    if (arg === "--url" && argv[i + 1]) urls.push(argv[i + 1]!);
    if (arg.startsWith("--url=")) urls.push(arg.slice(6));
  });
  if (env.DATABASE_URL) urls.push(env.DATABASE_URL);
  return urls.flatMap((u) => urlSecrets(u));
}
