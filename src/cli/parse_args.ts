/**
 * The command line's options, read as `parseArgs` of node:util reads them with `strict: true` and
 * `allowPositionals: true` (the same values, positionals and error messages; parse_args.test.ts holds it
 * to that, against node:util itself), without loading node:util: that module costs about 1.5 ms of
 * start-up, a tenth of a `current`.
 */
import type { ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Value = string | boolean | (string | boolean)[];

export interface ParsedArgs {
  /** Option values by long name (a null-prototype object, as node:util's). */
  readonly values: Record<string, Value | undefined>;
  readonly positionals: string[];
}

/** An error of the command line, with node:util's code. */
export class ParseArgsError extends TypeError {
  constructor(
    message: string,
    readonly code: "ERR_PARSE_ARGS_UNKNOWN_OPTION" | "ERR_PARSE_ARGS_INVALID_OPTION_VALUE",
  ) {
    super(message);
  }
}

interface Token {
  readonly name: string;
  /** As written: "--url", "-r"; inside a group the letter alone ("-qz": "z"), as node:util says it. */
  readonly rawName: string;
  readonly value: string | undefined;
  readonly inline: boolean;
}

export function parseArgs(args: readonly string[], options: Options): ParsedArgs {
  const values: Record<string, Value | undefined> = Object.create(null);
  const positionals: string[] = [];
  const longFor = (short: string): string => {
    for (const name of Object.keys(options)) if (options[name]!.short === short) return name;
    return short;
  };
  const isString = (name: string) => Object.hasOwn(options, name) && options[name]!.type === "string";
  const take = (token: Token) => {
    check(options, token);
    if (token.name === "__proto__") return;
    const value = token.value ?? true;
    if (options[token.name]!.multiple) {
      const list = values[token.name];
      if (Array.isArray(list)) list.push(value);
      else values[token.name] = [value];
    } else values[token.name] = value;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.length === 2 && arg[0] === "-" && arg[1] !== "-") {
      // -f, and its value as the next argument when it takes one
      const name = longFor(arg[1]!);
      const value = isString(name) && next !== undefined ? (i++, next) : undefined;
      take({ name, rawName: arg, value, inline: false });
      continue;
    }
    if (arg.length > 2 && arg[0] === "-" && arg[1] !== "-") {
      const first = longFor(arg[1]!);
      if (isString(first)) {
        // -fVALUE
        take({ name: first, rawName: `-${arg[1]}`, value: arg.slice(2), inline: true });
        continue;
      }
      // A group: -qv, or -qxVALUE (the first option that takes a value takes the rest), or -qx VALUE.
      for (let k = 1; k < arg.length; k++) {
        const letter = arg[k]!;
        const name = longFor(letter);
        const last = k === arg.length - 1;
        if (isString(name) && !last) {
          take({ name, rawName: letter, value: arg.slice(k + 1), inline: true });
          break;
        }
        if (isString(name) && last) {
          const value = next !== undefined ? (i++, next) : undefined;
          take({ name, rawName: letter, value, inline: false });
          break;
        }
        take({ name, rawName: letter, value: undefined, inline: false });
      }
      continue;
    }
    if (arg.length > 2 && arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      if (eq > 2) {
        // --foo=VALUE
        const name = arg.slice(2, eq);
        take({ name, rawName: `--${name}`, value: arg.slice(eq + 1), inline: true });
      } else {
        // --foo, and its value as the next argument when it takes one
        const name = arg.slice(2);
        const value = isString(name) && next !== undefined ? (i++, next) : undefined;
        take({ name, rawName: arg, value, inline: false });
      }
      continue;
    }
    positionals.push(arg);
  }
  return { values, positionals };
}

/** node:util's strict checks of one option, with its messages. */
function check(options: Options, token: Token): void {
  if (!Object.hasOwn(options, token.name)) {
    throw new ParseArgsError(
      `Unknown option '${token.rawName}'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- ${JSON.stringify(token.rawName)}`,
      "ERR_PARSE_ARGS_UNKNOWN_OPTION",
    );
  }
  const option = options[token.name]!;
  const shortAndLong = `${option.short ? `-${option.short}, ` : ""}--${token.name}`;
  if (option.type === "string" && typeof token.value !== "string") {
    throw new ParseArgsError(`Option '${shortAndLong} <value>' argument missing`, "ERR_PARSE_ARGS_INVALID_OPTION_VALUE");
  }
  if (option.type === "boolean" && token.value !== undefined) {
    throw new ParseArgsError(`Option '${shortAndLong}' does not take an argument`, "ERR_PARSE_ARGS_INVALID_OPTION_VALUE");
  }
  if (!token.inline && token.value !== undefined && token.value.length > 1 && token.value[0] === "-") {
    const example = token.rawName.startsWith("--") ? `'${token.rawName}=-XYZ'` : `'--${token.name}=-XYZ' or '${token.rawName}-XYZ'`;
    throw new ParseArgsError(
      `Option '${token.rawName}' argument is ambiguous.\nDid you forget to specify the option argument for '${token.rawName}'?\nTo specify an option argument starting with a dash use ${example}.`,
      "ERR_PARSE_ARGS_INVALID_OPTION_VALUE",
    );
  }
}
