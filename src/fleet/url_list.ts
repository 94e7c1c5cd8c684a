import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expandEnv, type Env } from "../config/env_expand.ts";
import { redactUrl } from "../config/url.ts";
import { ConfigError } from "../errors.ts";

/** One database of a URL list: the URL, and the name given before it on its line, if any. */
export interface ListedUrl {
  readonly url: string;
  readonly name?: string;
}

/**
 * Parse a list of database URLs (`--urls-file`): one per line, optionally after a name (`acme
 * postgresql://...`); blank lines and `#` comments (a whole line, or after a space) are skipped;
 * `${VAR}` and `${VAR:-fallback}` are expanded as in migrator.ini. A URL listed twice is refused: two
 * runs on one database would only wait for each other's lock.
 */
export function parseUrlList(text: string, file: string, env: Env): ListedUrl[] {
  const out: ListedUrl[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (line === "") return;
    const where = `${file}:${i + 1}`;
    const words = expandEnv(line, env, where).trim().split(/\s+/);
    if (words.length > 2 || words[0] === "") {
      throw new ConfigError(`${where} has ${words.length} words; write one URL per line, or a name and a URL ("acme postgresql://...")`);
    }
    const url = words.at(-1)!;
    const first = seen.get(url);
    if (first !== undefined) throw new ConfigError(`${where} lists ${redactUrl(url)} again (first on line ${first}); list each database once`);
    seen.set(url, i + 1);
    out.push(words.length === 2 ? { name: words[0]!, url } : { url });
  });
  return out;
}

/** Read and parse a URL list file, relative to `cwd`. */
export function readUrlList(path: string, cwd: string, env: Env): ListedUrl[] {
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`Cannot read the URL list ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return parseUrlList(text, file, env);
}
