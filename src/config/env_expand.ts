import { ConfigError } from "../errors.ts";

/** Environment variables, as `process.env` gives them. */
export type Env = Readonly<Record<string, string | undefined>>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Expand `${NAME}` and `${NAME:-fallback}` (fallback used when NAME is unset or empty; it may itself
 * hold `${...}`). `$${` is a literal `${`; any other `$` is kept. Values from the environment are
 * inserted as they are, never expanded again. `where` names the value in error messages.
 */
export function expandEnv(value: string, env: Env, where: string): string {
  if (!value.includes("${")) return value;
  return new Expander(value, env, where).run();
}

class Expander {
  constructor(
    private readonly s: string,
    private readonly env: Env,
    private readonly where: string,
  ) {}

  run(): string {
    return this.expand(0, true, false).text;
  }

  /** Reads from `pos` up to the end, or up to a closing "}" when `nested`; `live` false only parses. */
  private expand(pos: number, live: boolean, nested: boolean): { text: string; end: number } {
    const s = this.s;
    let out = "";
    let i = pos;
    while (i < s.length) {
      if (nested && s[i] === "}") return { text: out, end: i };
      if (s.startsWith("$${", i)) {
        out += "${";
        i += 3;
      } else if (s.startsWith("${", i)) {
        const name = NAME.exec(s.slice(i + 2))?.[0];
        if (!name) throw this.error(`"\${" at position ${i + 1} must be followed by a variable name (write $\${ for a literal \${)`);
        const after = i + 2 + name.length;
        const current = this.env[name];
        if (s[after] === "}") {
          if (live && current === undefined) {
            throw new ConfigError(
              `Environment variable "${name}" is not set (used in ${this.where}); set it, or give a fallback: \${${name}:-value}`,
            );
          }
          out += current ?? "";
          i = after + 1;
        } else if (s.startsWith(":-", after)) {
          const useFallback = current === undefined || current === "";
          const inner = this.expand(after + 2, live && useFallback, true);
          if (s[inner.end] !== "}") throw this.error(`"\${${name}:-" is not closed by "}"`);
          out += useFallback ? inner.text : current;
          i = inner.end + 1;
        } else {
          throw this.error(`"\${${name}" must be followed by "}" or ":-fallback}"`);
        }
      } else {
        out += s[i];
        i += 1;
      }
    }
    return { text: out, end: i };
  }

  private error(detail: string): ConfigError {
    return new ConfigError(`Invalid environment reference in ${this.where}: ${detail}`);
  }
}
