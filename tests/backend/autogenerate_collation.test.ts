/**
 * Column collations through autogenerate on every real database: declared on a new table and a new
 * column, created, seen by `check` online and offline, changed, changed back by the downgrade; a
 * collation the database has and the schema does not declare is a difference; a plain text column none.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import type { DeclaredColumn, SchemaDefinition } from "../../src/autogenerate/declare.ts";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import type { Op } from "../../src/operations/ops.ts";
import { openSession } from "../../src/runtime/session.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

/**
 * Two collations other than the default one, and how raw SQL writes the first (names are data: each
 * server has its own). MySQL's are on utf8mb4, the test database's character set.
 */
const COLLATIONS: Readonly<Record<string, { first: string; second: string; clause: string }>> = {
  postgres: { first: "C", second: "POSIX", clause: `COLLATE "C"` },
  mysql: { first: "utf8mb4_bin", second: "utf8mb4_unicode_ci", clause: "COLLATE utf8mb4_bin" },
  sqlite: { first: "NOCASE", second: "RTRIM", clause: "COLLATE NOCASE" },
};

/** Every op, a batch's alterations included. */
const flat = (ops: readonly Op[]): Op[] => ops.flatMap((op) => (op.kind === "batchAlterTable" ? [...op.ops] : [op]));

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`column collations: ${name}`, () => {
    let dir: string;
    let config: Config;
    const { first, second, clause } = COLLATIONS[name]!;
    const writeSchema = schemaWriter(() => dir);
    const words = (code: Partial<DeclaredColumn>, more: DeclaredColumn[] = []): SchemaDefinition => ({
      tables: [
        table("words", [
          { name: "id", type: "integer", primaryKey: true },
          { name: "plain", type: "text" },
          { name: "code", type: "varchar(20)", nullable: false, ...code },
          ...more,
        ]),
      ],
    });
    /** The reflected collation of each column of a table (undefined: the default one). */
    const collations = async (tableName: string): Promise<Record<string, string | undefined>> => {
      const session = await openSession(config);
      try {
        const model = await session.dialect.reflectTable(session.conn, { name: tableName });
        return Object.fromEntries((model?.columns ?? []).map((c) => [c.name, c.collation]));
      } finally {
        await session.conn.close();
      }
    };
    const changes = async (schema: string, offline = false) => flat((await diffSchema({ config, schema, offline })).changes.map((c) => c.op));

    freshProject(`migrator-collation-${name}-`, create, (p) => ({ dir, config } = p));

    test("declared, created, checked online and offline, changed, and changed back by the downgrade", async () => {
      // A new table with a collation: createTable carries it, and the database has it after upgrade.
      const s1 = writeSchema(words({ collation: first }));
      const r1 = await autogenerate({ config, schema: s1, message: "words", revId: "c1" });
      expect(readFileSync(r1.revision!.path, "utf8")).toContain(`{ name: "code", type: "varchar(20)", nullable: false, collation: ${JSON.stringify(first)} }`);
      await upgrade({ config, revision: "head" });
      expect(await collations("words")).toEqual({ id: undefined, plain: undefined, code: first });
      expect(await changes(s1)).toEqual([]);
      expect(await changes(s1, true)).toEqual([]);

      // A new column with a collation: addColumn carries it.
      const tag: DeclaredColumn = { name: "tag", type: "varchar(30)", collation: first };
      const s2 = writeSchema(words({ collation: first }, [tag]));
      const r2 = await autogenerate({ config, schema: s2, message: "tag", revId: "c2" });
      expect(readFileSync(r2.revision!.path, "utf8")).toMatch(new RegExp(`addColumn\\((?:"words", )?\\{ name: "tag", type: "varchar\\(30\\)", collation: ${JSON.stringify(first)} \\}`));
      await upgrade({ config, revision: "head" });
      expect((await collations("words"))["tag"]).toBe(first);
      expect(await changes(s2)).toEqual([]);
      expect(await changes(s2, true)).toEqual([]);

      // Another collation declared: check sees it, online and offline; autogenerate writes the change.
      const s3 = writeSchema(words({ collation: second }, [tag]));
      for (const offline of [false, true]) {
        const found = (await changes(s3, offline)).filter((op) => op.kind === "alterColumn");
        expect({ offline, found: found.map((op) => op.kind === "alterColumn" && [op.column, op.collation, op.existingCollation]) }).toEqual({ offline, found: [["code", second, first]] });
      }
      const r3 = await autogenerate({ config, schema: s3, message: "recollate", revId: "c3" });
      const text = readFileSync(r3.revision!.path, "utf8");
      expect(text).toContain(`collation: ${JSON.stringify(second)}`);
      expect(text).toContain(`existingCollation: ${JSON.stringify(first)}`);
      await upgrade({ config, revision: "head" });
      expect(await collations("words")).toEqual({ id: undefined, plain: undefined, code: second, tag: first });
      expect(await changes(s3)).toEqual([]);
      expect(await changes(s3, true)).toEqual([]);

      // The downgrade puts the old collation back (and keeps the rest of the column).
      await downgrade({ config, revision: "-1" });
      expect(await collations("words")).toEqual({ id: undefined, plain: undefined, code: first, tag: first });

      // No collation declared is the default one: going back to it is a change too, and reversible.
      await upgrade({ config, revision: "head" });
      const s4 = writeSchema(words({}, [tag]));
      const found = (await changes(s4)).filter((op) => op.kind === "alterColumn");
      expect(found.map((op) => op.kind === "alterColumn" && [op.column, op.collation, op.existingCollation])).toEqual([["code", null, second]]);
      await autogenerate({ config, schema: s4, message: "default", revId: "c4" });
      await upgrade({ config, revision: "head" });
      expect(await collations("words")).toEqual({ id: undefined, plain: undefined, code: undefined, tag: first });
      expect(await changes(s4)).toEqual([]);
      expect(await changes(s4, true)).toEqual([]);
      await downgrade({ config, revision: "-1" });
      expect((await collations("words"))["code"]).toBe(second);
      await upgrade({ config, revision: "head" });
    }, 240_000);

    test("a collation the database has and the schema does not declare is a difference; declared, none", async () => {
      const session = await openSession(config);
      try {
        await session.conn.execute(`CREATE TABLE legacy (id integer PRIMARY KEY, name varchar(40) ${clause}, note text)`);
      } finally {
        await session.conn.close();
      }
      const current = words({}, [{ name: "tag", type: "varchar(30)", collation: first }]);
      const legacy = (declared: Partial<DeclaredColumn>) =>
        table("legacy", [{ name: "id", type: "integer", primaryKey: true }, { name: "name", type: "varchar(40)", ...declared }, { name: "note", type: "text" }]);
      const undeclared = writeSchema({ tables: [...current.tables, legacy({})] });
      const found = (await changes(undeclared)).filter((op) => op.kind === "alterColumn");
      expect(found.map((op) => op.kind === "alterColumn" && [op.table.name, op.column, op.collation, op.existingCollation])).toEqual([["legacy", "name", null, first]]);
      const declared = writeSchema({ tables: [...current.tables, legacy({ collation: first })] });
      expect(await changes(declared)).toEqual([]);
    }, 120_000);
  });
}
