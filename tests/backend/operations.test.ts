/**
 * What real migration histories need from `op`, on every dialect's real database: the 10-revision port
 * (port_history.ts) online and offline, with the same schema at head both ways; generated columns kept
 * by rebuilds; unnamed constraints found by structure and by op.inspect(); tolerant drops; argument
 * errors that name the argument; dialect limits refused with the way out; an offline baseline.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import { MigrationFailedError } from "../../src/errors.ts";
import { openSession, type Session } from "../../src/runtime/session.ts";
import type { DatabaseModel } from "../../src/schema/model.ts";
import { removeDir, tempDir, testConfig, writeProject, type RevSpec } from "../project.ts";
import { DATABASES, type TestDatabase } from "./databases.ts";
import { PORT } from "./port_history.ts";

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`operations: ${name}`, () => {
    let db: TestDatabase;
    let session: Session;
    const dirs: string[] = [];

    beforeAll(async () => {
      db = await create();
      const dir = tempDir(`migrator-ops-${name}-`);
      dirs.push(dir);
      session = await openSession(testConfig(dir, db.url));
    }, 60_000);
    afterAll(async () => {
      await session?.conn.close();
      await db?.drop();
      for (const d of dirs) removeDir(d);
    }, 60_000);

    const project = (revs: RevSpec[], options: Record<string, string> = {}) => {
      const dir = tempDir(`migrator-ops-${name}-`);
      dirs.push(dir);
      writeProject(dir, revs);
      return testConfig(dir, db.url, { options });
    };
    const reflect = () => session.dialect.reflect(session.conn, { skipTable: (t) => t.name === "migrator_version" || t.name === "migrator_history" });
    const tableNames = async () => (await session.dialect.reflect(session.conn, {})).tables.map((t) => t.table.name);
    /** Run an offline script statement by statement, as a database client would. */
    const runScript = async (script: string) => {
      const statements = script
        .split(";\n")
        .map((s) => s.split("\n").filter((l) => !l.startsWith("-- ")).join("\n").trim())
        .filter(Boolean);
      for (const s of statements) await session.conn.execute(s);
    };
    const failure = async (revs: RevSpec[]) => {
      const error = await upgrade({ config: project(revs), revision: "head" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationFailedError);
      await downgradeAll();
      return (error as Error).message;
    };
    const downgradeAll = async () => {
      for (const t of ["t_gen", "t_virtual", "t_bad", "t_cmt", "parent", "child", "t_nnd", "t_nnd2"]) await session.conn.execute(`DROP TABLE IF EXISTS ${session.dialect.quoteIdentifier(t)}`);
      await session.conn.execute(`DROP TABLE IF EXISTS ${session.dialect.quoteIdentifier("migrator_version")}`);
      await session.conn.execute(`DROP TABLE IF EXISTS ${session.dialect.quoteIdentifier("migrator_history")}`);
    };

    test("a history ported from an ORM runs online and offline to the same schema, and down to nothing", async () => {
      const config = project(PORT);
      await upgrade({ config, revision: "head" });
      const online = await reflect();
      const users = online.tables.find((t) => t.table.name === "users")!;
      expect(users.columns.map((c) => c.name)).toEqual(["id", "email", "is_admin", "status", "role_id", "nickname", "key"]);
      expect(users.foreignKeys).toEqual([]);
      const articles = online.tables.find((t) => t.table.name === "articles")!;
      // Both generated columns survived the rebuilds (SQLite) and read back as generated columns.
      expect(articles.columns.filter((c) => c.generated).map((c) => [c.name, c.generated?.stored])).toEqual([["total", true], ["total_raw", true]]);
      const rows = await session.conn.query<{ total: unknown; total_raw: unknown }>("SELECT total, total_raw FROM articles");
      expect(rows.map((r) => [Number(r.total), Number(r.total_raw)])).toEqual([[6, 6]]);
      const comments = online.tables.find((t) => t.table.name === "comments")!;
      expect(comments.foreignKeys.map((f) => [f.name, f.refTable, f.onDelete])).toEqual([["fk_comments_article", "articles", "cascade"]]);
      const tags = online.tables.find((t) => t.table.name === "tags")!;
      const pk = tags.primaryKey?.columns ?? tags.columns.filter((c) => c.primaryKey).map((c) => c.name);
      expect(pk).toEqual(["code"]);
      const keyed = await session.conn.query<Record<string, unknown>>(`SELECT ${session.dialect.quoteIdentifier("key")} AS k, is_admin FROM users ORDER BY id`);
      expect(keyed.map((r) => [r["k"], Number(r["is_admin"])])).toEqual([["k", 1], ["k", 0]]);
      // The widened CHECK holds, the old unnamed one is gone.
      await session.conn.execute("UPDATE users SET status = 'left' WHERE id = 1");
      await expect(session.conn.execute("UPDATE users SET status = 'gone' WHERE id = 1")).rejects.toThrow();
      await session.conn.execute("UPDATE users SET status = 'active' WHERE id = 1");

      await downgrade({ config, revision: "base" });
      expect(await tableNames()).toEqual(["migrator_history", "migrator_version"]);
      await session.conn.execute(`DROP TABLE ${session.dialect.quoteIdentifier("migrator_version")}`);
      // Offline scripts record no history: they leave only what they create.
      await session.conn.execute(`DROP TABLE ${session.dialect.quoteIdentifier("migrator_history")}`);

      // Offline: the scripts, run by a client, build the same schema and take it down again.
      await runScript((await upgrade({ config, revision: "head", sql: true })).script!);
      const offline = await reflect();
      expect(offline).toEqual(online as DatabaseModel);
      await runScript((await downgrade({ config, revision: "head:base", sql: true })).script!);
      expect(await tableNames()).toEqual([]);
    }, 60_000);

    test("a virtual generated column where the server computes on read (capabilities refined by its version), a refusal naming the version where not", async () => {
      const config = project([
        {
          id: "v1",
          down: null,
          up: `await op.createTable("t_virtual", [{ name: "id", type: "integer", primaryKey: true }, { name: "a", type: "integer" }]);
  await op.addColumn("t_virtual", { name: "twice", type: "integer", generated: { sql: "a * 2", stored: false } });`,
          down_: `await op.dropTable("t_virtual");`,
        },
      ]);
      if (!session.dialect.capabilities.virtualGeneratedColumns) {
        const error = await upgrade({ config, revision: "head" }).catch((e: unknown) => e);
        expect(String(error)).toContain("VIRTUAL generated columns from version 18 only");
        await downgradeAll();
        return;
      }
      await upgrade({ config, revision: "head" });
      const model = (await session.dialect.reflectTable(session.conn, { name: "t_virtual" }))!;
      expect(model.columns.map((c) => [c.name, c.generated?.stored])).toEqual([["id", undefined], ["a", undefined], ["twice", false]]);
      await session.conn.execute("INSERT INTO t_virtual (id, a) VALUES (1, 21)");
      expect((await session.conn.query<{ twice: unknown }>("SELECT twice FROM t_virtual")).map((r) => Number(r.twice))).toEqual([42]);
      await downgradeAll();
    });

    test("NULLS NOT DISTINCT where the server has it (PostgreSQL 15+, read at connect), one line naming the version or the dialect where not; offline by server_version", async () => {
      const revs: RevSpec[] = [
        {
          id: "n1",
          down: null,
          up: `await op.createTable("t_nnd", [{ name: "id", type: "integer", primaryKey: true }, { name: "code", type: "varchar(10)" }, { name: "kind", type: "varchar(10)" }]);
  await op.createIndex("ux_nnd_code", "t_nnd", ["code"], { unique: true, nullsNotDistinct: true });
  await op.createUniqueConstraint("uq_nnd_kind", "t_nnd", ["kind"], { nullsNotDistinct: true });`,
          down_: `await op.dropTable("t_nnd");`,
        },
      ];
      if (!session.dialect.capabilities.nullsNotDistinct) {
        const message = await failure(revs);
        expect(message).toContain(name === "postgres" ? "NULLS NOT DISTINCT, which PostgreSQL has from version 15 only" : "NULLS NOT DISTINCT, which");
        return;
      }
      await upgrade({ config: project(revs), revision: "head" });
      await session.conn.execute("INSERT INTO t_nnd (id, code, kind) VALUES (1, NULL, 'a')");
      // A second NULL code is a duplicate now; so is a second NULL kind.
      await expect(session.conn.execute("INSERT INTO t_nnd (id, code, kind) VALUES (2, NULL, 'b')")).rejects.toThrow(/duplicate key/);
      await session.conn.execute("INSERT INTO t_nnd (id, code, kind) VALUES (3, 'x', NULL)");
      await expect(session.conn.execute("INSERT INTO t_nnd (id, code, kind) VALUES (4, 'y', NULL)")).rejects.toThrow(/duplicate key/);
      await downgradeAll();
      // Offline: the oldest supported server refuses it; server_version = 15 writes it.
      const offline = project(revs);
      await expect(upgrade({ config: offline, revision: "head", sql: true })).rejects.toThrow(/from version 15 only/);
      const script = (await upgrade({ config: { ...offline, serverVersion: "15" }, revision: "head", sql: true })).script!;
      expect(script).toContain("NULLS NOT DISTINCT");
    });

    test("op.query runs inside the revision's transaction, also as a revision's first statement where DDL commits implicitly", async () => {
      const inTransaction = session.dialect.commitsImplicitly ? "@@in_transaction" : "1";
      const config = project([
        { id: "q1", down: null, up: `await op.createTable("t_q", [{ name: "id", type: "integer" }, { name: "tx", type: "integer" }]);`, down_: `await op.dropTable("t_q");` },
        {
          id: "q2",
          down: "q1",
          up: `const rows = await op.query("SELECT ${inTransaction} AS tx");
  await op.execute("INSERT INTO t_q (id, tx) VALUES (1, ?)", [Number(rows[0].tx)]);`,
          down_: `await op.execute("DELETE FROM t_q");`,
        },
      ]);
      await upgrade({ config, revision: "head" });
      expect((await session.conn.query<{ tx: unknown }>("SELECT tx FROM t_q")).map((r) => Number(r.tx))).toEqual([1]);
      await session.conn.execute("DROP TABLE t_q");
      await downgradeAll();
    });

    test("nullsNotDistinct without unique is an argument error", async () => {
      const message = await failure([{ id: "n2", down: null, up: `await op.createTable("t_nnd2", [{ name: "id", type: "integer" }]);
  await op.createIndex("ix_nnd2", "t_nnd2", ["id"], { nullsNotDistinct: true });`, down_: `await op.dropTable("t_nnd2");` }]);
      expect(message).toContain("nullsNotDistinct is an option of a unique index: add unique: true");
    });

    test("a SQLite rebuild keeps a generated column written as a raw type; generated columns read back", async () => {
      const config = project([
        {
          id: "g1",
          down: null,
          up: `await op.createTable("t_gen", [
    { name: "id", type: "integer", primaryKey: true },
    { name: "a", type: "integer" },
    { name: "b", type: "integer" },
    { name: "c", type: { raw: "INTEGER GENERATED ALWAYS AS (a + b) STORED" } },
  ]);
  await op.batchAlterTable("t_gen", (b) => b.alterColumn("a", { nullable: false, existingType: "integer" }));
  await op.addColumn("t_gen", { name: "d", type: "integer", generated: { sql: "a * 2", stored: ${name === "postgres"} } });`,
          down_: `await op.dropTable("t_gen");`,
        },
      ]);
      await upgrade({ config, revision: "head" });
      const model = (await session.dialect.reflectTable(session.conn, { name: "t_gen" }))!;
      expect(model.columns.map((c) => [c.name, c.nullable, c.generated?.stored])).toEqual([
        ["id", false, undefined],
        ["a", false, undefined],
        ["b", true, undefined],
        ["c", true, true],
        ["d", true, name === "postgres"],
      ]);
      await session.conn.execute("INSERT INTO t_gen (id, a, b) VALUES (1, 2, 3)");
      const rows = await session.conn.query<{ c: unknown; d: unknown }>("SELECT c, d FROM t_gen");
      expect(rows.map((r) => [Number(r.c), Number(r.d)])).toEqual([[5, 4]]);
      const script = (await upgrade({ config, revision: "head", sql: true })).script!;
      expect(script).toContain("GENERATED ALWAYS AS");
      await downgradeAll();
    });

    test("wrong arguments and unknown properties are errors that name them", async () => {
      expect(await failure([{ id: "e1", down: null, up: `await op.createTable("t_bad", "oops" as never);` }])).toContain(
        `createTable("t_bad"): columns must be an array of column objects`,
      );
      expect(await failure([{ id: "e2", down: null, up: `await op.createTable("t_bad", [{ name: "b", type: "integer", nulable: false } as never]);` }])).toContain(
        `unknown property "nulable"; did you mean "nullable"?`,
      );
      expect(await failure([{ id: "e3", down: null, up: `await op.createTable("t_bad", [{ name: "flag", type: "integer" }]);\n  await op.createCheckConstraint("", "t_bad", "flag IN (0, 1)");` }])).toContain(
        "name must be a non-empty name",
      );
      expect(await tableNames()).not.toContain("t_bad");
    });

    test("a name over the dialect's identifier limit is refused with a name that fits; a name at the limit is kept whole", async () => {
      const limit = session.dialect.capabilities.maxIdentifierLength;
      // PostgreSQL cut both of these to the same 63 bytes: the second index then collided with the first.
      const long = (suffix: string) => `ix_t_bad_${"x".repeat(60)}_${suffix}`;
      const revs: RevSpec[] = [{
        id: "n1",
        down: null,
        up: `await op.createTable("t_bad", [{ name: "a", type: "integer" }, { name: "b", type: "integer" }]);\n  await op.createIndex("${long("a")}", "t_bad", ["a"]);\n  await op.createIndex("${long("b")}", "t_bad", ["b"]);`,
      }];
      if (limit === 0) {
        // SQLite has no limit: both names are kept whole.
        await upgrade({ config: project(revs), revision: "head" });
        expect((await session.dialect.reflectTable(session.conn, { name: "t_bad" }))?.indexes.map((i) => i.name).sort()).toEqual([long("a"), long("b")]);
        await downgradeAll();
      } else {
        const message = await failure(revs);
        expect(message).toContain(`createIndex("t_bad", "${long("a")}"): the index name "${long("a")}" is 71 bytes, over the ${name} limit of ${limit}`);
        expect(message).toMatch(new RegExp(`shorten it, e\\.g\\. "ix_t_bad_x+_[0-9a-f]{8}"`));
        expect(await tableNames()).not.toContain("t_bad");
        for (const [what, up] of [
          ["table name", `await op.createTable("t_${"y".repeat(limit)}", [{ name: "a", type: "integer" }]);`],
          ["column name", `await op.createTable("t_bad", [{ name: "c_${"y".repeat(limit)}", type: "integer" }]);`],
          ["constraint name", `await op.createTable("t_bad", [{ name: "a", type: "integer" }]);\n  await op.createUniqueConstraint("uq_${"y".repeat(limit)}", "t_bad", ["a"]);`],
        ] as const) {
          expect(await failure([{ id: "n2", down: null, up }])).toContain(`the ${what} "`);
        }
      }
      // Exactly at the limit (or at 64 bytes, on SQLite): created, and read back whole.
      const exact = `ix_${"z".repeat((limit || 64) - 3)}`;
      await upgrade({ config: project([{ id: "n3", down: null, up: `await op.createTable("t_bad", [{ name: "a", type: "integer" }]);\n  await op.createIndex("${exact}", "t_bad", ["a"]);` }]), revision: "head" });
      expect((await session.dialect.reflectTable(session.conn, { name: "t_bad" }))?.indexes.map((i) => i.name)).toEqual([exact]);
      await downgradeAll();
    });

    test("what a dialect does not have is an error naming the op, the dialect and the way out, online and offline", async () => {
      const can = session.dialect.capabilities;
      const revs: RevSpec[] = [];
      // MySQL makes a schema a database; SQLite has none.
      if (!can.schemas && !can.alterColumn) revs.push({ id: "s1", down: null, up: `await op.createSchema("billing");` });
      if (!can.comments) revs.push({ id: "s2", down: null, up: `await op.createTable("t_cmt", [{ name: "id", type: "integer" }], { comment: "People" });` });
      if (name !== "postgres") revs.push({ id: "s3", down: null, up: `await op.createTable("t_cmt", [{ name: "tags", type: "text[]" }]);` });
      for (const rev of revs) {
        const message = await failure([rev]);
        expect(message).toMatch(/not supported on (SQLite|MySQL)|MySQL has no array types/);
        expect(message).toMatch(/capabilities|json|child table/);
        const offline = await upgrade({ config: project([rev]), revision: "head", sql: true }).catch((e: unknown) => e);
        expect(String(offline)).toContain(message.slice(message.indexOf(": ") + 2, message.indexOf(": ") + 40));
      }
    });

    test("unnamed constraints: op.inspect() gives the server's names, drops find them by structure, ifExists tolerates absence", async () => {
      const config = project([
        {
          id: "u1",
          down: null,
          up: `await op.createTable("parent", [{ name: "id", type: "integer", primaryKey: true }]);
  await op.createTable("child", [
    { name: "id", type: "integer", primaryKey: true },
    { name: "parent_id", type: "integer", references: "parent.id" },
    { name: "flag", type: "integer" },
  ]);
  await op.createCheckConstraint(null, "child", "flag IN (0, 1)");
  (globalThis as Record<string, unknown>)["__inspected"] = await op.inspect();`,
          down_: `await op.dropTable("child");\n  await op.dropTable("parent");`,
        },
        {
          id: "u2",
          down: "u1",
          up: `await op.dropConstraint({ table: "child", type: "foreign", columns: ["parent_id"] });
  await op.dropConstraint({ table: "child", type: "check", columns: ["flag"] });
  await op.dropConstraint("nope", "child", { type: "check", ifExists: true });
  await op.dropColumn("child", "nope", { ifExists: true });
  await op.dropIndex("ix_nope", "child", { ifExists: true });
  await op.execute(\`UPDATE \${op.quote("child")} SET \${op.quote("flag")} = 5\`);`,
          down_: "",
        },
      ]);
      await upgrade({ config, revision: "u1" });
      const inspected = (globalThis as Record<string, unknown>)["__inspected"] as DatabaseModel;
      expect(inspected.tables.map((t) => t.table.name)).toEqual(["child", "parent"]);
      const child = inspected.tables.find((t) => t.table.name === "child")!;
      if (name === "sqlite") expect(child.foreignKeys[0]?.name).toBeUndefined(); // SQLite keeps unnamed ones unnamed
      else expect(child.foreignKeys[0]?.name).toMatch(/^child_(parent_id_fkey|ibfk_1)$/);
      expect(child.checks).toHaveLength(1);
      await session.conn.execute("INSERT INTO child (id, flag) VALUES (1, 1)");
      await upgrade({ config, revision: "head" });
      const after = (await session.dialect.reflectTable(session.conn, { name: "child" }))!;
      expect([after.foreignKeys, after.checks]).toEqual([[], []]);
      // Offline, the same history prints a script (PostgreSQL: the name the server gives; MySQL: looked up when run).
      const script = (await upgrade({ config, revision: "head", sql: true })).script!;
      expect(script).toContain("DROP");
      await downgradeAll();
    });

    test("offline from a baseline: the first revision alters a table that existed before migrator", async () => {
      const dir = tempDir(`migrator-ops-${name}-`);
      dirs.push(dir);
      writeProject(dir, [
        {
          id: "b1",
          down: null,
          up: `await op.batchAlterTable("legacy", (b) => b.alterColumn("name", { type: "varchar(200)", nullable: false }));
  await op.dropConstraint({ table: "legacy", type: "check", columns: ["qty"] });`,
          down_: "",
        },
      ]);
      writeFileSync(
        join(dir, "baseline.ts"),
        `import { defineSchema, table } from "${join(import.meta.dir, "../../mod.ts")}";
export default defineSchema({ tables: [
  table("legacy", [
    { name: "id", type: "integer", primaryKey: true },
    { name: "name", type: "varchar(100)" },
    { name: "qty", type: "integer", check: "qty >= 0" },
  ]),
] });
`,
      );
      const withBaseline = testConfig(dir, db.url, { options: { baseline_schema: "baseline.ts" } });
      const without = await upgrade({ config: testConfig(dir, db.url), revision: "head", sql: true }).catch((e: unknown) => e);
      const script = (await upgrade({ config: withBaseline, revision: "head", sql: true })).script!;
      if (!session.dialect.capabilities.alterColumn) {
        expect(String(without)).toContain("the table is not known");
        expect(script).toContain(`CREATE TABLE "_migrator_tmp_legacy"`);
        expect(script).toContain("VARCHAR(200) NOT NULL");
      } else {
        expect(script).toMatch(/VARCHAR\(200\)/);
      }
      // The same tables as a SQL file: read by the dialect where it can parse DDL offline (SQLite), else a clear error.
      const ddl = `CREATE TABLE legacy (id INTEGER PRIMARY KEY, name VARCHAR(100), qty INTEGER CHECK (qty >= 0))`;
      writeFileSync(join(dir, "baseline.sql"), `${ddl};\n`);
      const fromSql = await upgrade({ config: testConfig(dir, db.url, { options: { baseline_schema: "baseline.sql" } }), revision: "head", sql: true }).catch((e: unknown) => e);
      if (session.dialect.readSchemaSql) expect((fromSql as { script: string }).script).toBe(script);
      else expect(String(fromSql)).toContain("declare the baseline tables in a schema module");
      // Run against a database that has the baseline table: the script applies cleanly.
      await session.conn.execute(ddl);
      await runScript(script);
      const legacy = (await session.dialect.reflectTable(session.conn, { name: "legacy" }))!;
      expect(legacy.checks).toEqual([]);
      expect(legacy.columns.find((c) => c.name === "name")?.nullable).toBe(false);
      await session.conn.execute("DROP TABLE legacy");
      await downgradeAll();
    });
  });
}
