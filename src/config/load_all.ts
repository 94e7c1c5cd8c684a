import { ConfigError, UsageError } from "../errors.ts";
import { loadConfig, type LoadConfigOptions } from "./load.ts";
import type { Config } from "./types.ts";

/**
 * The configs of every database one run covers: the section's own config, or, for a multidb section
 * (`databases = primary, analytics` in `[migrator]`, no section named), one config per database section
 * in the listed order. Two databases with the same URL are refused (their revisions would mix), and so is
 * a `url`, which cannot stand for several databases.
 */
export function loadConfigs(options: LoadConfigOptions): Config[] {
  const config = loadConfig(options);
  if (config.databases.length === 0 || options.section !== undefined) return [config];
  if (options.url !== undefined) {
    throw new UsageError(`This config has several databases (${config.databases.join(", ")}): with --url, say which one with -n`);
  }
  const configs = config.databases.map((section) => loadConfig({ ...options, section }));
  configs.forEach((c, i) => {
    const twin = configs.findIndex((o) => o.url !== null && o.url === c.url);
    if (twin !== i) {
      throw new ConfigError(`Databases "${configs[twin]!.section}" and "${c.section}" have the same URL; give each its own url in ${config.file}`);
    }
  });
  return configs;
}
