/**
 * MySQL collations where a table's default is not its database's: a column with no collation declared
 * means its table's own default, and a declared one is compared as the server resolves it. Each case
 * converges (check clean after at most one autogenerate and upgrade) and stays clean after an
 * unrelated column is added to the same table.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import type { DeclaredColumn } from "../../src/autogenerate/declare.ts";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import type { Op } from "../../src/operations/ops.ts";
import { openSession } from "../../src/runtime/session.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject, type TestDatabase } from "./databases.ts";

describe("MySQL collations: a table whose default is not its database's", () => {
  let db: TestDatabase;
  let dir: string;
  let config: Config;
  let n = 0;
  const database = () => new URL(db.url).pathname.slice(1);
  const sql = async (...statements: string[]) => {
    const session = await openSession(config);
    try {
      for (const s of statements) await session.conn.execute(s);
    } finally {
      await session.conn.close();
    }
  };
  const collations = async (name: string): Promise<Record<string, string | null>> => {
    const session = await openSession(config);
    try {
      const rows = await session.conn.query<{ name: string; collation: string | null }>(
        "SELECT COLUMN_NAME AS name, COLLATION_NAME AS collation FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
        [name],
      );
      return Object.fromEntries(rows.map((r) => [r.name, r.collation]));
    } finally {
      await session.conn.close();
    }
  };
  const writeSchema = schemaWriter(() => dir);
  const changes = async (schema: string): Promise<Op[]> => (await diffSchema({ config, schema })).changes.map((c) => c.op);
  /** Autogenerate and upgrade when check finds a difference; returns the ops written. */
  const converge = async (schema: string): Promise<Op[]> => {
    const found = await changes(schema);
    if (found.length === 0) return [];
    await autogenerate({ config, schema, message: `step ${++n}`, revId: `r${n}` });
    await upgrade({ config, revision: "head" });
    expect(await changes(schema)).toEqual([]);
    return found;
  };
  const kinds = (ops: readonly Op[]) => ops.map((op) => `${op.kind} ${"column" in op ? (typeof op.column === "string" ? op.column : op.column.name) : ""}`);

  freshProject("migrator-collation-mysql-", DATABASES["mysql"]!, (p) => ({ db, dir, config } = p));
  beforeAll(async () => {
    await sql(`ALTER DATABASE \`${database()}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
  }, 60_000);

  const users = (name: Partial<DeclaredColumn>, more: DeclaredColumn[] = []) =>
    table("users", [{ name: "id", type: "integer", primaryKey: true }, { name: "name", type: "varchar(40)", ...name }, ...more]);
  const accounts = (more: DeclaredColumn[] = []) =>
    table("accounts", [{ name: "id", type: "integer", primaryKey: true }, { name: "name", type: "varchar(40)" }, { name: "bio", type: "text" }, ...more]);
  const profiles = (more: DeclaredColumn[] = []) =>
    table("profiles", [{ name: "id", type: "integer", primaryKey: true }, { name: "name", type: "varchar(40)", collation: "utf8mb4_unicode_ci" }, ...more]);

  test("the database's default changed after the table was made: the column's declared collation is the table's, no difference", async () => {
    await sql("CREATE TABLE users (id integer PRIMARY KEY, name varchar(40))", `ALTER DATABASE \`${database()}\` COLLATE utf8mb4_unicode_ci`);
    const s1 = writeSchema({ tables: [users({ collation: "utf8mb4_general_ci" })] });
    expect(await changes(s1)).toEqual([]);
    // An unrelated column added: only the addColumn, and clean after (the new column takes the table's default).
    const s2 = writeSchema({ tables: [users({ collation: "utf8mb4_general_ci" }, [{ name: "note", type: "varchar(10)" }])] });
    expect(kinds(await converge(s2))).toEqual(["addColumn note"]);
    expect(await collations("users")).toEqual({ id: null, name: "utf8mb4_general_ci", note: "utf8mb4_general_ci" });
  }, 120_000);

  test("the table's default changed after its columns were made: undeclared means the table's own default, one change converges", async () => {
    // The database's default is utf8mb4_unicode_ci now; the table's becomes utf8mb4_general_ci, its columns keep unicode_ci.
    await sql(
      "CREATE TABLE accounts (id integer PRIMARY KEY, name varchar(40), bio text)",
      "CREATE TABLE profiles (id integer PRIMARY KEY, name varchar(40))",
      "ALTER TABLE accounts DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
      "ALTER TABLE profiles DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
    );
    const base = [users({ collation: "utf8mb4_general_ci" }, [{ name: "note", type: "varchar(10)" }])];
    // accounts declares no collation: its columns are brought to the table's default, once.
    const s1 = writeSchema({ tables: [...base, accounts(), profiles()] });
    const first = await converge(s1);
    expect(first.map((op) => op.kind === "alterColumn" && [op.table.name, op.column, op.collation, op.existingCollation])).toEqual([
      ["accounts", "bio", null, "utf8mb4_unicode_ci"],
      ["accounts", "name", null, "utf8mb4_unicode_ci"],
    ]);
    expect(await collations("accounts")).toEqual({ id: null, name: "utf8mb4_general_ci", bio: "utf8mb4_general_ci" });
    expect(await collations("profiles")).toEqual({ id: null, name: "utf8mb4_unicode_ci" });
    // An unrelated column on each: only the addColumns.
    const extra: DeclaredColumn = { name: "extra", type: "varchar(10)" };
    const s2 = writeSchema({ tables: [...base, accounts([extra]), profiles([extra])] });
    expect(kinds(await converge(s2)).sort()).toEqual(["addColumn extra", "addColumn extra"]);
    expect(await collations("profiles")).toEqual({ id: null, name: "utf8mb4_unicode_ci", extra: "utf8mb4_general_ci" });
  }, 120_000);

  test("a change of character set is data-dependent, with a note; within one set it stays additive", async () => {
    await sql("CREATE TABLE legacy (id integer PRIMARY KEY, name varchar(40) CHARACTER SET utf8mb4, code varchar(10)) DEFAULT CHARSET=latin1");
    const legacy = (name: Partial<DeclaredColumn>) => table("legacy", [{ name: "id", type: "integer", primaryKey: true }, { name: "name", type: "varchar(40)", ...name }, { name: "code", type: "varchar(10)" }]);
    // The other tests' tables are left out of the schema: only the alterations count here.
    const alterations = async (name: Partial<DeclaredColumn>) => (await diffSchema({ config, schema: writeSchema({ tables: [legacy(name)] }) })).changes.filter((c) => c.op.kind === "alterColumn");
    const found = await alterations({});
    expect(found.map((c) => [c.op.kind === "alterColumn" && [c.op.column, c.op.collation], c.safety, c.note])).toEqual([
      [["name", null], "data-dependent", `changes the character set of legacy.name from utf8mb4 to latin1: values that do not convert make it fail (or become "?" outside strict mode)`],
    ]);
    const same = await alterations({ collation: "utf8mb4_bin" });
    expect(same.map((c) => [c.op.kind === "alterColumn" && [c.op.column, c.op.collation], c.safety])).toEqual([[["name", "utf8mb4_bin"], "additive"]]);
  }, 120_000);
});

describe("MySQL collations: a column a foreign key uses", () => {
  let dir: string;
  let config: Config;
  const writeSchema = schemaWriter(() => dir);
  const state = async () => {
    const session = await openSession(config);
    try {
      const columns = await session.conn.query<{ t: string; c: string; collation: string }>(
        "SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLLATION_NAME AS collation FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME IN ('code', 'parent_code') ORDER BY 1, 2",
      );
      const keys = await session.conn.query<{ name: string }>("SELECT CONSTRAINT_NAME AS name FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()");
      return { columns: columns.map((r) => `${r.t}.${r.c} ${r.collation}`), keys: keys.map((k) => k.name) };
    } finally {
      await session.conn.close();
    }
  };
  const schema = (collation: Partial<DeclaredColumn>) =>
    writeSchema({
      tables: [
        table("parent", [{ name: "code", type: "varchar(10)", primaryKey: true, ...collation }]),
        table("child", [{ name: "id", type: "integer", primaryKey: true }, { name: "parent_code", type: "varchar(10)", references: "parent.code", ...collation }]),
      ],
    });

  freshProject("migrator-collation-mysql-fk-", DATABASES["mysql"]!, (p) => ({ dir, config } = p));

  test("the foreign key is dropped around the change and added back: upgrade, check clean, downgrade", async () => {
    const s1 = schema({});
    await autogenerate({ config, schema: s1, message: "tables", revId: "f1" });
    await upgrade({ config, revision: "head" });
    const before = await state();
    expect(before.keys).toHaveLength(1);
    const fk = before.keys[0]!;

    const s2 = schema({ collation: "utf8mb4_bin" });
    const { changes: found } = await diffSchema({ config, schema: s2 });
    expect(found.map((c) => `${c.op.kind} ${"name" in c.op ? c.op.name : "column" in c.op ? c.op.column : ""}`)).toEqual([
      `dropConstraint ${fk}`,
      "alterColumn parent_code",
      "alterColumn code",
      `createForeignKey ${fk}`,
    ]);
    await autogenerate({ config, schema: s2, message: "binary codes", revId: "f2" });
    await upgrade({ config, revision: "head" });
    expect(await state()).toEqual({ columns: ["child.parent_code utf8mb4_bin", "parent.code utf8mb4_bin"], keys: [fk] });
    expect((await diffSchema({ config, schema: s2 })).changes).toEqual([]);

    await downgrade({ config, revision: "-1" });
    expect(await state()).toEqual(before);
  }, 120_000);
});
