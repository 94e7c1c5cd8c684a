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
    'Run "migrator <command> --help" for a command\'s options.',
    "",
  ].join("\n");
}

export function commandHelp(name: string, spec: CommandSpec): string {
  return [
    `usage: migrator ${name}${Object.keys(spec.options).length ? " [options]" : ""}${spec.args ? ` ${spec.args}` : ""}`,
    "",
    `${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}.`,
    "",
    ...(spec.details ? [spec.details, ""] : []),
    ...(Object.keys(spec.options).length ? ["options:", ...optionLines(spec.options), ""] : []),
    "global options:",
    ...optionLines(GLOBAL_OPTIONS),
    "",
  ].join("\n");
}
