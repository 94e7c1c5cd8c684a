import { COMMANDS, GLOBAL_OPTIONS, type CommandSpec } from "./spec.ts";
import { VERSION } from "../version.ts";
import { UsageError } from "../errors.ts";
import { run } from "./run.ts";
import { ALIASES, unknownCommandAdvice } from "./suggest.ts";
import { reportError } from "./report.ts";
import type { Io } from "./io.ts";
import { isTolerated } from "../runtime/tolerated_rejections.ts";
import { parseArgs } from "./parse_args.ts";

export type { Io } from "./io.ts";


/** Run the CLI; returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const verbose = argv.includes("--verbose") || argv.includes("-v");
  let secrets: string[] = [];
  // A driver that fails outside any awaited call (a rejected promise nobody holds) still ends the run
  // with one line, not the runtime's dump of minified source.
  const crash = (error: unknown) => {
    // A driver's rejection the run hears about another way (runtime/tolerated_rejections.ts).
    if (isTolerated(error)) return;
    reportError(error, { verbose, secrets, io, argv });
    process.exit(1);
  };
  process.on("unhandledRejection", crash);
  process.on("uncaughtException", crash);
  try {
    if (argv[0] === "--version" || argv[0] === "-V") {
      io.stdout(`migrator ${VERSION}\n`);
      return 0;
    }
    const commandIndex = findCommand(argv);
    const given = commandIndex >= 0 ? argv[commandIndex]! : undefined;
    const name = given !== undefined ? (ALIASES[given] ?? given) : undefined;
    if (name === undefined) {
      if (argv.includes("--version")) {
        io.stdout(`migrator ${VERSION}\n`);
        return 0;
      }
      if (argv.length === 0 || argv.includes("-h") || argv.includes("--help")) {
        io.stdout((await import("./help.ts")).mainHelp());
        return 0;
      }
      throw new UsageError(`No command given (got "${argv.join(" ")}"); run "migrator --help" for the commands`);
    }
    const spec = COMMANDS[name];
    if (!spec) {
      throw new UsageError(`Unknown command "${name}"${unknownCommandAdvice(name)}`);
    }
    const rest = relativeRevisions(spec, [...argv.slice(0, commandIndex), ...argv.slice(commandIndex + 1)]);
    const parsed = parse(name, spec, rest);
    if (parsed.values.help) {
      io.stdout((await import("./help.ts")).commandHelp(name, spec));
      return 0;
    }
    // A run stops cleanly on SIGINT / SIGTERM and says what state it left (signals.ts).
    // help.ts and signals.ts are loaded by the runs that use them (start-up of the others: heads, current...).
    const stopper = name === "upgrade" || name === "downgrade" ? (await import("./signals.ts")).stopOnSignals(io.stderr) : undefined;
    try {
      return await run(name, parsed.values, parsed.positionals, stopper ? { ...io, signal: stopper.signal } : io, (s) => (secrets = s));
    } finally {
      stopper?.dispose();
    }
  } catch (error) {
    return reportError(error, { verbose, secrets, io, argv });
  }
}

/**
 * Relative revisions ("-1", "-2:", "-3:head") look like short options to parseArgs: glue them to the
 * option they are the value of (`-r -3:` → `--rev-range=-3:`), or pass them as positionals after "--".
 */
function relativeRevisions(spec: CommandSpec, args: string[]): string[] {
  const looksRelative = (a: string) => /^-\d/.test(a);
  const options = { ...GLOBAL_OPTIONS, ...spec.options };
  const out: string[] = [];
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    // "-r=-3:" (argparse style): parseArgs would read "=-3:" as the value.
    const shortEq = /^-([A-Za-z])=(.*)$/s.exec(arg);
    const shortName = shortEq && Object.keys(options).find((k) => options[k]!.short === shortEq[1] && options[k]!.type === "string");
    if (shortEq && shortName) {
      out.push(`--${shortName}=${shortEq[2]}`);
      continue;
    }
    const name = arg.startsWith("--") ? arg.slice(2) : Object.keys(options).find((k) => `-${options[k]!.short}` === arg);
    const next = args[i + 1];
    if (name && options[name]?.type === "string" && next !== undefined && looksRelative(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else if (looksRelative(arg)) positional.push(arg);
    else out.push(arg);
  }
  return positional.length > 0 ? [...out, "--", ...positional] : out;
}

function findCommand(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") return -1;
    if (!arg.startsWith("-")) return i;
    if (takesValue(arg)) i++;
  }
  return -1;
}

/**
 * Whether `arg` is a global option that takes a value (--config, -c), so that its value is not mistaken for
 * the command name. Looked up per option given, not from a table built at start-up.
 */
function takesValue(arg: string): boolean {
  const name = arg.startsWith("--") ? arg.slice(2) : arg.length === 2 ? Object.keys(GLOBAL_OPTIONS).find((k) => GLOBAL_OPTIONS[k]!.short === arg[1]) : undefined;
  return name !== undefined && Object.hasOwn(GLOBAL_OPTIONS, name) && GLOBAL_OPTIONS[name]!.type === "string";
}

function parse(name: string, spec: CommandSpec, args: string[]) {
  const options = { ...GLOBAL_OPTIONS, ...spec.options };
  let parsed;
  try {
    // node:util's parseArgs, without loading node:util (parse_args.ts).
    parsed = parseArgs(args, options);
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0]!.replace(/\. To specify a positional.*$/, "") : String(error);
    throw new UsageError(`${message} (see "migrator ${name} --help")`);
  }
  if (!parsed.values.help && (parsed.positionals.length < spec.minArgs || parsed.positionals.length > spec.maxArgs)) {
    const wanted = spec.args ? `expects ${spec.args}` : "takes no arguments";
    throw new UsageError(`"migrator ${name}" ${wanted}; got ${parsed.positionals.length ? `"${parsed.positionals.join(" ")}"` : "none"} (see "migrator ${name} --help")`);
  }
  return parsed;
}
