import { ConfigError } from "../errors.ts";
import { expandEnv, type Env } from "./env_expand.ts";
import type { IniDocument, IniEntry } from "./ini.ts";

export interface ResolveIniOptions {
  /** Values visible in every section below `[DEFAULT]` (e.g. `here`); taken literally. */
  readonly defaults?: Readonly<Record<string, string>>;
  readonly env: Env;
  /** Called when a key cannot be resolved: return true to leave the key out instead of throwing. */
  readonly skip?: (key: string, error: ConfigError) => boolean;
}

/** configparser's MAX_INTERPOLATION_DEPTH. */
const MAX_DEPTH = 10;
const REFERENCE = /^%\(([^)]+)\)s/;

interface Source {
  readonly value: string;
  /** Supplied defaults are not interpolated. */
  readonly literal: boolean;
  readonly where: string;
}

/**
 * Every key of one section (the supplied defaults, then `[DEFAULT]`, then the section's own keys)
 * after configparser's BasicInterpolation (`%(name)s` from the same section, `[DEFAULT]` or the
 * supplied defaults; `%%` is `%`) and then `${ENV}` / `${ENV:-fallback}` expansion.
 */
export function resolveIniSection(doc: IniDocument, name: string, options: ResolveIniOptions): Record<string, string> {
  const section = doc.sections.find((s) => s.name === name);
  if (!section) {
    const names = doc.sections.map((s) => `[${s.name}]`).join(", ") || "none";
    throw new ConfigError(`No section [${name}] in ${doc.file}; sections: ${names}`);
  }
  const sources = new Map<string, Source>();
  for (const [key, value] of Object.entries(options.defaults ?? {})) {
    sources.set(key.toLowerCase(), { value, literal: true, where: `default "${key}"` });
  }
  const add = (sectionName: string, entries: ReadonlyMap<string, IniEntry>): void => {
    for (const entry of entries.values()) {
      sources.set(entry.key, { value: entry.value, literal: false, where: `[${sectionName}] ${entry.key} (${doc.file}:${entry.line})` });
    }
  };
  add("DEFAULT", doc.defaults);
  add(section.name, section.entries);

  const result = new Map<string, string>();
  for (const [key, source] of sources) {
    try {
      const interpolated = source.literal ? source.value : interpolate(sources, source, [key]);
      result.set(key, expandEnv(interpolated, options.env, source.where));
    } catch (error) {
      if (!(error instanceof ConfigError && options.skip?.(key, error))) throw error;
    }
  }
  return Object.fromEntries(result);
}

function interpolate(sources: ReadonlyMap<string, Source>, source: Source, chain: readonly string[]): string {
  const raw = source.value;
  let out = "";
  let i = 0;
  for (;;) {
    const at = raw.indexOf("%", i);
    if (at < 0) return out + raw.slice(i);
    out += raw.slice(i, at);
    if (raw[at + 1] === "%") {
      out += "%";
      i = at + 2;
      continue;
    }
    const match = REFERENCE.exec(raw.slice(at));
    if (!match) {
      throw new ConfigError(
        `Bad "%" in ${source.where}: "%" must start "%(name)s" or be doubled; write "%%" for a literal "%"`,
      );
    }
    const name = (match[1] ?? "").toLowerCase();
    const target = sources.get(name);
    if (!target) {
      const known = [...sources.keys()].map((k) => `"${k}"`).join(", ");
      throw new ConfigError(`Unknown reference "%(${name})s" in ${source.where}; known keys: ${known}`);
    }
    if (chain.includes(name)) {
      throw new ConfigError(`Reference cycle in ${source.where}: ${[...chain, name].join(" -> ")}`);
    }
    if (chain.length >= MAX_DEPTH) {
      throw new ConfigError(`Interpolation in ${source.where} is nested more than ${MAX_DEPTH} levels deep`);
    }
    out += target.literal ? target.value : interpolate(sources, target, [...chain, name]);
    i = at + match[0].length;
  }
}
