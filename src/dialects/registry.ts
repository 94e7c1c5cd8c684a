import { ConfigError } from "../errors.ts";
import type { Dialect } from "./dialect.ts";

/**
 * One entry per dialect or variant: the URL schemes that choose it, how its URLs name the database, and
 * the dialect itself, loaded on first use so that the binary only pays for the driver it talks to. A
 * variant of a wire protocol (CockroachDB speaks PostgreSQL's, TiDB MySQL's) is an entry of its own whose
 * dialect composes the base one with its capabilities and lock (src/dialects/<variant>/dialect.ts):
 * adding one touches this map and its folder, no core code.
 */
export interface DialectEntry {
  /** Lower-case URL schemes, without a SQLAlchemy `+driver` suffix. */
  readonly schemes: readonly string[];
  /** "file": the URL names a file (sqlite:///app.db); "server": scheme://user:password@host:port/database. */
  readonly location: "file" | "server";
  /**
   * "tested": the backend suite runs on a real server in CI. "declared": capabilities and lock written
   * from the engine's documentation; no server to test against here.
   */
  readonly status: "tested" | "declared";
  load(): Promise<Dialect>;
}

export const DIALECTS: Readonly<Record<string, DialectEntry>> = {
  postgres: { schemes: ["postgresql", "postgres"], location: "server", status: "tested", load: async () => (await import("./postgres/dialect.ts")).postgresDialect },
  mysql: { schemes: ["mysql", "mariadb"], location: "server", status: "tested", load: async () => (await import("./mysql/dialect.ts")).mysqlDialect },
  sqlite: { schemes: ["sqlite", "file"], location: "file", status: "tested", load: async () => (await import("./sqlite/dialect.ts")).sqliteDialect },
  libsql: { schemes: ["libsql", "https", "http", "wss", "ws"], location: "server", status: "tested", load: async () => (await import("./libsql/dialect.ts")).libsqlDialect },
  cockroachdb: { schemes: ["cockroachdb", "cockroach"], location: "server", status: "declared", load: async () => (await import("./cockroachdb/dialect.ts")).cockroachDialect },
  yugabytedb: { schemes: ["yugabytedb", "yugabyte"], location: "server", status: "declared", load: async () => (await import("./yugabytedb/dialect.ts")).yugabyteDialect },
  tidb: { schemes: ["tidb"], location: "server", status: "declared", load: async () => (await import("./tidb/dialect.ts")).tidbDialect },
  vitess: { schemes: ["vitess"], location: "server", status: "declared", load: async () => (await import("./vitess/dialect.ts")).vitessDialect },
};

export function dialectNames(): string[] {
  return Object.keys(DIALECTS);
}

/** Every scheme a URL may start with, in the registry's order. */
export function knownSchemes(): string[] {
  return Object.values(DIALECTS).flatMap((d) => d.schemes);
}

/** The registry's name and entry for a URL scheme (lower case, no `+driver`). */
export function dialectForScheme(scheme: string): { readonly name: string; readonly entry: DialectEntry } | undefined {
  for (const [name, entry] of Object.entries(DIALECTS)) if (entry.schemes.includes(scheme)) return { name, entry };
  return undefined;
}

export async function loadDialect(name: string): Promise<Dialect> {
  const entry = DIALECTS[name];
  if (!entry) {
    throw new ConfigError(`Dialect "${name}" is not available; known dialects: ${dialectNames().join(", ")}`);
  }
  return entry.load();
}
