/**
 * The scaffolding of the autogenerate backend tests, in a describe block: a fresh database and project
 * (freshProject), schema modules written a file each, SQL run on the database, and the round trip's steps:
 * autogenerate and upgrade, no difference online or offline, downgrade and upgrade again.
 */
import { expect } from "bun:test";
import { basename } from "node:path";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import type { Capabilities } from "../../src/dialects/dialect.ts";
import { portableNormalizer } from "../../src/autogenerate/normalize.ts";
import type { ColumnDef, Op } from "../../src/operations/ops.ts";
import { isBookkeepingTable, openSession } from "../../src/runtime/session.ts";
import type { DatabaseModel } from "../../src/schema/model.ts";
import { schemaWriter } from "../project.ts";
import { type FreshProject, freshProject, type TestDatabase } from "./databases.ts";

export interface AutogenerateProject {
  /** The project folder; set before the block's tests. */
  readonly dir: string;
  /** The project's config (with the overrides given); set before the block's tests. */
  readonly config: Config;
  /** Writes a schema module to a file of its own; returns its path. */
  writeSchema(def: unknown): string;
  /** Runs the statements in one session. */
  sql(...statements: string[]): Promise<void>;
  /** The rows of a query, in a session of its own. */
  query<T extends Record<string, unknown>>(statement: string): Promise<T[]>;
  /**
   * Writes the schema (a path: the module written already), autogenerates revision `revId` from it and
   * upgrades to the head; returns the schema's path.
   */
  revise(def: unknown, message: string, revId: string): Promise<string>;
  /** The ops check finds between the schema at `path` and the database (offline: the history replayed). */
  changes(path: string, offline?: boolean): Promise<Op[]>;
  /** The capabilities of the server the project's database is on (its version's). */
  capabilities(): Promise<Capabilities>;
  /** No difference online or offline (the label, default the schema file's name, says which step failed). */
  expectNoDifference(path: string, label?: string): Promise<void>;
  /** No difference online or offline, then the last revision downgraded and upgraded again: no difference online. */
  expectRoundTrip(path: string, label?: string): Promise<void>;
}

/** A fresh project on `create` for the describe block it is called in (see freshProject). */
export function autogenerateProject(prefix: string, create: () => Promise<TestDatabase>, overrides: Partial<Config> = {}): AutogenerateProject {
  let made: FreshProject | undefined;
  freshProject(prefix, create, (p) => (made = p));
  const fresh = (): FreshProject => {
    if (!made) throw new Error(`The project "${prefix}" is made before the describe block's tests: use it inside a test`);
    return made;
  };
  const project: AutogenerateProject = {
    get dir() {
      return fresh().dir;
    },
    get config() {
      return { ...fresh().config, ...overrides };
    },
    writeSchema: schemaWriter(() => fresh().dir),
    async sql(...statements) {
      const session = await openSession(project.config);
      try {
        for (const s of statements) await session.conn.execute(s);
      } finally {
        await session.conn.close();
      }
    },
    async query<T extends Record<string, unknown>>(statement: string) {
      const session = await openSession(project.config);
      try {
        return await session.conn.query<T>(statement);
      } finally {
        await session.conn.close();
      }
    },
    async revise(def, message, revId) {
      const config = project.config;
      const schema = typeof def === "string" ? def : project.writeSchema(def);
      await autogenerate({ config, schema, message, revId });
      await upgrade({ config, revision: "head" });
      return schema;
    },
    async capabilities() {
      const session = await openSession(project.config);
      await session.conn.close();
      return session.dialect.capabilities;
    },
    async changes(path, offline = false) {
      return (await diffSchema({ config: project.config, schema: path, offline })).changes.map((c) => c.op);
    },
    async expectNoDifference(path, label = basename(path)) {
      expect({ label, online: await project.changes(path) }).toEqual({ label, online: [] });
      expect({ label, offline: await project.changes(path, true) }).toEqual({ label, offline: [] });
    },
    async expectRoundTrip(path, label = basename(path)) {
      await project.expectNoDifference(path, label);
      await downgrade({ config: project.config, revision: "-1" });
      await upgrade({ config: project.config, revision: "head" });
      expect({ label, again: await project.changes(path) }).toEqual({ label, again: [] });
    },
  };
  return project;
}

/**
 * The database as reflected, columns by name (a column added back comes last), generation expressions in
 * the comparison's form (SQLite's RENAME COLUMN, undone by a downgrade, leaves the name quoted there).
 */
export async function reflectedByName(config: Config): Promise<DatabaseModel> {
  const session = await openSession(config);
  try {
    const model = await session.dialect.reflect(session.conn, { schemas: [], skipTable: isBookkeepingTable(config) });
    const column = (c: ColumnDef): ColumnDef => (c.generated ? { ...c, generated: { ...c.generated, sql: portableNormalizer.expression(c.generated.sql) } } : c);
    return { ...model, tables: model.tables.map((t) => ({ ...t, columns: [...t.columns].map(column).sort((a, b) => a.name.localeCompare(b.name)) })) };
  } finally {
    await session.conn.close();
  }
}
