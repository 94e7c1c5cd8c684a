/**
 * Index keys' NULLS FIRST / LAST and operator classes on every real database. Where the dialect has them
 * (PostgreSQL): declared, written by autogenerate, upgraded, checked 0 online and offline, read back as the
 * server has them (pg_get_indexdef), changed, and restored by the downgrade; an index made DESC NULLS LAST
 * outside migrator and declared plain desc is a difference. Elsewhere: refused with one line, before any SQL.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { table } from "../../src/autogenerate/declare.ts";
import { SchemaDeclarationError } from "../../src/autogenerate/errors.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { MigrationFailedError } from "../../src/errors.ts";
import type { IndexColumn } from "../../src/operations/ops.ts";
import { openSession } from "../../src/runtime/session.ts";
import { removeDir, schemaWriter, tempDir, testConfig, writeProject } from "../project.ts";
import { DATABASES, freshProject, type TestDatabase } from "./databases.ts";

const id = { name: "id", type: "integer", primaryKey: true };

/** The docs table with its three indexes' keys. */
function docs(a: IndexColumn, email: IndexColumn, doc: IndexColumn) {
  return {
    tables: [
      table("docs", [id, { name: "a", type: "integer" }, { name: "email", type: "text" }, { name: "doc", type: "jsonb" }], {
        indexes: [{ name: "ix_docs_a", columns: [a] }, { name: "ix_docs_doc", columns: [doc], method: "gin" }, { name: "ix_docs_email", columns: [email] }],
      }),
    ],
  };
}

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`index keys' NULLS FIRST / LAST and operator classes: ${name}`, () => {
    let db: TestDatabase;
    let dir: string;
    let config: Config;
    const writeSchema = schemaWriter(() => dir);
    const query = async <T extends Record<string, unknown>>(sql: string, cfg = config): Promise<T[]> => {
      const session = await openSession(cfg);
      try {
        return await session.conn.query<T>(sql);
      } finally {
        await session.conn.close();
      }
    };
    const capabilities = async () => {
      const session = await openSession(config);
      await session.conn.close();
      return session.dialect.capabilities;
    };

    freshProject(`migrator-keys-${name}-`, create, (p) => ({ db, dir, config } = p));

    /** PostgreSQL: the three keys through autogenerate and back. */
    const roundTrip = async () => {
      const indexdefs = async () =>
        (await query<{ def: string }>("SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = 'docs'::regclass ORDER BY indexrelid::regclass::text"))
          .map((r) => r.def)
          .filter((d) => !d.includes("docs_pkey"));
      const first = writeSchema(docs({ name: "a", order: "desc", nulls: "last" }, { name: "email", opclass: "text_pattern_ops" }, { name: "doc", opclass: "jsonb_path_ops" }));
      const r1 = await autogenerate({ config, schema: first, message: "docs", revId: "k1" });
      const source = readFileSync(r1.revision!.path, "utf8");
      expect(source).toContain(`await op.createIndex("ix_docs_a", "docs", [{ name: "a", order: "desc", nulls: "last" }]);`);
      expect(source).toContain(`await op.createIndex("ix_docs_doc", "docs", [{ name: "doc", opclass: "jsonb_path_ops" }], { method: "gin" });`);
      expect(source).toContain(`await op.createIndex("ix_docs_email", "docs", [{ name: "email", opclass: "text_pattern_ops" }]);`);
      await upgrade({ config, revision: "head" });
      expect((await diffSchema({ config, schema: first })).changes).toEqual([]);
      expect((await diffSchema({ config, schema: first, offline: true })).changes).toEqual([]);
      const declared = [
        "CREATE INDEX ix_docs_a ON public.docs USING btree (a DESC NULLS LAST)",
        "CREATE INDEX ix_docs_doc ON public.docs USING gin (doc jsonb_path_ops)",
        "CREATE INDEX ix_docs_email ON public.docs USING btree (email text_pattern_ops)",
      ];
      expect(await indexdefs()).toEqual(declared);

      // NULLS FIRST (the default for desc) and no operator class on email: both indexes are dropped and created again.
      const second = writeSchema(docs({ name: "a", order: "desc", nulls: "first" }, "email", { name: "doc", opclass: "jsonb_path_ops" }));
      const expected = ["createIndex ix_docs_a", "createIndex ix_docs_email", "dropIndex ix_docs_a", "dropIndex ix_docs_email"];
      const found = (changes: readonly { op: { kind: string; name?: string } }[]) => changes.map((c) => `${c.op.kind} ${c.op.name}`).sort();
      expect(found((await diffSchema({ config, schema: second })).changes)).toEqual(expected);
      expect(found((await diffSchema({ config, schema: second, offline: true })).changes)).toEqual(expected);
      const r2 = await autogenerate({ config, schema: second, message: "keys", revId: "k2" });
      expect(readFileSync(r2.revision!.path, "utf8")).toContain(`await op.createIndex("ix_docs_a", "docs", [{ name: "a", order: "desc", nulls: "last" }]);`); // the downgrade
      await upgrade({ config, revision: "head" });
      expect((await diffSchema({ config, schema: second })).changes).toEqual([]);
      expect((await diffSchema({ config, schema: second, offline: true })).changes).toEqual([]);
      expect(await indexdefs()).toEqual([
        "CREATE INDEX ix_docs_a ON public.docs USING btree (a DESC)",
        "CREATE INDEX ix_docs_doc ON public.docs USING gin (doc jsonb_path_ops)",
        "CREATE INDEX ix_docs_email ON public.docs USING btree (email)",
      ]);
      await downgrade({ config, revision: "-1" });
      expect(await indexdefs()).toEqual(declared);
      await downgrade({ config, revision: "base" });
    };

    /** An index made DESC NULLS LAST outside migrator and declared plain desc is a difference (it read as plain desc). */
    const madeOutside = async () => {
      const other = await create();
      const here = tempDir(`migrator-keys-${name}-b-`);
      try {
        writeProject(here, [{
          id: "l1",
          down: null,
          up: `await op.execute("CREATE TABLE legacy (id integer PRIMARY KEY, at timestamp)");\n  await op.execute("CREATE INDEX ix_legacy_at ON legacy (at DESC NULLS LAST)");`,
          down_: `await op.execute("DROP TABLE legacy");`,
        }]);
        const cfg = testConfig(here, other.url);
        await upgrade({ config: cfg, revision: "head" });
        const legacy = (at: IndexColumn) => ({ tables: [table("legacy", [id, { name: "at", type: "timestamp" }], { indexes: [{ name: "ix_legacy_at", columns: [at] }] })] });
        const at = schemaWriter(() => here);
        const plain = await diffSchema({ config: cfg, schema: at(legacy({ name: "at", order: "desc" })) });
        expect(plain.changes.map((c) => c.op)).toEqual([
          { kind: "dropIndex", name: "ix_legacy_at", table: { name: "legacy" }, existing: { kind: "createIndex", name: "ix_legacy_at", table: { name: "legacy" }, columns: [{ name: "at", order: "desc", nulls: "last" }] } },
          { kind: "createIndex", name: "ix_legacy_at", table: { name: "legacy" }, columns: [{ name: "at", order: "desc" }] },
        ]);
        expect((await diffSchema({ config: cfg, schema: at(legacy({ name: "at", order: "desc", nulls: "last" })) })).changes).toEqual([]);
      } finally {
        await other.drop();
        removeDir(here);
      }
    };

    /** A declared key with nulls or opclass is refused with one line, and nothing is written. */
    const refusedDeclared = async () => {
      const here = tempDir(`migrator-keys-${name}-c-`);
      mkdirSync(join(here, "migrations", "versions"), { recursive: true });
      try {
        const cfg = testConfig(here, db.url);
        const def = { tables: [table("keys", [id, { name: "a", type: "integer" }], { indexes: [{ name: "ix_keys_a", columns: [{ name: "a", order: "desc", nulls: "last" }] }] })] };
        const error = await autogenerate({ config: cfg, schema: writeSchema(def), message: "keys", revId: "c1" }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SchemaDeclarationError);
        const dialect = (await openSession(cfg).then(async (s) => (await s.conn.close(), s.dialect.name)));
        expect((error as Error).message).toBe(`Table "keys" in the declared schema: index "ix_keys_a" key "a" has nulls: "last" (NULLS LAST), which ${dialect} does not have (PostgreSQL does): leave nulls out`);
        const opclass = { tables: [table("keys", [id, { name: "a", type: "integer" }], { indexes: [{ name: "ix_keys_a", columns: [{ name: "a", opclass: "int4_ops" }] }] })] };
        await expect(diffSchema({ config: cfg, schema: writeSchema(opclass), offline: true })).rejects.toThrow(`index "ix_keys_a" key "a" has opclass "int4_ops" (an operator class), which ${dialect} does not have`);
        expect(readdirSync(join(here, "migrations", "versions"))).toEqual([]);
      } finally {
        removeDir(here);
      }
    };

    test("declared keys: where the dialect has them, written by autogenerate, upgraded, checked 0 both ways, read back, changed and undone; elsewhere refused with one line", async () => {
      const can = await capabilities();
      expect(can.indexNullsOrder).toBe(can.operatorClasses); // the two go together on the dialects tested here
      if (can.indexNullsOrder) {
        await roundTrip();
        await madeOutside();
      } else await refusedDeclared();
    }, 180_000);

    test("op.createIndex with nulls or opclass: written where the dialect has them; elsewhere one line before any SQL, the revision not applied, offline too", async () => {
      const can = await capabilities();
      for (const [key, refusal, written] of [
        [`{ name: "a", order: "desc", nulls: "last" }`, `key "a" has nulls: "last" (NULLS LAST), which`, "(a DESC NULLS LAST)"],
        [`{ name: "a", opclass: "text_pattern_ops" }`, `key "a" has opclass "text_pattern_ops" (an operator class), which`, "(a text_pattern_ops)"],
      ] as const) {
        // A project each: a revision module is imported once per path.
        const here = tempDir(`migrator-keys-${name}-d-`);
        try {
          const cfg = testConfig(here, db.url);
          writeProject(here, [
            { id: "o1", down: null, up: `await op.createTable("t_keys", [{ name: "id", type: "integer", primaryKey: true }, { name: "a", type: "varchar(20)" }]);`, down_: `await op.dropTable("t_keys");` },
            { id: "o2", down: "o1", up: `await op.createIndex("ix_t_keys_a", "t_keys", [${key}]);`, down_: `await op.dropIndex("ix_t_keys_a", "t_keys");` },
          ]);
          await upgrade({ config: cfg, revision: "o1" });
          if (can.indexNullsOrder && can.operatorClasses) {
            await upgrade({ config: cfg, revision: "head" });
            expect((await query<{ def: string }>("SELECT pg_get_indexdef('ix_t_keys_a'::regclass) AS def", cfg))[0]!.def).toEndWith(`USING btree ${written}`);
            expect((await upgrade({ config: cfg, revision: "o1:o2", sql: true })).script).toContain(`CREATE INDEX "ix_t_keys_a" ON "t_keys" ("a" ${written.slice(3, -1)})`);
          } else {
            const error = await upgrade({ config: cfg, revision: "head" }).catch((e: unknown) => e);
            expect(error).toBeInstanceOf(MigrationFailedError);
            const failed = error as MigrationFailedError;
            expect(failed.reason).toStartWith(`Index "ix_t_keys_a" ${refusal}`);
            expect(failed.reason.split("\n")).toHaveLength(1);
            expect(failed.sql).toBeUndefined(); // no statement of the op was sent
            expect((await query<{ v: string }>("SELECT version_num AS v FROM migrator_version", cfg)).map((r) => r.v)).toEqual(["o1"]);
            const session = await openSession(cfg);
            const model = await session.dialect.reflectTable(session.conn, { name: "t_keys" });
            await session.conn.close();
            expect(model!.indexes).toEqual([]);
            await expect(upgrade({ config: cfg, revision: "o1:o2", sql: true })).rejects.toThrow(`Index "ix_t_keys_a" ${refusal}`);
          }
          await downgrade({ config: cfg, revision: "base" });
        } finally {
          removeDir(here);
        }
      }
    }, 60_000);
  });
}
