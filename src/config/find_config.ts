import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError } from "../errors.ts";
import type { Env } from "./env_expand.ts";

const DEFAULT_FILE = "migrator.ini";

/**
 * The absolute path of the config file to read: `-c` if given (it must exist), else
 * `$MIGRATOR_CONFIG` (it must exist), else `./migrator.ini` when present, else null.
 */
export function findConfigFile(configPath: string | undefined, cwd: string, env: Env): string | null {
  if (configPath !== undefined) return mustExist(resolve(cwd, configPath), "");
  const fromEnv = env.MIGRATOR_CONFIG;
  if (fromEnv) return mustExist(resolve(cwd, fromEnv), " (named by MIGRATOR_CONFIG)");
  const local = resolve(cwd, DEFAULT_FILE);
  return isFile(local) ? local : null;
}

function mustExist(path: string, origin: string): string {
  if (isFile(path)) return path;
  if (isDirectory(path)) {
    throw new ConfigError(
      `Config file ${path}${origin} is a directory; name the file, e.g. -c ${join(path, DEFAULT_FILE)}`,
    );
  }
  throw new ConfigError(
    `Config file ${path}${origin} does not exist; create one with "migrator init migrations" ` +
      `(it writes ${DEFAULT_FILE} and a migrations folder), or give the right path with -c`,
  );
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
