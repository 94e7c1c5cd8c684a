import { ConfigError } from "../errors.ts";
import type { Dialect } from "./dialect.ts";

/** Every dialect, loaded on first use so that the binary only pays for the driver it talks to. */
const loaders: Readonly<Record<string, () => Promise<Dialect>>> = {
  sqlite: async () => (await import("./sqlite/dialect.ts")).sqliteDialect,
  libsql: async () => (await import("./libsql/dialect.ts")).libsqlDialect,
  mysql: async () => (await import("./mysql/dialect.ts")).mysqlDialect,
  postgres: async () => (await import("./postgres/dialect.ts")).postgresDialect,
};

export function dialectNames(): string[] {
  return Object.keys(loaders);
}

export async function loadDialect(name: string): Promise<Dialect> {
  const load = loaders[name];
  if (!load) {
    throw new ConfigError(`Dialect "${name}" is not available; known dialects: ${dialectNames().join(", ")}`);
  }
  return load();
}
