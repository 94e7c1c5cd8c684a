/**
 * Autogenerate round trips on every real database: from an empty database, each step of STEPS declares
 * the schema with one more edit; autogenerate writes the revision, upgrade applies it, `check` finds
 * nothing left (online and offline), and a downgrade restores exactly the schema reflected before.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { openSession } from "../../src/runtime/session.ts";
import type { DatabaseModel } from "../../src/schema/model.ts";
import { removeDir, tempDir, testConfig } from "../project.ts";
import { definition, initialState, STEPS } from "./autogenerate_steps.ts";
import { DATABASES, type TestDatabase } from "./databases.ts";

/**
 * The database as reflected, columns by name: a dropped column that a downgrade adds back comes last
 * (ALTER TABLE ADD COLUMN appends), which is the one difference a downgrade leaves.
 */
async function reflectAll(config: Config, schemas: readonly string[]): Promise<DatabaseModel> {
  const session = await openSession(config);
  try {
    const model = await session.dialect.reflect(session.conn, { schemas, skipTable: (t) => t.name === config.versionTable });
    return { ...model, tables: model.tables.map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => a.name.localeCompare(b.name)) })) };
  } finally {
    await session.conn.close();
  }
}

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`autogenerate round trips: ${name}`, () => {
    let db: TestDatabase;
    let dir: string;
    let config: Config;
    let n = 0;
    /** Each step's schema in a file of its own: a module is imported once per path. */
    const writeSchema = (def: ReturnType<typeof definition>): string => {
      const file = join(dir, `schema_${String(++n).padStart(2, "0")}.ts`);
      writeFileSync(file, `import { defineSchema } from "migrator";\nexport default defineSchema(${JSON.stringify(def)});\n`);
      return file;
    };

    beforeAll(async () => {
      db = await create();
      dir = tempDir(`migrator-autogen-${name}-`);
      config = testConfig(dir, db.url);
      mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
    }, 60_000);
    afterAll(async () => {
      await db?.drop();
      removeDir(dir);
    }, 60_000);

    test("from an empty database, then every edit: autogenerate, upgrade, check 0, downgrade restores, upgrade again", async () => {
      const can = (await openSession(config).then(async (s) => (await s.conn.close(), s.dialect.capabilities)));
      const state = initialState();
      const steps: { name: string; leaves?: string; edit: (s: ReturnType<typeof initialState>) => void }[] = [{ name: "initial schema", edit: () => {} }, ...STEPS.filter((s) => (s.needs ?? []).every((k) => can[k]))];
      const done: string[] = [];
      for (const [i, step] of steps.entries()) {
        step.edit(state);
        const def = definition(state);
        const schema = writeSchema(def);
        const label = `step ${i} (${step.name})`;
        const before = await reflectAll(config, def.schemas ?? []);
        const result = await autogenerate({ config, schema, message: step.name, revId: `s${String(i).padStart(2, "0")}` });
        expect({ label, written: result.revision !== undefined }).toEqual({ label, written: true });
        expect({ label, warnings: result.diff.warnings }).toEqual({ label, warnings: [] });
        await upgrade({ config, revision: "head" });
        const online = await diffSchema({ config, schema });
        expect({ label, online: online.changes.map((c) => c.op) }).toEqual({ label, online: [] });
        const offline = await diffSchema({ config, schema, offline: true });
        expect({ label, offline: offline.changes.map((c) => c.op) }).toEqual({ label, offline: [] });
        const after = await reflectAll(config, def.schemas ?? []);
        await downgrade({ config, revision: "-1" });
        const restored = await reflectAll(config, def.schemas ?? []);
        if (step.leaves === "enums") expect({ label, restored: { ...restored, enums: before.enums } }).toEqual({ label, restored: before });
        else expect({ label, restored }).toEqual({ label, restored: before });
        await upgrade({ config, revision: "head" });
        expect({ label, again: await reflectAll(config, def.schemas ?? []) }).toEqual({ label, again: after });
        done.push(step.name);
      }
      expect(done.length).toBeGreaterThanOrEqual(can.enumTypes ? 29 : 24);
    }, 240_000);

    test("nothing to do writes no file; a destructive change carries its live figure", async () => {
      const state = initialState();
      for (const step of STEPS.slice(0, 2)) step.edit(state);
      // The database is at the last step of the test above (or empty when run alone): bring it to this schema first.
      const schema = writeSchema(definition(state));
      const first = await autogenerate({ config, schema, message: "sync", revId: "sync1" });
      if (first.revision) await upgrade({ config, revision: "head" });
      const again = await autogenerate({ config, schema, message: "nothing", revId: "sync2" });
      expect(again.revision).toBeUndefined();
      expect(again.diff.changes).toEqual([]);
    }, 120_000);
  });
}
