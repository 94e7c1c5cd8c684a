import { readFileSync } from "node:fs";
import { ConfigError } from "../errors.ts";

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/;
const ESCAPES: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\", $: "$" };

/**
 * Parse a `.env` file as dbmate reads one: `KEY=VALUE` lines (an `export ` before the key is allowed),
 * blank lines and `#` comments skipped, a ` #` after an unquoted value starts a comment, 'single quotes'
 * keep the text as it is, "double quotes" understand \n \t \" \\ and may span lines. Values are not
 * expanded. `file` names the file in errors.
 */
export function parseDotenv(text: string, file: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    const match = LINE.exec(line);
    if (!match) throw new ConfigError(`${file}:${i + 1}: expected KEY=VALUE; got "${line.trim()}"`);
    const key = match[1]!;
    let rest = match[2]!;
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      // A quoted value may go on over the next lines until its closing quote.
      const start = i;
      let body = rest.slice(1);
      let end = closing(body, quote);
      while (end < 0 && i + 1 < lines.length) {
        body += `\n${lines[++i]}`;
        end = closing(body, quote);
      }
      if (end < 0) throw new ConfigError(`${file}:${start + 1}: the value of ${key} has no closing ${quote}`);
      const raw = body.slice(0, end);
      values[key] = quote === "'" ? raw : raw.replace(/\\(.)/g, (all, c: string) => ESCAPES[c] ?? all);
      continue;
    }
    const comment = rest.search(/\s#/);
    if (comment >= 0) rest = rest.slice(0, comment);
    values[key] = rest.trim();
  }
  return values;
}

function closing(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    if (quote === '"' && body[i] === "\\") i++;
    else if (body[i] === quote) return i;
  }
  return -1;
}

/** The variables of a `.env` file; `required`: a missing file is an error (--env-file), else it counts as empty. */
export function readDotenv(path: string, required: boolean): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (!required && (error as { code?: string }).code === "ENOENT") return {};
    throw new ConfigError(`Cannot read the env file ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return parseDotenv(text, path);
}
