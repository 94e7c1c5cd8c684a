import { describe, test } from "bun:test";
import { parseArgs as nodeParseArgs } from "node:util";
import { COMMANDS, GLOBAL_OPTIONS } from "./spec.ts";
import { parseArgs } from "./parse_args.ts";

type Options = Parameters<typeof parseArgs>[1];

/** What a parse gives: the values and positionals, or the error's code and message. */
function outcome(parse: () => { values: object; positionals: string[] }): string {
  try {
    const { values, positionals } = parse();
    return JSON.stringify({ values: { ...values }, positionals, proto: Object.getPrototypeOf(values) });
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`;
  }
}

function same(args: string[], options: Options): void {
  const ours = outcome(() => parseArgs(args, options));
  const theirs = outcome(() => nodeParseArgs({ args, options, allowPositionals: true, strict: true }));
  if (ours !== theirs) throw new Error(`${JSON.stringify(args)}: ours ${ours}, node:util ${theirs}`);
}

/** Arguments that reach every branch: each option long and short, with values inline and apart, groups, terminators. */
function pieces(options: Options): string[] {
  const out = ["--", "-", "---x", "--=x", "--=a=b", "-1", "-3:", "ae10", "a=b", "", "-=", "=", "--nope", "-Z", "--__proto__", "-q-", "-v=1", "-qvz", "-qZv"];
  for (const [name, o] of Object.entries(options)) {
    out.push(`--${name}`, `--${name}=`, `--${name}=v`, `--${name}=-v`);
    if (o.short) out.push(`-${o.short}`, `-${o.short}v`, `-${o.short}-v`, `-${o.short}=v`, `-q${o.short}`, `-${o.short}q`, `-qv${o.short}x`);
  }
  return out;
}

describe("parseArgs, as node:util's with strict and allowPositionals", () => {
  const specs = Object.entries(COMMANDS).map(([name, spec]) => [name, { ...GLOBAL_OPTIONS, ...spec.options } as Options] as const);

  test("each piece alone and after each other piece, for every command", () => {
    for (const [, options] of specs) {
      const all = pieces(options);
      for (const a of all) {
        same([a], options);
        for (const b of all) same([a, b], options);
      }
    }
    // Every pair of pieces of every command: a few seconds, more on a loaded machine (a correctness test).
  }, 60_000);

  test("random command lines of up to six pieces", () => {
    let seed = 1;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 20000; i++) {
      const [, options] = specs[random(specs.length)]!;
      const all = pieces(options);
      const args = Array.from({ length: 1 + random(6) }, () => all[random(all.length)]!);
      same(args, options);
    }
  });
});
