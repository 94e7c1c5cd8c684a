/**
 * Autogenerate round trips on every real database: from an empty database, each step of STEPS declares
 * the schema with one more edit; autogenerate writes the revision, upgrade applies it, `check` finds
 * nothing left (online and offline), and a downgrade restores exactly the schema reflected before.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { table } from "../../src/autogenerate/declare.ts";
import { SchemaDeclarationError } from "../../src/autogenerate/errors.ts";
import { join } from "node:path";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { isBookkeepingTable, openSession } from "../../src/runtime/session.ts";
import type { DatabaseModel } from "../../src/schema/model.ts";
import { removeDir, schemaWriter, tempDir, testConfig, writeSchemaFile } from "../project.ts";
import { definition, initialState, STEPS } from "./autogenerate_steps.ts";
import { DATABASES, freshProject } from "./databases.ts";

/**
 * The database as reflected, columns by name: a dropped column that a downgrade adds back comes last
 * (ALTER TABLE ADD COLUMN appends), which is the one difference a downgrade leaves.
 */
async function reflectAll(config: Config, schemas: readonly string[]): Promise<DatabaseModel> {
  const session = await openSession(config);
  try {
    const model = await session.dialect.reflect(session.conn, { schemas, skipTable: isBookkeepingTable(config) });
    return { ...model, tables: model.tables.map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => a.name.localeCompare(b.name)) })) };
  } finally {
    await session.conn.close();
  }
}

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`autogenerate round trips: ${name}`, () => {
    let dir: string;
    let config: Config;
    /** Each step's schema in a file of its own: a module is imported once per path. */
    const writeSchema = schemaWriter(() => dir);

    freshProject(`migrator-autogen-${name}-`, create, (p) => ({ dir, config } = p));

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

    test("nothing to do writes no file; a destructive change carries its live figure; filters and hooks", async () => {
      // A database of its own, whatever the round trips left.
      const other = await create();
      const here = tempDir(`migrator-autogen-${name}-b-`);
      mkdirSync(join(here, "migrations", "versions"), { recursive: true });
      try {
        const cfg = testConfig(here, other.url);
        const at = (file: string, def: ReturnType<typeof definition>) => writeSchemaFile(join(here, file), def);
        const state = initialState();
        const first = at("s1.ts", definition(state));
        expect((await autogenerate({ config: cfg, schema: first, message: "one", revId: "b1" })).revision).toBeDefined();
        await upgrade({ config: cfg, revision: "head" });
        const again = await autogenerate({ config: cfg, schema: first, message: "nothing", revId: "b2" });
        expect(again.revision).toBeUndefined();
        expect(again.diff.changes).toEqual([]);

        // Rows in users, then a schema without users.bio: the drop says how many values it loses.
        const session = await openSession(cfg);
        await session.conn.execute("INSERT INTO orgs (name) VALUES ('o')");
        for (const bio of ["a", "b", null]) await session.conn.execute("INSERT INTO users (email, bio) VALUES (?, ?)", [`${bio}@x`, bio]);
        await session.conn.close();
        state.tables.get("users")!.columns = state.tables.get("users")!.columns.filter((c) => c.name !== "bio");
        const second = at("s2.ts", definition(state));
        const diff = await diffSchema({ config: cfg, schema: second });
        const drop = diff.changes.flatMap((c) => (c.op.kind === "batchAlterTable" ? [c] : c.op.kind === "dropColumn" ? [c] : []));
        expect(drop.length).toBe(1);
        expect(drop[0]!.safety).toBe("destructive");
        expect(diff.figures.get(drop[0]!)).toMatch(/2 non-null values/);

        // A view is listed as left alone, and never dropped.
        const viewSession = await openSession(cfg);
        await viewSession.conn.execute("CREATE VIEW v_orgs AS SELECT id FROM orgs");
        await viewSession.conn.close();
        const withView = await diffSchema({ config: cfg, schema: second });
        expect(withView.unmanaged).toEqual(["view v_orgs"]);
        expect(withView.changes.length).toBe(diff.changes.length);

        // exclude_tables leaves users out on both sides; includeObject does the same from the schema module.
        const excluded = await diffSchema({ config: { ...cfg, options: { exclude_tables: "us*" } }, schema: second });
        expect(excluded.changes).toEqual([]);
        writeFileSync(join(here, "s3.ts"), `${readFileSync(second, "utf8")}\nexport const includeObject = (o: { name: string }) => o.name !== "users";\n`);
        expect((await diffSchema({ config: cfg, schema: join(here, "s3.ts") })).changes).toEqual([]);

        // processOps may drop ops; post_write_hooks runs on the written file.
        writeFileSync(join(here, "s4.ts"), `${readFileSync(second, "utf8")}\nexport const processOps = (ops: unknown[]) => [];\n`);
        const hooked = await autogenerate({ config: { ...cfg, options: { post_write_hooks: "echo '// formatted' >> {file}" } }, schema: join(here, "s4.ts"), message: "hooked", revId: "b3", allowEmpty: true });
        expect(hooked.diff.changes).toEqual([]);
        expect(readFileSync(hooked.revision!.path, "utf8")).toEndWith("// formatted\n");
      } finally {
        await other.drop();
        removeDir(here);
      }
    }, 120_000);

    test("a schema the server refuses is an error naming the object, and nothing is written", async () => {
      const path = join(dir, "refused.ts");
      const bad = { tables: [table("t", [{ name: "id", type: "integer", primaryKey: true }, { name: "n", type: "integer" }], { checks: [{ name: "ck_bad", condition: "no_such_column > 0" }] })] };
      writeSchemaFile(path, bad);
      const other = await create();
      const here = tempDir(`migrator-autogen-${name}-c-`);
      mkdirSync(join(here, "migrations", "versions"), { recursive: true });
      try {
        const error = await autogenerate({ config: testConfig(here, other.url), schema: path, message: "bad", revId: "c1" }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SchemaDeclarationError);
        expect(String((error as Error).message)).toStartWith(`The declared schema is not valid here: createTable("t") was refused by the server: `);
        expect(readdirSync(join(here, "migrations", "versions"))).toEqual([]);
      } finally {
        await other.drop();
        removeDir(here);
      }
    }, 60_000);
  });
}
