/**
 * Against a real server: MIGRATOR_TEST_MYSQL_URL, by default mysql://root@127.0.0.1:3306/test. Each run
 * works in its own database (migrator_test_<random>), dropped at the end. No server makes these fail.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseDatabaseUrl, type DatabaseUrl } from "../../config/url.ts";
import { ConnectionError, LockTimeoutError } from "../../errors.ts";
import type { Op } from "../../operations/ops.ts";
import type { TableModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";
import { mysqlDialect as dialect } from "./dialect.ts";

const baseUrl = parseDatabaseUrl(process.env["MIGRATOR_TEST_MYSQL_URL"] ?? "mysql://root@127.0.0.1:3306/test");
const dbName = `migrator_test_${Math.random().toString(36).slice(2, 10)}`;
const url: DatabaseUrl = { ...baseUrl, database: dbName };
const connect = (u: DatabaseUrl = url) => dialect.connect(u, { timeoutMs: 5000 });

let admin: Connection;
let conn: Connection;
let mariadb = false;

beforeAll(async () => {
  admin = await connect(baseUrl);
  await admin.execute(`CREATE DATABASE ${dialect.quoteIdentifier(dbName)}`);
  conn = await connect();
  const [v] = await conn.query<{ v: string }>("SELECT VERSION() AS v");
  mariadb = /mariadb/i.test(v?.v ?? "");
});

afterAll(async () => {
  await conn?.close();
  await admin?.execute(`DROP DATABASE IF EXISTS ${dialect.quoteIdentifier(dbName)}`);
  await admin?.close();
});

/** Compile an op online (the compiler may reflect the table) and run it. */
async function run(op: Op, on: Connection = conn): Promise<void> {
  const statements = await dialect.compile(op, { table: (ref) => dialect.reflectTable(on, ref) });
  for (const s of statements) await on.execute(s.sql, s.params);
}

interface ColumnInfo extends Record<string, unknown> {
  type: string;
  nullable: string;
  dflt: string | null;
  comment: string;
  extra: string;
}

async function columnInfo(table: string, column: string): Promise<ColumnInfo | undefined> {
  const rows = await conn.query<ColumnInfo>(
    `SELECT COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, COLUMN_COMMENT AS comment, EXTRA AS extra
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?`,
    [table, column],
  );
  return rows[0];
}

async function names(sql: string, params: unknown[]): Promise<string[]> {
  return (await conn.query<{ n: string }>(sql, params)).map((r) => r.n).sort();
}

const indexNames = (table: string) =>
  names("SELECT DISTINCT INDEX_NAME AS n FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?", [table]);
const constraintNames = (table: string, type: string) =>
  names(
    "SELECT CONSTRAINT_NAME AS n FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_TYPE = ?",
    [table, type],
  );

describe("connection", () => {
  test("query binds ? parameters, and a ? inside quotes is not one", async () => {
    const rows = await conn.query("SELECT ? AS a, '?' AS b, `x?` AS c, ? AS d FROM (SELECT 1 AS `x?`) AS t", ["it's \\ ?", null]);
    expect(rows).toEqual([{ a: "it's \\ ?", b: "?", c: 1, d: null }]);
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    expect(await conn.query("SELECT '?' AS q")).toEqual([{ q: "?" }]);
    await expect(conn.query("SELECT ?", [1, 2])).rejects.toThrow(/1 placeholder\(s\) but 2 parameter\(s\)/);
  });

  // The server quotes the statement in a syntax error, newlines and all; errors are shown by their first line.
  test("a syntax error's message is one line that keeps the part of the statement it quotes", async () => {
    const error = await conn.execute("CREATE TABLE bad (\n  a INT DEFAULT nope(,\n  b INT\n)").then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toMatch(/syntax/);
    expect(error?.message).not.toContain("\n");
    expect(error?.message).toContain("b INT");
  });

  test("execute runs DDL and DML; values round-trip", async () => {
    await conn.execute("CREATE TABLE vals (s TEXT, b BOOLEAN, d DATETIME(3), j JSON, x BLOB)");
    const date = new Date("2024-05-06T07:08:09.123Z");
    await conn.execute("INSERT INTO vals VALUES (?, ?, ?, ?, ?)", ["naïve 🎉 '\"\\", true, date, { k: [1, "v"] }, new Uint8Array([0, 1, 255])]);
    const [row] = await conn.query<{ s: string; b: number; d: Date; j: unknown; x: Uint8Array }>("SELECT * FROM vals");
    expect(row?.s).toBe("naïve 🎉 '\"\\");
    expect(row?.b).toBe(1);
    expect(row?.d.toISOString()).toBe(date.toISOString());
    expect(typeof row?.j === "string" ? JSON.parse(row.j) : row?.j).toEqual({ k: [1, "v"] });
    expect([...(row?.x ?? [])]).toEqual([0, 1, 255]);
  });

  test("a password with URL-special characters works, a wrong one is a ConnectionError", async () => {
    const user = `mt_${dbName.slice(-8)}`;
    const password = "p@ss#w/rd?:%x";
    await admin.execute(`CREATE USER ?@'%' IDENTIFIED BY ?`, [user, password]);
    await admin.execute(`CREATE USER ?@'localhost' IDENTIFIED BY ?`, [user, password]);
    try {
      await admin.execute(`GRANT ALL ON ${dialect.quoteIdentifier(dbName)}.* TO ?@'%'`, [user]);
      await admin.execute(`GRANT ALL ON ${dialect.quoteIdentifier(dbName)}.* TO ?@'localhost'`, [user]);
      const host = `${baseUrl.host ?? "127.0.0.1"}:${baseUrl.port ?? 3306}`;
      const other = await connect(parseDatabaseUrl(`mariadb://${user}:${encodeURIComponent(password)}@${host}/${dbName}`));
      expect(await other.query("SELECT DATABASE() AS db")).toEqual([{ db: dbName }]);
      await other.close();
      const wrong = connect(parseDatabaseUrl(`mysql://${user}:nope@${host}/${dbName}`));
      await expect(wrong).rejects.toBeInstanceOf(ConnectionError);
      await expect(wrong).rejects.toThrow(/check the user and password/);
    } finally {
      await admin.execute(`DROP USER ?@'%'`, [user]);
      await admin.execute(`DROP USER ?@'localhost'`, [user]);
    }
  });

  test("an unknown database is a ConnectionError that says so", async () => {
    await expect(connect({ ...url, database: `${dbName}_missing` })).rejects.toThrow(/create it first/);
  });
});

describe("version table", () => {
  test("create, exists, insert, update, delete", async () => {
    const vt = dialect.versionTable({ name: "migrator_version", schema: null });
    const exists = async () => (await conn.query(vt.exists().sql, vt.exists().params)).length > 0;
    expect(await exists()).toBe(false);
    await conn.execute(vt.create(true));
    expect(await exists()).toBe(true);
    for (const s of [vt.insert("a1"), vt.update("a1", "b2")]) await conn.execute(s.sql, s.params);
    expect(await conn.query(vt.select())).toEqual([{ version_num: "b2" }]);
    await conn.execute(vt.delete("b2").sql, vt.delete("b2").params);
    expect(await conn.query(vt.select())).toEqual([]);
    const other = dialect.versionTable({ name: "migrator_version", schema: dbName }).exists();
    expect(await conn.query(other.sql, other.params)).toHaveLength(1);
  });
});

describe("ops", () => {
  const odd = "Order Items`x"; // a space, a backtick and mixed case
  const ref = { name: odd };

  test("createTable with odd names, reserved words, keys, checks and comments", async () => {
    await run({ kind: "createTable", table: { name: "Group" }, columns: [{ name: "id", type: "integer", primaryKey: true, autoincrement: true }] });
    await run({
      kind: "createTable",
      table: ref,
      comment: "it's a table",
      columns: [
        { name: "id", type: "bigserial", primaryKey: true },
        { name: "select", type: "varchar(50)", nullable: false, unique: true, comment: "a reserved word" },
        { name: "Group Id", type: "integer", references: { table: "Group", column: "id", onDelete: "cascade" } },
        { name: "qty", type: "numeric(10,2)", default: 0, check: "`qty` >= 0" },
        { name: "created", type: "timestamp", nullable: false, default: { sql: "CURRENT_TIMESTAMP" } },
        { name: "kind", type: "enum('a','b''c')", default: "a" },
        { name: "body", type: "text", default: "none" },
      ],
      checks: [{ name: "ck_qty", condition: "`qty` < 1000000" }],
    });
    const tables = await conn.query<{ c: string }>(
      "SELECT TABLE_COMMENT AS c FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
      [odd],
    );
    expect(tables).toEqual([{ c: "it's a table" }]);
    expect(await columnInfo(odd, "id")).toMatchObject({ type: "bigint(20)", nullable: "NO", extra: "auto_increment" });
    expect(await columnInfo(odd, "select")).toMatchObject({ type: "varchar(50)", nullable: "NO", comment: "a reserved word" });
    expect((await columnInfo(odd, "created"))?.type).toBe("datetime(6)");
    expect((await columnInfo(odd, "kind"))?.type).toBe("enum('a','b''c')");
    expect(await constraintNames(odd, "FOREIGN KEY")).toHaveLength(1);
    expect(await constraintNames(odd, "CHECK")).toContain("ck_qty");
    await conn.execute(`INSERT INTO ${dialect.quoteIdentifier(odd)} (\`select\`) VALUES (?)`, ["x"]);
    const [row] = await conn.query(`SELECT qty, kind, body FROM ${dialect.quoteIdentifier(odd)}`);
    expect(row).toEqual({ qty: "0.00", kind: "a", body: "none" });
  });

  test("addColumn, alterColumn (with hints), dropColumn", async () => {
    await run({ kind: "addColumn", table: ref, column: { name: "Note", type: "varchar(20)", default: "n/a", comment: "first" } });
    expect(await columnInfo(odd, "Note")).toMatchObject({ type: "varchar(20)", nullable: "YES", comment: "first" });

    // Type, nullability, default and comment at once, with the hints (no reflection needed).
    const offline = await dialect.compile(
      {
        kind: "alterColumn",
        table: ref,
        column: "Note",
        type: "varchar(80)",
        nullable: false,
        default: "empty",
        comment: "second",
        existingType: "varchar(20)",
        existingNullable: true,
        existingDefault: "n/a",
        existingComment: "first",
        existingAutoincrement: false,
      },
      { table: async () => undefined },
    );
    for (const s of offline) await conn.execute(s.sql, s.params);
    const after = await columnInfo(odd, "Note");
    expect(after).toMatchObject({ type: "varchar(80)", nullable: "NO", comment: "second" });
    expect(after?.dflt).toBe(mariadb ? "'empty'" : "empty");

    // Nullability only: type, default and comment come from the live table.
    await run({ kind: "alterColumn", table: ref, column: "Note", nullable: true });
    expect(await columnInfo(odd, "Note")).toMatchObject({ type: "varchar(80)", nullable: "YES", comment: "second" });
    expect((await columnInfo(odd, "Note"))?.dflt).toBe(mariadb ? "'empty'" : "empty");

    // Default only, then drop it.
    await run({ kind: "alterColumn", table: ref, column: "Note", default: "d" });
    expect((await columnInfo(odd, "Note"))?.dflt).toBe(mariadb ? "'d'" : "d");
    await run({ kind: "alterColumn", table: ref, column: "Note", default: null });
    expect((await columnInfo(odd, "Note"))?.dflt ?? "NULL").toBe("NULL");

    // Rename only, then rename with a type change (CHANGE COLUMN).
    await run({ kind: "alterColumn", table: ref, column: "Note", newName: "Remark" });
    expect(await columnInfo(odd, "Note")).toBeUndefined();
    await run({ kind: "alterColumn", table: ref, column: "Remark", newName: "Memo", type: "text" });
    expect(await columnInfo(odd, "Memo")).toMatchObject({ type: "text", comment: "second" });

    await run({ kind: "alterColumn", table: ref, column: "qty", type: "numeric(12,3)", existingNullable: true });
    expect((await columnInfo(odd, "qty"))?.type).toBe("decimal(12,3)");

    await run({ kind: "dropColumn", table: ref, column: "Memo" });
    expect(await columnInfo(odd, "Memo")).toBeUndefined();
  });

  test("indexes", async () => {
    await run({ kind: "createIndex", name: "ix select", table: ref, columns: ["select", "qty"] });
    await run({ kind: "createIndex", name: "IX_kind", table: ref, columns: ["kind"], unique: true, method: "btree" });
    expect(await indexNames(odd)).toEqual(expect.arrayContaining(["ix select", "IX_kind"]));
    await run({ kind: "dropIndex", name: "ix select", table: ref });
    await run({ kind: "dropIndex", name: "IX_kind", table: ref });
    expect(await indexNames(odd)).not.toContain("ix select");
    expect(await indexNames(odd)).not.toContain("IX_kind");
    if (mariadb) {
      await run({ kind: "dropIndex", name: "never there", table: ref, ifExists: true });
    }
  });

  test("constraints: create and drop each kind", async () => {
    await run({
      kind: "createTable",
      table: { name: "child" },
      columns: [
        { name: "a", type: "integer", nullable: false },
        { name: "b", type: "integer", nullable: false },
        { name: "g", type: "integer" },
      ],
    });
    const child = { name: "child" };
    await run({ kind: "createPrimaryKey", name: "pk_child", table: child, columns: ["a", "b"] });
    await run({ kind: "createForeignKey", name: "fk child", table: child, foreignKey: { columns: ["g"], refTable: "Group", refColumns: ["id"], onDelete: "set null" } });
    await run({ kind: "createUniqueConstraint", name: "uq_child", table: child, columns: ["b", "g"] });
    await run({ kind: "createCheckConstraint", name: "ck_child", table: child, condition: "a <> b" });
    expect(await constraintNames("child", "PRIMARY KEY")).toEqual(["PRIMARY"]);
    expect(await constraintNames("child", "FOREIGN KEY")).toEqual(["fk child"]);
    expect(await constraintNames("child", "UNIQUE")).toEqual(["uq_child"]);
    expect(await constraintNames("child", "CHECK")).toEqual(["ck_child"]);
    await expect(conn.execute("INSERT INTO child (a, b) VALUES (1, 1)")).rejects.toThrow(/ck_child/);

    await run({ kind: "dropConstraint", name: "ck_child", table: child, type: "check" });
    await run({ kind: "dropConstraint", name: "uq_child", table: child }); // type learned from the live table
    await run({ kind: "dropConstraint", name: "fk child", table: child, type: "foreign" });
    await run({ kind: "dropConstraint", name: "pk_child", table: child, type: "primary" });
    for (const type of ["PRIMARY KEY", "FOREIGN KEY", "UNIQUE", "CHECK"]) expect(await constraintNames("child", type)).toEqual([]);
  });

  test("renameTable, setTableComment, bulkInsert, execute, dropTable", async () => {
    await run({ kind: "renameTable", table: { name: "child" }, newName: "Child Two" });
    await run({ kind: "setTableComment", table: { name: "Child Two" }, comment: "second" });
    const [t] = await conn.query("SELECT TABLE_COMMENT AS c FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?", ["Child Two"]);
    expect(t).toEqual({ c: "second" });
    const rows = Array.from({ length: 2500 }, (_, i) => ({ a: i, b: i + 1, g: null }));
    await run({ kind: "bulkInsert", table: { name: "Child Two" }, rows });
    await run({ kind: "execute", sql: "DELETE FROM `Child Two` WHERE a >= ? AND '?' = '?'", params: [1000] });
    expect(await conn.query("SELECT COUNT(*) AS n FROM `Child Two`")).toEqual([{ n: 1000 }]);
    await run({ kind: "dropTable", table: { name: "Child Two" } });
    expect(await conn.query("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Child Two'")).toEqual([]);
  });

  test("createSchema and dropSchema are databases", async () => {
    const other = `${dbName}_s`;
    await run({ kind: "createSchema", name: other, ifNotExists: true });
    await run({ kind: "createTable", table: { name: "t", schema: other }, columns: [{ name: "id", type: "integer", primaryKey: true }] });
    expect(await conn.query("SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", [other])).toEqual([{ n: "t" }]);
    await run({ kind: "dropSchema", name: other, cascade: true });
    expect(await conn.query("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", [other])).toEqual([]);
  });
});

describe("reflection", () => {
  test("reflects what createTable made, and a table made from it reflects the same", async () => {
    await run({
      kind: "createTable",
      table: { name: "parent" },
      columns: [
        { name: "x", type: "integer", nullable: false },
        { name: "y", type: "varchar(10)", nullable: false },
      ],
      primaryKey: { columns: ["x", "y"] },
    });
    await run({
      kind: "createTable",
      table: { name: "Reflect Me" },
      comment: "reflected",
      columns: [
        { name: "id", type: "integer", primaryKey: true, autoincrement: true },
        { name: "name", type: "varchar(40)", nullable: false, default: "it's \\ x", comment: "the name" },
        { name: "n", type: "integer", default: 5 },
        { name: "at", type: "timestamp", default: { sql: "now()" } },
        { name: "doc", type: "json" },
        { name: "px", type: "integer" },
        { name: "py", type: "varchar(10)" },
      ],
      uniques: [{ name: "uq_name", columns: ["name"] }],
      checks: [{ name: "ck_n", condition: "`n` > 0" }],
      foreignKeys: [{ name: "fk_parent", columns: ["px", "py"], refTable: "parent", refColumns: ["x", "y"], onDelete: "cascade" }],
    });
    await run({ kind: "createIndex", name: "ix_n", table: { name: "Reflect Me" }, columns: ["n", "at"] });

    const model = await dialect.reflectTable(conn, { name: "Reflect Me" });
    expect(model).toBeDefined();
    expect(model!.comment).toBe("reflected");
    const cols = Object.fromEntries(model!.columns.map((c) => [c.name, c]));
    expect(cols["id"]).toMatchObject({ primaryKey: true, autoincrement: true, nullable: false });
    expect(cols["name"]).toMatchObject({ type: { raw: "varchar(40)" }, nullable: false, default: "it's \\ x", comment: "the name" });
    expect(cols["n"]?.default).toEqual({ sql: "5" });
    expect(cols["at"]?.default).toEqual({ sql: mariadb ? "current_timestamp(6)" : "CURRENT_TIMESTAMP(6)" });
    expect(cols["doc"]?.type).toEqual({ raw: "json" });
    expect(model!.uniques).toEqual([{ name: "uq_name", columns: ["name"] }]);
    expect(model!.checks).toEqual([{ name: "ck_n", condition: "`n` > 0" }]);
    expect(model!.foreignKeys).toEqual([{ name: "fk_parent", columns: ["px", "py"], refTable: "parent", refColumns: ["x", "y"], onDelete: "cascade" }]);
    expect(model!.indexes.map((i) => [i.name, i.columns])).toEqual([["ix_n", ["n", "at"]]]);

    // Round trip: the reflected model, created again under another name, reflects the same.
    const copy = { name: "reflect_copy" };
    await run({
      kind: "createTable",
      table: copy,
      columns: model!.columns,
      uniques: model!.uniques.map((u) => ({ ...u, name: `${u.name}_2` })),
      checks: model!.checks.map((c) => ({ ...c, name: `${c.name}_2` })),
      foreignKeys: model!.foreignKeys.map((fk) => ({ ...fk, name: `${fk.name}_2` })),
      ...(model!.comment ? { comment: model!.comment } : {}),
    });
    for (const ix of model!.indexes) await run({ ...ix, table: copy });
    const again = await dialect.reflectTable(conn, copy);
    const rename = (s: string) => s.replace(/_2$/, "");
    const normalized: TableModel = {
      ...again!,
      table: model!.table,
      indexes: again!.indexes.map((ix) => ({ ...ix, table: model!.table })),
      uniques: again!.uniques.map((u) => ({ ...u, name: rename(u.name!) })),
      checks: again!.checks.map((c) => ({ ...c, name: rename(c.name!) })),
      foreignKeys: again!.foreignKeys.map((fk) => ({ ...fk, name: rename(fk.name!) })),
    };
    expect(normalized).toEqual(model!);
  });

  test("a missing table reflects as undefined", async () => {
    expect(await dialect.reflectTable(conn, { name: "nope" })).toBeUndefined();
  });
});

describe("lock", () => {
  test("a second session waits for the lock, then gets it; a short wait times out", async () => {
    const second = await connect();
    try {
      const key = ".migrator_version";
      const held = await dialect.lock(conn, url, { timeoutMs: 1000, key });
      const refused = dialect.lock(second, url, { timeoutMs: 1000, key });
      await expect(refused).rejects.toBeInstanceOf(LockTimeoutError);
      await expect(refused).rejects.toThrow(/Another migrator process has held the lock .* for more than 1 s \(held by connection \d+\)/);

      const started = Date.now();
      const waiting = dialect.lock(second, url, { timeoutMs: 10_000, key });
      setTimeout(() => void held.release(), 500);
      const got = await waiting;
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      // A version table in a schema of its own is one lock whichever database the URL names.
      const ops = await dialect.lock(conn, url, { timeoutMs: 0, key: "ops.migrator_version" });
      await expect(dialect.lock(second, { ...url, database: "another_db" }, { timeoutMs: 0, key: "ops.migrator_version" })).rejects.toBeInstanceOf(LockTimeoutError);
      await ops.release();
      // Another key is another lock.
      const other = await dialect.lock(conn, url, { timeoutMs: 0, key: ".other_version" });
      await other.release();
      await got.release();
    } finally {
      await second.close();
    }
  });
});
