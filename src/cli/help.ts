import { EXIT_CODES } from "../errors.ts";
import { COMMANDS, GLOBAL_OPTIONS, type CommandSpec } from "./spec.ts";

function optionLines(options: CommandSpec["options"]): string[] {
  return Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.arg ? ` ${o.arg}` : ""}`;
    return `  ${flag.padEnd(30)} ${o.help}`;
  });
}

export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    "usage: migrator [options] <command> [args]",
    "",
    "Database schema migrations with a revision graph (Alembic semantics), in one binary.",
    "",
    "commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    "options:",
    ...optionLines(GLOBAL_OPTIONS),
    "      --version                  print the version",
    "",
    '"up" runs upgrade. Run "migrator <command> --help" for a command\'s options, examples and exit codes.',
    "",
  ].join("\n");
}

/** What each exit code means, as --help says it. */
const EXIT_MEANINGS: Readonly<Record<number, string>> = {
  [EXIT_CODES.ok]: "success",
  [EXIT_CODES.error]: "an error (one line on stderr starting with \"error:\")",
  [EXIT_CODES.usage]: "bad usage: unknown command or option, wrong arguments",
  [EXIT_CODES.checkDifferences]: "the database (or the history) differs from the declared schema",
  [EXIT_CODES.behind]: "--check-heads: the database is not at every head",
  [EXIT_CODES.unreachable]: "the database cannot be reached (refused, no answer, --wait gave up)",
  [EXIT_CODES.sigint]: "stopped by SIGINT (the run's transaction rolled back)",
  [EXIT_CODES.sigterm]: "stopped by SIGTERM (the run's transaction rolled back)",
};

function wrap(text: string, indent = ""): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && (indent + line + " " + word).length > 100) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

export function commandHelp(name: string, spec: CommandSpec): string {
  const codes = [EXIT_CODES.ok, EXIT_CODES.error, EXIT_CODES.usage, ...(spec.connects ? [EXIT_CODES.unreachable] : []), ...(spec.exitCodes ?? [])].sort((a, b) => a - b);
  const width = Math.max(0, ...(spec.examples ?? []).filter((e) => e.includes("  # ")).map((e) => e.split("  # ")[0]!.length));
  return [
    `usage: migrator ${name}${Object.keys(spec.options).length ? " [options]" : ""}${spec.args ? ` ${spec.args}` : ""}`,
    "",
    `${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}.`,
    ...(spec.details ? ["", ...wrap(spec.details)] : []),
    "",
    ...(Object.keys(spec.options).length ? ["options:", ...optionLines(spec.options), ""] : []),
    "global options:",
    ...optionLines(GLOBAL_OPTIONS),
    "",
    ...(spec.examples?.length
      ? ["examples:", ...spec.examples.map((e) => {
          const [command, comment] = e.split("  # ");
          return `  ${comment ? `${command!.padEnd(width)}  # ${comment}` : command}`;
        }), ""]
      : []),
    "exit codes:",
    ...codes.map((c) => `  ${String(c).padStart(3)}  ${EXIT_MEANINGS[c]}`),
    "",
    "environment:",
    ...ENVIRONMENT.flatMap(([k, v]) => wrap(v, " ".repeat(19)).map((line, i) => (i === 0 ? `  ${k.padEnd(16)} ${line.trimStart()}` : line))),
    "",
  ].join("\n");
}

const ENVIRONMENT: readonly (readonly [string, string])[] = [
  ["DATABASE_URL", "the database URL when neither --url nor the config's url gives one"],
  ["MIGRATOR_CONFIG", "the config file when -c is not given (default ./migrator.ini)"],
  ["NO_COLOR", "no colours (they are only used on a terminal anyway)"],
  [".env", "KEY=VALUE lines in the working folder, read for DATABASE_URL and ${VAR} in the config; real variables win (--env-file, --no-env-file)"],
];
