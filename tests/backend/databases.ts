/**
 * The real databases the backend suite runs on: a fresh, empty database per test file on each server.
 * PostgreSQL and MariaDB come from MIGRATOR_TEST_PG_URL / MIGRATOR_TEST_MYSQL_URL (defaults: this
 * machine's servers). A server that cannot be reached fails the suite; it is never skipped.
 * MIGRATOR_TEST_DB_PREFIX names the databases made (default "migrator_backend_"), for a server shared with
 * others where one may only make databases of a given prefix.
 */
import { afterAll, beforeAll } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../../src/config/types.ts";
import { parseDatabaseUrl } from "../../src/config/url.ts";
import { loadDialect } from "../../src/dialects/registry.ts";
import { removeDir, tempDir, testConfig } from "../project.ts";

export interface TestDatabase {
  /** Dialect name, for labels only: the suite asks capabilities. */
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

export const PG_URL = process.env["MIGRATOR_TEST_PG_URL"] ?? "postgresql://postgres@127.0.0.1:5432/test";
export const MYSQL_URL = process.env["MIGRATOR_TEST_MYSQL_URL"] ?? "mysql://root@127.0.0.1:3306/test";

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function serverDatabase(name: string, adminUrl: string, create: (db: string) => string, drop: (db: string) => string): Promise<TestDatabase> {
  const db = `${process.env["MIGRATOR_TEST_DB_PREFIX"] ?? "migrator_backend_"}${Math.random().toString(36).slice(2, 10)}`;
  const parsed = parseDatabaseUrl(adminUrl);
  const dialect = await loadDialect(parsed.dialect);
  const admin = await dialect.connect(parsed, { timeoutMs: 5000 });
  await admin.execute(create(db));
  return {
    name,
    url: withDatabase(adminUrl, db),
    async drop() {
      await admin.execute(drop(db));
      await admin.close();
    },
  };
}

export const DATABASES: Readonly<Record<string, () => Promise<TestDatabase>>> = {
  sqlite: async () => {
    const dir = tempDir("migrator-backend-");
    return { name: "sqlite", url: `sqlite:///${join(dir, "test.db")}`, drop: async () => removeDir(dir) };
  },
  postgres: () => serverDatabase("postgres", PG_URL, (db) => `CREATE DATABASE "${db}"`, (db) => `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`),
  mysql: () => serverDatabase("mysql", MYSQL_URL, (db) => `CREATE DATABASE \`${db}\``, (db) => `DROP DATABASE IF EXISTS \`${db}\``),
};

/** A fresh database and an empty project on it (migrations/versions made). */
export interface FreshProject {
  readonly db: TestDatabase;
  readonly dir: string;
  readonly config: Config;
}

/**
 * In a describe block: a fresh database from `create` and a project folder for it before the block's tests
 * (handed to `use`), both removed after them.
 */
export function freshProject(prefix: string, create: () => Promise<TestDatabase>, use: (project: FreshProject) => void): void {
  let made: FreshProject | undefined;
  beforeAll(async () => {
    const db = await create();
    const dir = tempDir(prefix);
    mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
    made = { db, dir, config: testConfig(dir, db.url) };
    use(made);
  }, 60_000);
  afterAll(async () => {
    await made?.db.drop();
    if (made) removeDir(made.dir);
  }, 60_000);
}
