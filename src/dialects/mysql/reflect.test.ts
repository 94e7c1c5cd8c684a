/** Bulk reflection against a real server (see test_database.ts); each run in databases of its own. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { ColumnDef } from "../../operations/ops.ts";
import type { TableModel } from "../../schema/model.ts";
import { normalizeModel } from "../../schema/normalize.ts";
import { canonicalViewQuery } from "../sql/view_query.ts";
import { MYSQL_QUOTES } from "./ddl.ts";
import { mysqlDialect as dialect } from "./dialect.ts";
import { createTestDatabase, runOp, type TestDatabase } from "./test_database.ts";
import { fixtureOps } from "./test_fixture.ts";

let db: TestDatabase;
let other: string;

beforeAll(async () => {
  db = await createTestDatabase();
  other = await db.createDatabase("o");
  for (const op of fixtureOps(other, db.name)) await runOp(db.conn, op);
});

afterAll(async () => {
  await db?.drop();
});

/** MariaDB and MySQL 8 print some things differently. */
const int = () => ({ raw: db.mariadb ? "int(11)" : "int" });
const check = (condition: string) => (db.mariadb ? condition : `(${condition})`);

describe("reflect", () => {
  test("every kind of object, in the normal form, names the server made up left out", async () => {
    const model = await dialect.reflect(db.conn, { schemas: [other, `${db.name}_missing`] });
    expect(model.schemas).toEqual([other]);
    expect(model.enums).toEqual([]);
    expect(model.sequences).toEqual([]);
    expect(model.tables.map((t) => t.table)).toEqual([
      { name: "orders" },
      { name: "parent" },
      { name: "users" },
      { name: "items", schema: other },
      { name: "things", schema: other },
    ]);
    const [orders, parent, users, items, things] = model.tables as [TableModel, TableModel, TableModel, TableModel, TableModel];

    expect(parent).toEqual({
      table: { name: "parent" },
      columns: [
        { name: "a", type: int(), nullable: false },
        { name: "b", type: { raw: "varchar(10)" }, nullable: false },
        { name: "label", type: { raw: "varchar(20)" }, nullable: true },
      ],
      primaryKey: { columns: ["a", "b"] },
      foreignKeys: [],
      uniques: [{ name: "uq_label", columns: ["label"] }],
      checks: [],
      indexes: [],
      // The table's default collation: what its columns without one of their own have.
      defaultCollation: expect.stringMatching(/^utf8mb4_/),
    });

    const now = db.mariadb ? "current_timestamp(6)" : "CURRENT_TIMESTAMP(6)";
    expect(users).toEqual({
      table: { name: "users" },
      comment: "people",
      columns: [
        { name: "id", type: int(), nullable: false, primaryKey: true, autoincrement: true },
        { name: "email", type: { raw: "varchar(100)" }, nullable: false },
        { name: "name", type: { raw: "varchar(50)" }, nullable: false, default: "it's \\ x", comment: "full name" },
        { name: "age", type: int(), nullable: true },
        { name: "score", type: int(), nullable: true, default: { sql: "0" } },
        { name: "created", type: { raw: "datetime(6)" }, nullable: false, default: { sql: now } },
        { name: "doc", type: { raw: "json" }, nullable: true },
      ],
      foreignKeys: [],
      // Unnamed first (by columns), then by name.
      uniques: [{ name: "uq_score", columns: ["score"] }, { columns: ["email"] }, { columns: ["name", "email"] }],
      checks: [{ name: "ck_age", condition: check("`age` < 200") }, { condition: check("`age` >= 0") }, { condition: check("`score` < 100") }],
      indexes: [],
      defaultCollation: expect.stringMatching(/^utf8mb4_/),
    });

    const ordersRef = { name: "orders" };
    expect(orders).toEqual({
      table: ordersRef,
      columns: [
        { name: "id", type: { raw: db.mariadb ? "bigint(20)" : "bigint" }, nullable: false, primaryKey: true, autoincrement: true },
        { name: "user_id", type: int(), nullable: false },
        { name: "reviewer", type: int(), nullable: true },
        { name: "pa", type: int(), nullable: true },
        { name: "pb", type: { raw: "varchar(10)" }, nullable: true },
        { name: "note", type: { raw: "text" }, nullable: true },
      ],
      foreignKeys: [
        { name: "fk_parent", columns: ["pa", "pb"], refTable: "parent", refColumns: ["a", "b"], onDelete: "set null", onUpdate: "cascade" },
        { columns: ["reviewer"], refTable: "users", refColumns: ["id"] },
        { columns: ["user_id"], refTable: "users", refColumns: ["id"], onDelete: "cascade" },
      ],
      uniques: [],
      checks: [],
      // The indexes InnoDB made for the foreign keys are left out.
      indexes: [
        { kind: "createIndex", name: "ft_note", table: ordersRef, columns: ["note"], method: "fulltext" },
        { kind: "createIndex", name: "ix_multi", table: ordersRef, columns: ["pb", "id"] },
        { kind: "createIndex", name: "ix_prefix", table: ordersRef, columns: [{ expression: "`note`(20)" }, "pa"] },
      ],
      defaultCollation: expect.stringMatching(/^utf8mb4_/),
    });

    const id: ColumnDef = { name: "id", type: int(), nullable: false, primaryKey: true };
    expect(things).toEqual({ table: { name: "things", schema: other }, columns: [id], foreignKeys: [], uniques: [], checks: [], indexes: [], defaultCollation: expect.stringMatching(/^utf8mb4_/) });
    // A reference within the table's own database has no refSchema; one to the default database names it.
    expect(items.foreignKeys).toEqual([
      { columns: ["thing_id"], refTable: "things", refColumns: ["id"] },
      { columns: ["user_id"], refTable: "users", refSchema: db.name, refColumns: ["id"] },
    ]);
  });

  test("deterministic, and reflectTable is the same reading of one table", async () => {
    const first = await dialect.reflect(db.conn, { schemas: [other] });
    const second = await dialect.reflect(db.conn, { schemas: [other] });
    expect(second).toEqual(first);
    for (const table of first.tables) expect(await dialect.reflectTable(db.conn, table.table)).toEqual(table);
    expect(await dialect.reflectTable(db.conn, { name: "things" })).toBeUndefined();
  });

  test("a descending key part reads back with its order where the server keeps it (MySQL 8, MariaDB 10.8+)", async () => {
    await db.conn.execute(`CREATE TABLE \`${other}\`.ordered (a int, b varchar(20), c varchar(20), KEY ordered_desc (a DESC, b), UNIQUE KEY ordered_u (c DESC))`);
    const model = await dialect.reflectTable(db.conn, { name: "ordered", schema: other });
    const [major, minor] = (await db.conn.query<{ v: string }>("SELECT VERSION() AS v"))[0]!.v.split(".").map(Number);
    const kept = !db.mariadb || major! > 10 || (major === 10 && minor! >= 8);
    expect(model?.indexes.map((ix) => [ix.name, ix.columns, !!ix.unique])).toEqual([
      ["ordered_desc", [kept ? { name: "a", order: "desc" } : "a", "b"], false],
      ...(kept ? [["ordered_u", [{ name: "c", order: "desc" as const }], true]] : []),
    ]);
    expect(model?.uniques).toEqual(kept ? [] : [{ name: "ordered_u", columns: ["c"] }]);
    await db.conn.execute(`DROP TABLE \`${other}\`.ordered`);
  });

  test("skipTable leaves tables out; without schemas only the default database is read", async () => {
    const seen: string[] = [];
    const model = await dialect.reflect(db.conn, {
      skipTable: (ref) => {
        seen.push(ref.name);
        return ref.name === "users";
      },
    });
    expect(model.schemas).toEqual([]);
    expect(model.tables.map((t) => t.table.name)).toEqual(["orders", "parent"]);
    expect(seen.sort()).toEqual(["orders", "parent", "users"]);
  });

  test("created tables round-trip: their reflection, created again, reflects the same", async () => {
    const model = await dialect.reflect(db.conn, {});
    const there = (name: string) => ({ name, schema: other });
    for (const name of ["parent", "users", "orders"]) {
      const t = model.tables.find((m) => m.table.name === name)!;
      await runOp(db.conn, { kind: "createTable", table: there(name), ...createParts(t) });
      for (const ix of t.indexes) await runOp(db.conn, { ...ix, table: there(name) });
    }
    const again = await dialect.reflect(db.conn, { schemas: [other] });
    const local = (t: TableModel): TableModel => ({ ...t, table: { name: t.table.name }, indexes: t.indexes.map((ix) => ({ ...ix, table: { name: t.table.name } })) });
    expect(again.tables.filter((t) => t.table.schema === other && t.table.name !== "items" && t.table.name !== "things").map(local)).toEqual([...model.tables]);
    for (const name of ["orders", "users", "parent"]) await runOp(db.conn, { kind: "dropTable", table: there(name) });
  });
});

describe("names the server made up", () => {
  test("dropConstraint finds their kind on the live table, though they read back unnamed", async () => {
    const t = { name: "gen" };
    await runOp(db.conn, {
      kind: "createTable",
      table: t,
      columns: [
        { name: "id", type: "integer", primaryKey: true },
        { name: "email", type: "varchar(20)", unique: true },
        { name: "n", type: "integer", check: "`n` > 0", references: { table: "users", column: "id" } },
      ],
      checks: [{ condition: "`n` < 10" }],
    });
    await runOp(db.conn, {
      kind: "addColumn",
      table: t,
      column: { name: "k", type: "integer", unique: true, check: "`k` > 1", references: { table: "users", column: "id" } },
    });
    const model = (await dialect.reflectTable(db.conn, t))!;
    expect(model.foreignKeys).toEqual([
      { columns: ["k"], refTable: "users", refColumns: ["id"] },
      { columns: ["n"], refTable: "users", refColumns: ["id"] },
    ]);
    expect(model.uniques).toEqual([{ columns: ["email"] }, { columns: ["k"] }]);
    expect(model.checks).toEqual([{ condition: check("`k` > 1") }, { condition: check("`n` < 10") }, { condition: check("`n` > 0") }]);

    const names = async (type: string) =>
      (
        await db.conn.query<{ n: string }>(
          "SELECT CONSTRAINT_NAME AS n FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'gen' AND CONSTRAINT_TYPE = ?",
          [type],
        )
      ).map((r) => r.n).sort();
    const fk = await names("FOREIGN KEY");
    const uq = await names("UNIQUE");
    const ck = await names("CHECK");
    expect(fk).toEqual(["gen_ibfk_1", "gen_ibfk_2"]);
    expect(uq).toEqual(["email", "k"]);
    expect(ck).toEqual(db.mariadb ? ["CONSTRAINT_1", "k", "n"] : ["gen_chk_1", "gen_chk_2", "gen_chk_3"]);
    // MariaDB's column checks ("k", "n") are part of their columns: no DROP CONSTRAINT reaches them, only MODIFY COLUMN.
    const columnChecks = db.mariadb ? ["k", "n"] : [];
    for (const name of [...fk, ...uq, ...ck.filter((n) => !columnChecks.includes(n))]) {
      await runOp(db.conn, { kind: "dropConstraint", name, table: t });
    }
    for (const type of ["FOREIGN KEY", "UNIQUE"]) expect(await names(type)).toEqual([]);
    expect(await names("CHECK")).toEqual(columnChecks);
    await runOp(db.conn, { kind: "dropTable", table: t });
  });
});

/** A reflected table as the parts of a createTable op. */
function createParts(t: TableModel) {
  return {
    columns: t.columns,
    ...(t.primaryKey ? { primaryKey: t.primaryKey } : {}),
    foreignKeys: t.foreignKeys,
    uniques: t.uniques,
    checks: t.checks,
    ...(t.comment ? { comment: t.comment } : {}),
  };
}

describe("alterColumn on a reflected table", () => {
  test("MODIFY and CHANGE keep a column's own check (MariaDB drops it with a column restated without it)", async () => {
    const t = { name: "modify_me" };
    await runOp(db.conn, {
      kind: "createTable",
      table: t,
      columns: [
        { name: "id", type: "integer", primaryKey: true },
        { name: "n", type: "integer", check: "`n` > 0", comment: "positive" },
        { name: "j", type: "json" },
      ],
      checks: [{ condition: "`n` < 100" }],
    });
    const before = (await dialect.reflectTable(db.conn, t))!;
    await runOp(db.conn, { kind: "alterColumn", table: t, column: "n", nullable: false });
    await runOp(db.conn, { kind: "alterColumn", table: t, column: "j", nullable: false });
    const after = (await dialect.reflectTable(db.conn, t))!;
    expect(after.checks).toEqual(before.checks);
    expect(after.columns.find((c) => c.name === "n")).toMatchObject({ nullable: false, comment: "positive" });
    expect(after.columns.find((c) => c.name === "j")).toMatchObject({ type: { raw: "json" }, nullable: false });

    await runOp(db.conn, { kind: "alterColumn", table: t, column: "n", newName: "m", type: "bigint" });
    const renamed = (await dialect.reflectTable(db.conn, t))!;
    const conditions = renamed.checks.map((c) => c.condition).sort();
    expect(conditions).toEqual([check("`m` < 100"), check("`m` > 0")].sort());
    await expect(db.conn.execute("INSERT INTO modify_me (id, m, j) VALUES (1, 0, '{}')")).rejects.toThrow(/CONSTRAINT/i);
    await runOp(db.conn, { kind: "dropTable", table: t });
  });
});

describe("views", () => {
  test("views of the databases read, without their own database in their names, with their check option", async () => {
    const before = await dialect.reflect(db.conn, { schemas: [other] });
    expect(before).not.toHaveProperty("views");
    expect(normalizeModel(before)).not.toHaveProperty("views");
    const q = (n: string) => dialect.quoteIdentifier(n);
    const views = [
      "CREATE VIEW adults AS SELECT id, name FROM users WHERE age >= 18",
      "CREATE VIEW scored AS SELECT id, score FROM users WHERE score > 0 WITH CASCADED CHECK OPTION",
      "CREATE VIEW low_scored AS SELECT id, score FROM scored WHERE score < 50 WITH LOCAL CHECK OPTION",
      // The qualifier inside a string stays: only names lose it.
      `CREATE VIEW noted AS SELECT id, 'it''s ${q(db.name)}.x \\\\' AS s FROM orders`,
      `CREATE VIEW ${q(other)}.thing_ids AS SELECT id FROM ${q(other)}.things WHERE id > 1`,
      // Another database's name is no qualifier of the view's own: it stays.
      `CREATE VIEW ${q(other)}.user_ids AS SELECT id FROM ${q(db.name)}.users`,
    ];
    for (const v of views) await db.conn.execute(v);
    try {
      const model = await dialect.reflect(db.conn, { schemas: [other] });
      const read = model.views ?? [];
      expect(read.map(({ name, schema, checkOption }) => ({ name, schema, checkOption }))).toEqual([
        { name: "adults", schema: undefined, checkOption: undefined },
        { name: "low_scored", schema: undefined, checkOption: "local" },
        { name: "noted", schema: undefined, checkOption: undefined },
        { name: "scored", schema: undefined, checkOption: "cascaded" },
        { name: "thing_ids", schema: other, checkOption: undefined },
        { name: "user_ids", schema: other, checkOption: undefined },
      ]);
      expect(Object.keys(read[0]!).sort()).toEqual(["name", "query"]);
      const query = (name: string) => canonicalViewQuery(read.find((v) => v.name === name)!.query, MYSQL_QUOTES);
      for (const v of read) if (v.name !== "noted") expect(v.query).not.toContain(`${q(v.schema ?? db.name)}.`);
      expect(query("noted")).toContain(`'it\\'s \`${db.name}\`.x \\\\'`);
      expect(query("user_ids")).toContain(`from ${q(db.name)}.\`users\``);
      if (db.mariadb) {
        expect(query("adults")).toBe("select `users`.`id` AS `id`,`users`.`name` AS `name` from `users` where `users`.`age` >= 18");
        expect(query("low_scored")).toBe("select `scored`.`id` AS `id`,`scored`.`score` AS `score` from `scored` where `scored`.`score` < 50");
        expect(query("thing_ids")).toBe("select `things`.`id` AS `id` from `things` where `things`.`id` > 1");
      }
      // The same views made in another database (as a scratch database would) read the same.
      const scratch = await db.createDatabase("v");
      await db.conn.execute(`CREATE TABLE ${q(scratch)}.users LIKE users`);
      await db.conn.execute(`CREATE VIEW ${q(scratch)}.adults AS SELECT id, name FROM ${q(scratch)}.users WHERE age >= 18`);
      await db.conn.execute(`CREATE VIEW ${q(scratch)}.scored AS SELECT id, score FROM ${q(scratch)}.users WHERE score > 0 WITH CASCADED CHECK OPTION`);
      const there = await dialect.reflect(db.conn, { schemas: [scratch] });
      for (const name of ["adults", "scored"]) {
        expect(there.views?.find((v) => v.name === name && v.schema === scratch)?.query).toBe(read.find((v) => v.name === name)!.query);
      }
    } finally {
      for (const v of ["low_scored", "scored", "adults", "noted"]) await db.conn.execute(`DROP VIEW IF EXISTS ${v}`);
      for (const v of ["thing_ids", "user_ids"]) await db.conn.execute(`DROP VIEW IF EXISTS ${q(other)}.${v}`);
    }
  });
});
