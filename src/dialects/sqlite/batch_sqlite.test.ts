import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { Op, TableAlteration } from "../../operations/ops.ts";
import { SchemaTracker } from "../../schema/tracker.ts";
import type { Connection } from "../connection.ts";
import type { CompileContext } from "../dialect.ts";
import { sqliteDialect } from "./dialect.ts";

const memory = { scheme: "sqlite", dialect: "sqlite", path: ":memory:", params: {}, raw: "sqlite://" } as const;

let conn: Connection;
let online: CompileContext;
const tracker = () => new SchemaTracker();

async function run(op: Op, ctx: CompileContext = online): Promise<string[]> {
  const statements = await sqliteDialect.compile(op, ctx);
  for (const s of statements) await conn.execute(s.sql, s.params);
  ctx.record?.(op);
  return statements.map((s) => s.sql);
}

const rows = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => conn.query<T>(sql, params);
const fails = async (sql: string) => {
  try {
    await conn.execute(sql);
  } catch (error) {
    return String(error);
  }
  return "no error";
};

const schemaOps: Op[] = [
  { kind: "createTable", table: { name: "owners" }, columns: [{ name: "id", type: "integer", primaryKey: true }, { name: "name", type: "text" }] },
  {
    kind: "createTable",
    table: { name: "items" },
    columns: [
      { name: "id", type: "integer", primaryKey: true, autoincrement: true },
      { name: "name", type: "varchar(50)", nullable: false },
      { name: "price", type: "numeric(10,2)", default: 0, check: "price >= 0" },
      { name: "owner_id", type: "integer", references: { table: "owners", column: "id", onDelete: "cascade" } },
      { name: "note", type: "text" },
      { name: "created", type: "timestamp", default: { sql: "CURRENT_TIMESTAMP" } },
    ],
    checks: [{ name: "ck_name", condition: "length(name) > 0" }],
  },
  { kind: "createIndex", name: "ix_items_name", table: { name: "items" }, columns: ["name"] },
  { kind: "createIndex", name: "ix_items_owner", table: { name: "items" }, columns: ["owner_id"], where: "owner_id IS NOT NULL" },
  { kind: "createTable", table: { name: "tags" }, columns: [{ name: "item_id", type: "integer", references: "items.id" }, { name: "tag", type: "text" }] },
];

const batch: Op = {
  kind: "batchAlterTable",
  table: { name: "items" },
  ops: [
    { kind: "alterColumn", table: { name: "items" }, column: "price", type: "real", nullable: false },
    { kind: "dropColumn", table: { name: "items" }, column: "note" },
    { kind: "createUniqueConstraint", name: "uq_items_name", table: { name: "items" }, columns: ["name"] },
    { kind: "alterColumn", table: { name: "items" }, column: "name", newName: "title" },
  ],
};

beforeEach(async () => {
  conn = await sqliteDialect.connect(memory, { timeoutMs: 1000 });
  online = { table: (ref) => sqliteDialect.reflectTable(conn, ref) };
  for (const op of schemaOps) await run(op);
  await conn.execute(`INSERT INTO owners (id, name) VALUES (1, 'ann'), (2, 'bob')`);
  await conn.execute(`INSERT INTO items (name, price, owner_id, note) VALUES ('apple', 1.5, 1, 'red'), ('pear', 2, 2, NULL), ('plum', 0, NULL, 'x')`);
  await conn.execute(`INSERT INTO tags (item_id, tag) VALUES (1, 'fruit'), (2, 'fruit')`);
});

afterEach(async () => {
  await conn.close();
});

describe("SQLite batch against an embedded database", () => {
  test("every column dropped and others added: the rows stay, with the new columns' defaults (the copy had no column and lost them)", async () => {
    const ops: TableAlteration[] = [
      { kind: "addColumn", table: { name: "tags" }, column: { name: "label", type: "text", default: "none" } },
      { kind: "addColumn", table: { name: "tags" }, column: { name: "weight", type: "integer" } },
      { kind: "dropColumn", table: { name: "tags" }, column: "item_id" },
      { kind: "dropColumn", table: { name: "tags" }, column: "tag" },
    ];
    await run({ kind: "batchAlterTable", table: { name: "tags" }, ops });
    expect(await rows("SELECT label, weight FROM tags")).toEqual([{ label: "none", weight: null }, { label: "none", weight: null }]);
  });

  test("connections start with foreign key enforcement off, which the rebuild relies on", async () => {
    expect(await rows("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 0 }]);
  });

  test("alter type and nullability, drop a column, add a unique constraint, rename a column: data, index, FK, check kept", async () => {
    await conn.begin();
    await run(batch);
    await conn.commit();

    expect(await rows(`SELECT id, title, price, owner_id FROM items ORDER BY id`)).toEqual([
      { id: 1, title: "apple", price: 1.5, owner_id: 1 },
      { id: 2, title: "pear", price: 2, owner_id: 2 },
      { id: 3, title: "plum", price: 0, owner_id: null },
    ]);
    const cols = await rows<{ name: string; type: string; notnull: number }>(`SELECT name, type, "notnull" FROM pragma_table_info('items')`);
    expect(cols.map((c) => c.name)).toEqual(["id", "title", "price", "owner_id", "created"]);
    expect(cols.find((c) => c.name === "price")).toEqual({ name: "price", type: "REAL", notnull: 1 });

    // Indexes kept, following the rename; the partial one keeps its WHERE.
    const indexes = await rows<{ name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'items' AND sql IS NOT NULL ORDER BY name`);
    expect(indexes).toEqual([
      { name: "ix_items_name", sql: `CREATE INDEX "ix_items_name" ON "items" ("title")` },
      { name: "ix_items_owner", sql: `CREATE INDEX "ix_items_owner" ON "items" ("owner_id") WHERE owner_id IS NOT NULL` },
    ]);
    // The foreign key, the checks, the default and AUTOINCREMENT survive.
    expect(await rows(`SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list('items')`)).toEqual([
      { table: "owners", from: "owner_id", to: "id", on_delete: "CASCADE" },
    ]);
    const createSql = String((await rows<{ sql: string }>(`SELECT sql FROM sqlite_master WHERE name = 'items'`))[0]!.sql);
    expect(createSql).toContain("AUTOINCREMENT");
    expect(createSql).toContain(`CONSTRAINT "ck_name" CHECK (length(title) > 0)`);
    expect(await fails(`INSERT INTO items (title, price) VALUES ('neg', -1)`)).toContain("CHECK constraint failed");
    expect(await fails(`INSERT INTO items (title, price) VALUES ('', 1)`)).toContain("CHECK constraint failed");
    expect(await fails(`INSERT INTO items (title, price) VALUES ('apple', 1)`)).toContain("UNIQUE constraint failed");
    expect(await fails(`INSERT INTO items (title, price) VALUES ('nul', NULL)`)).toContain("NOT NULL constraint failed");
    await conn.execute(`INSERT INTO items (title) VALUES ('fig')`);
    expect(await rows(`SELECT price, created IS NOT NULL AS has_created, id FROM items WHERE title = 'fig'`)).toEqual([{ price: 0, has_created: 1, id: 4 }]);

    // With enforcement on, the foreign keys of the table and of the table referring to it still hold.
    await conn.execute("PRAGMA foreign_keys = ON");
    expect(await fails(`INSERT INTO items (title, owner_id) VALUES ('kiwi', 99)`)).toContain("FOREIGN KEY constraint failed");
    expect(await fails(`INSERT INTO tags (item_id, tag) VALUES (99, 'x')`)).toContain("FOREIGN KEY constraint failed");
    expect(await rows(`PRAGMA foreign_key_check`)).toEqual([]);
    expect(await fails(`DELETE FROM owners WHERE id = 1`)).toContain("FOREIGN KEY constraint failed"); // cascades to items, which tags refer to
    await conn.execute(`DELETE FROM tags`);
    await conn.execute(`DELETE FROM owners WHERE id = 1`);
    expect(await rows(`SELECT count(*) AS n FROM items WHERE owner_id = 1`)).toEqual([{ n: 0 }]);
    expect(await rows(`SELECT name FROM sqlite_master WHERE name LIKE '_migrator_tmp_%'`)).toEqual([]);
  });

  test("reflection reads the rebuilt table back the same way (a second rebuild changes nothing)", async () => {
    await run(batch);
    const before = await rows(`SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'items' ORDER BY name`);
    await run({ kind: "batchAlterTable", table: { name: "items" }, ops: [], recreate: "always" });
    expect(await rows(`SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'items' ORDER BY name`)).toEqual(before);
  });

  test("a view that reads the table keeps working through a rebuild (the rename runs in legacy mode)", async () => {
    await conn.execute("CREATE VIEW cheap AS SELECT name FROM items WHERE price < 10");
    await conn.execute("INSERT INTO items (name, price) VALUES ('pen', 2)");
    await run({ kind: "batchAlterTable", table: { name: "items" }, ops: [{ kind: "alterColumn", table: { name: "items" }, column: "name", type: "text" }], recreate: "always" });
    expect(await rows("SELECT name FROM cheap WHERE name = 'pen'")).toEqual([{ name: "pen" }]);
    expect(await rows("PRAGMA legacy_alter_table")).toEqual([{ legacy_alter_table: 0 }]);
  });

  test("a failing copy (NULLs into a new NOT NULL column) rolls back with the transaction", async () => {
    await conn.begin();
    const error = await run({ kind: "alterColumn", table: { name: "items" }, column: "note", nullable: false }).catch((e: unknown) => String(e));
    await conn.rollback();
    expect(error).toContain("NOT NULL constraint failed");
    expect(await rows(`SELECT count(*) AS n FROM items`)).toEqual([{ n: 3 }]);
    expect(await rows(`SELECT name FROM sqlite_master WHERE name LIKE '_migrator_tmp_%'`)).toEqual([]);
  });

  test("reflection reads CHECK constraints, constraint names and DEFERRABLE from the CREATE TABLE text", async () => {
    await conn.execute(
      `CREATE TABLE t2 (a INTEGER CONSTRAINT ck_a CHECK (a > 0) CONSTRAINT uq_a UNIQUE, b TEXT CHECK (b <> 'x, y'), ` +
        `c INT, CONSTRAINT pk_t2 PRIMARY KEY (a, c), CONSTRAINT fk_c FOREIGN KEY (c) REFERENCES owners DEFERRABLE INITIALLY DEFERRED, UNIQUE (b, c))`,
    );
    const model = await sqliteDialect.reflectTable(conn, { name: "t2" });
    expect(model).toMatchObject({
      primaryKey: { name: "pk_t2", columns: ["a", "c"] },
      uniques: [{ name: "uq_a", columns: ["a"] }, { columns: ["b", "c"] }],
      checks: [{ name: "ck_a", condition: "a > 0" }, { condition: "b <> 'x, y'" }],
      foreignKeys: [{ name: "fk_c", columns: ["c"], refTable: "owners", refColumns: ["id"], deferrable: true, initiallyDeferred: true }],
    });
    expect(await sqliteDialect.reflectTable(conn, { name: "missing" })).toBeUndefined();
  });
});

describe("offline batch SQL", () => {
  test("equals the online SQL for the same table", async () => {
    const offline = tracker();
    for (const op of schemaOps) offline.record(op);
    const extra: Op = { kind: "addColumn", table: { name: "items" }, column: { name: "qty", type: "integer", default: 1 } };
    await run(extra);
    offline.record(extra);
    const fromOnline = await sqliteDialect.compile(batch, online);
    const fromOffline = await sqliteDialect.compile(batch, offline);
    expect(fromOffline).toEqual(fromOnline);
    expect(fromOffline[0]!.sql).toContain(`"qty" INTEGER DEFAULT 1`);
  });

  test("equals the online SQL also when the ops space their texts and order their constraints otherwise", async () => {
    const t = { name: "odd" };
    const ops: Op[] = [
      {
        kind: "createTable",
        table: t,
        columns: [
          { name: "a", type: "integer", check: "a>0" },
          { name: "b", type: { raw: "varchar ( 5 )" }, default: { sql: "upper( 'x' )" } },
          { name: "c", type: "integer", references: "owners.id" },
        ],
        checks: [{ name: "ck_z", condition: "( b<>'' )" }, { name: "ck_a", condition: "a<1000" }],
        uniques: [{ columns: ["c"] }, { name: "uq_b", columns: ["b"] }],
      },
      { kind: "createIndex", name: "ix_z", table: t, columns: [{ expression: "lower( b )" }], where: "a>0" },
      { kind: "createIndex", name: "ix_a", table: t, columns: ["a"] },
    ];
    const offline = tracker();
    for (const op of ops) {
      await run(op);
      offline.record(op);
    }
    const alter: Op = { kind: "alterColumn", table: t, column: "c", nullable: false };
    const fromOffline = await sqliteDialect.compile(alter, offline);
    expect(fromOffline).toEqual(await sqliteDialect.compile(alter, online));
    expect(fromOffline.map((s) => s.sql)).toContain(`CREATE INDEX "ix_z" ON "odd" ((lower(b))) WHERE a > 0`);
  });
});
