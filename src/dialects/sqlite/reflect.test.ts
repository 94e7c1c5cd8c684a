import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { UnsupportedOperationError } from "../../errors.ts";
import type { Op } from "../../operations/ops.ts";
import type { TableModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";
import type { CompileContext } from "../dialect.ts";
import { normalizeModel } from "../../schema/normalize.ts";
import { canonicalViewQuery } from "../sql/view_query.ts";
import { sqliteDialect } from "./dialect.ts";
import { FIXTURE_OPS } from "./fixture_schema.ts";

const memory = { scheme: "sqlite", dialect: "sqlite", path: ":memory:", params: {}, raw: "sqlite://" } as const;

let conn: Connection;
let online: CompileContext;

async function run(op: Op): Promise<void> {
  for (const s of await sqliteDialect.compile(op, online)) await conn.execute(s.sql, s.params);
}

/** The connection, with the SQL of every query it is asked to run written down. */
function recording(inner: Connection, log: string[]): Connection {
  return {
    execute: (sql, params) => inner.execute(sql, params),
    query: (sql, params) => (log.push(sql), inner.query(sql, params)),
    close: () => inner.close(),
    begin: () => inner.begin(),
    commit: () => inner.commit(),
    rollback: () => inner.rollback(),
    get inTransaction() {
      return inner.inTransaction;
    },
  };
}

const table = (model: { tables: readonly TableModel[] }, name: string) => model.tables.find((t) => t.table.name === name);

beforeEach(async () => {
  conn = await sqliteDialect.connect(memory, { timeoutMs: 1000 });
  online = { table: (ref) => sqliteDialect.reflectTable(conn, ref) };
  for (const op of FIXTURE_OPS) await run(op);
});

afterEach(async () => {
  await conn.close();
});

describe("SQLite reflect", () => {
  test("every table in one go, in the model's normal form", async () => {
    await conn.execute(`CREATE TABLE raw_t (x INTEGER CONSTRAINT ck_x CHECK( x>0 ), y TEXT DEFAULT (  'a' || 'b' ), z REFERENCES owners, w numeric ( 8 ,3 ))`);
    await conn.execute(`CREATE INDEX ix_raw ON raw_t ( ( x+1 ) , lower ( y ) ) WHERE  x>0 /* why */`);
    await conn.execute(`ANALYZE`); // makes SQLite's own sqlite_stat1: left out, as is sqlite_sequence (AUTOINCREMENT)
    expect((await conn.query(`SELECT name FROM sqlite_master WHERE name LIKE 'sqlite%' AND type = 'table' ORDER BY name`)).map((r) => r.name)).toEqual(["sqlite_sequence", "sqlite_stat1"]);
    const model = await sqliteDialect.reflect(conn, {});
    expect(model.schemas).toEqual([]);
    expect(model.enums).toEqual([]);
    expect(model.sequences).toEqual([]);
    expect(model.tables.map((t) => t.table)).toEqual([{ name: "items" }, { name: "links" }, { name: "owners" }, { name: "raw_t" }]);

    expect(table(model, "owners")).toEqual({
      table: { name: "owners" },
      columns: [
        { name: "id", type: { raw: "INTEGER" }, nullable: false, primaryKey: true },
        { name: "name", type: { raw: "VARCHAR(80)" }, nullable: false, default: "n/a" },
        { name: "created", type: { raw: "DATETIME" }, nullable: true, default: { sql: "CURRENT_TIMESTAMP" } },
        { name: "note", type: { raw: "TEXT" }, nullable: true, default: "it's" },
      ],
      foreignKeys: [],
      uniques: [],
      checks: [],
      indexes: [],
    });
    const items = { name: "items" };
    expect(table(model, "items")).toEqual({
      table: items,
      columns: [
        { name: "id", type: { raw: "INTEGER" }, nullable: false, primaryKey: true, autoincrement: true },
        { name: "name", type: { raw: "VARCHAR(50)" }, nullable: false },
        { name: "price", type: { raw: "NUMERIC(10, 2)" }, nullable: true, default: 0 },
        { name: "owner_id", type: { raw: "INTEGER" }, nullable: true },
        { name: "parent_id", type: { raw: "INTEGER" }, nullable: true },
        { name: "stamp", type: { raw: "TEXT" }, nullable: true, default: { sql: "datetime('now')" } },
      ],
      foreignKeys: [
        { name: "fk_items_parent", columns: ["parent_id"], refTable: "items", refColumns: ["id"], onDelete: "set null", deferrable: true, initiallyDeferred: true },
        { columns: ["owner_id"], refTable: "owners", refColumns: ["id"], onDelete: "cascade" },
      ],
      uniques: [{ columns: ["name"] }],
      checks: [{ name: "ck_items_name", condition: "length(name) > 0" }, { condition: "price >= 0" }],
      indexes: [
        { kind: "createIndex", name: "ix_items_lower_name", table: items, columns: [{ expression: "lower(name)" }, "price"], unique: true },
        { kind: "createIndex", name: "ix_items_owner", table: items, columns: ["owner_id"], where: "owner_id IS NOT NULL" },
      ],
    });
    const links = { name: "links" };
    expect(table(model, "links")).toEqual({
      table: links,
      columns: [
        { name: "a", type: { raw: "INTEGER" }, nullable: false },
        { name: "b", type: { raw: "INTEGER" }, nullable: false },
        { name: "weight", type: { raw: "REAL" }, nullable: true, default: -1.5 },
      ],
      primaryKey: { name: "pk_links", columns: ["a", "b"] },
      foreignKeys: [
        { columns: ["a"], refTable: "items", refColumns: ["id"], deferrable: true },
        { columns: ["b"], refTable: "owners", refColumns: ["id"], onUpdate: "cascade" },
      ],
      uniques: [{ name: "uq_links_weight", columns: ["weight", "a"] }, { columns: ["b", "weight"] }],
      checks: [{ name: "ck_links_weight", condition: "weight IS NULL OR weight < 100" }, { condition: "a <> b" }],
      indexes: [{ kind: "createIndex", name: "ix_links_b", table: links, columns: ["b", "a"] }],
    });
    // Written by hand: spacing made canonical, REFERENCES without columns resolved to the parent's key.
    const raw = { name: "raw_t" };
    expect(table(model, "raw_t")).toEqual({
      table: raw,
      columns: [
        { name: "x", type: { raw: "INTEGER" }, nullable: true },
        { name: "y", type: { raw: "TEXT" }, nullable: true, default: { sql: "'a' || 'b'" } },
        { name: "z", type: { raw: "" }, nullable: true },
        { name: "w", type: { raw: "numeric(8, 3)" }, nullable: true },
      ],
      foreignKeys: [{ columns: ["z"], refTable: "owners", refColumns: ["id"] }],
      uniques: [],
      checks: [{ name: "ck_x", condition: "x > 0" }],
      indexes: [{ kind: "createIndex", name: "ix_raw", table: raw, columns: [{ expression: "x + 1" }, { expression: "lower(y)" }], where: "x > 0" }],
    });
  });

  test("five queries whatever the number of tables (four for tables, one listing views and triggers)", async () => {
    const log: string[] = [];
    for (let i = 0; i < 40; i++) await conn.execute(`CREATE TABLE t${i} (id INTEGER PRIMARY KEY, ref INTEGER REFERENCES owners, v TEXT CHECK (v <> ''))`);
    const model = await sqliteDialect.reflect(recording(conn, log), {});
    expect(model.tables).toHaveLength(43);
    expect(log).toHaveLength(5);
    expect(table(model, "t7")?.foreignKeys).toEqual([{ columns: ["ref"], refTable: "owners", refColumns: ["id"] }]);
  });

  test("the same database reads the same, whatever order its objects were made in", async () => {
    const other = await sqliteDialect.connect(memory, { timeoutMs: 1000 });
    try {
      const ops = [...FIXTURE_OPS].reverse().filter((op) => op.kind === "createIndex");
      const tables = [FIXTURE_OPS[2]!, FIXTURE_OPS[0]!, FIXTURE_OPS[1]!];
      for (const op of [...tables, ...ops]) for (const s of await sqliteDialect.compile(op, online)) await other.execute(s.sql, s.params);
      const first = await sqliteDialect.reflect(conn, {});
      expect(await sqliteDialect.reflect(conn, {})).toEqual(first);
      expect(await sqliteDialect.reflect(other, {})).toEqual(first);
    } finally {
      await other.close();
    }
  });

  test("skipTable leaves a table out before anything about it but its name is read", async () => {
    await conn.execute(`CREATE TABLE migrator_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)`);
    const log: string[] = [];
    const asked: string[] = [];
    const model = await sqliteDialect.reflect(recording(conn, log), { skipTable: (ref) => (asked.push(JSON.stringify(ref)), ref.name === "migrator_version") });
    expect(model.tables.map((t) => t.table.name)).toEqual(["items", "links", "owners"]);
    expect(asked.sort()).toEqual(['{"name":"items"}', '{"name":"links"}', '{"name":"migrator_version"}', '{"name":"owners"}']);
    expect(log.slice(1).filter((sql) => !sql.includes("type IN ('view'")).every((sql) => sql.includes("NOT IN"))).toBe(true);
    // Everything skipped: one query for the tables, one listing views and triggers.
    log.length = 0;
    expect((await sqliteDialect.reflect(recording(conn, log), { skipTable: () => true })).tables).toEqual([]);
    expect(log).toHaveLength(2);
  });

  test("schemas: SQLite has none", async () => {
    const error = await sqliteDialect.reflect(conn, { schemas: ["aux"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect(String(error)).toContain(`Cannot reflect schemas "aux": SQLite has no schemas`);
    expect((await sqliteDialect.reflect(conn, { schemas: [] })).tables).toHaveLength(3);
  });

  test("the same constraint written with different spacing reads the same", async () => {
    await conn.execute(`CREATE TABLE s1 (a INT, b TEXT, CONSTRAINT ck CHECK (a>0 AND b<>'x  y'))`);
    await conn.execute(`CREATE TABLE s2 (a INT, b TEXT, CONSTRAINT ck CHECK (  ( a > 0\n  AND b <> 'x  y' ) ))`);
    await conn.execute(`CREATE INDEX ix1 ON s1 (lower(b), a+1) WHERE a>0`);
    await conn.execute(`CREATE INDEX ix2 ON s2 ( lower( b ) , ( a + 1 ) ) WHERE ( a > 0 )`);
    const model = await sqliteDialect.reflect(conn, {});
    const [s1, s2] = [table(model, "s1")!, table(model, "s2")!];
    expect(s1.checks).toEqual([{ name: "ck", condition: "a > 0 AND b <> 'x  y'" }]);
    expect(s2.checks).toEqual(s1.checks);
    expect(s1.indexes[0]).toMatchObject({ columns: [{ expression: "lower(b)" }, { expression: "a + 1" }], where: "a > 0" });
    expect(s2.indexes[0]).toMatchObject({ columns: s1.indexes[0]!.columns, where: "a > 0" });
  });

  test("two foreign keys on the same column keep their own names (the pragma lists them in another order than written)", async () => {
    await conn.execute(`CREATE TABLE p1 (id INTEGER PRIMARY KEY)`);
    await conn.execute(`CREATE TABLE p2 (id INTEGER PRIMARY KEY)`);
    await conn.execute(`CREATE TABLE c (x INTEGER CONSTRAINT fk_c_x_p2 REFERENCES p2 (id), CONSTRAINT fk_c_x_p1 FOREIGN KEY (x) REFERENCES "p1" (id))`);
    const c = (await sqliteDialect.reflectTable(conn, { name: "c" }))!;
    expect(c.foreignKeys).toEqual([
      { name: "fk_c_x_p1", columns: ["x"], refTable: "p1", refColumns: ["id"] },
      { name: "fk_c_x_p2", columns: ["x"], refTable: "p2", refColumns: ["id"] },
    ]);
  });

  test("a table reads the same before and after a batch rebuild that changes nothing", async () => {
    await conn.execute(`CREATE TABLE raw_t (x INTEGER CONSTRAINT ck_x CHECK( x>0 ) UNIQUE, y TEXT DEFAULT (  'a' || 'b' ) NOT NULL, z REFERENCES owners ON DELETE SET NULL, w numeric ( 8 ,3 ) DEFAULT -2)`);
    await conn.execute(`CREATE INDEX ix_raw ON raw_t ( ( x+1 ) , lower ( y ) ) WHERE  x>0 /* why */`);
    await conn.execute(`CREATE INDEX ix_raw_order ON raw_t (x  desc, y COLLATE NOCASE, (lower(y)) collate nocase ASC)`);
    const before = await sqliteDialect.reflect(conn, {});
    expect(table(before, "raw_t")?.indexes[1]?.columns).toEqual([{ name: "x", order: "desc" }, { expression: "y COLLATE NOCASE" }, { expression: "lower(y) COLLATE nocase" }]);
    for (const name of ["owners", "items", "links", "raw_t"]) {
      await run({ kind: "batchAlterTable", table: { name }, ops: [], recreate: "always" });
    }
    expect(await sqliteDialect.reflect(conn, {})).toEqual(before);
  });

  test("reflectTable is one table of the same reading; missing, of an attached database", async () => {
    const model = await sqliteDialect.reflect(conn, {});
    for (const t of model.tables) expect(await sqliteDialect.reflectTable(conn, t.table)).toEqual(t);
    expect(await sqliteDialect.reflectTable(conn, { name: "ITEMS" })).toEqual(table(model, "items")!);
    expect(await sqliteDialect.reflectTable(conn, { name: "missing" })).toBeUndefined();
    expect(await sqliteDialect.reflectTable(conn, { name: "sqlite_sequence" })).toBeUndefined();
    await conn.execute(`ATTACH DATABASE ':memory:' AS aux`);
    await conn.execute(`CREATE TABLE aux.kids (id INTEGER PRIMARY KEY, owner REFERENCES owners)`);
    await conn.execute(`CREATE TABLE aux.owners (code TEXT PRIMARY KEY)`);
    expect(await sqliteDialect.reflectTable(conn, { name: "kids", schema: "aux" })).toEqual({
      table: { name: "kids", schema: "aux" },
      columns: [
        { name: "id", type: { raw: "INTEGER" }, nullable: false, primaryKey: true },
        { name: "owner", type: { raw: "" }, nullable: true },
      ],
      foreignKeys: [{ columns: ["owner"], refTable: "owners", refColumns: ["code"] }],
      uniques: [],
      checks: [],
      indexes: [],
    });
  });

  test("500 tables of 8 columns, an index and a foreign key each", async () => {
    await conn.begin();
    for (let i = 0; i < 500; i++) {
      await conn.execute(
        `CREATE TABLE bulk_${i} (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INTEGER DEFAULT 0, c REAL, d TEXT DEFAULT 'x', ` +
          `e DATETIME DEFAULT CURRENT_TIMESTAMP, f BLOB, owner_id INTEGER REFERENCES owners (id) ON DELETE CASCADE)`,
      );
      await conn.execute(`CREATE INDEX ix_bulk_${i}_a ON bulk_${i} (a)`);
    }
    await conn.commit();
    const log: string[] = [];
    const model = await sqliteDialect.reflect(recording(conn, log), {});
    expect(log).toHaveLength(5);
    expect(model.tables).toHaveLength(503);
    const bulk = model.tables.filter((t) => t.table.name.startsWith("bulk_"));
    expect(bulk.every((t) => t.columns.length === 8 && t.indexes.length === 1 && t.foreignKeys.length === 1)).toBe(true);
  });
});

describe("SQLite views", () => {
  test("the SELECT of each view as written, after its name and column list; none: no `views` key", async () => {
    const before = await sqliteDialect.reflect(conn, {});
    expect(before).not.toHaveProperty("views");
    expect(normalizeModel(before)).not.toHaveProperty("views");
    await conn.execute(`CREATE VIEW "cheap items" AS SELECT id, name FROM items WHERE price < 10;`);
    await conn.execute(`CREATE VIEW IF NOT EXISTS owner_names AS\n  SELECT o.name, count(i.id) AS n\n  FROM owners o LEFT JOIN items i ON i.owner_id = o.id GROUP BY o.name`);
    await conn.execute("CREATE VIEW `named` (a, b) as select id, 'x  AS y' from items");
    await conn.execute(`CREATE VIEW [bracketed] AS SELECT a, b FROM links`);
    await conn.execute(`CREATE TEMP VIEW scratch_only AS SELECT 1`);
    const model = await sqliteDialect.reflect(conn, {});
    // Temporary views live in sqlite_temp_master: not part of the database, not read (as unmanaged).
    expect(model.views?.map((v) => v.name)).toEqual(["bracketed", "cheap items", "named", "owner_names"]);
    expect(model.views?.every((v) => v.schema === undefined && v.checkOption === undefined && Object.keys(v).length === 2)).toBe(true);
    const query = (name: string) => model.views!.find((v) => v.name === name)!.query;
    expect(query("cheap items")).toBe("SELECT id, name FROM items WHERE price < 10");
    expect(query("owner_names")).toBe("SELECT o.name, count(i.id) AS n\n  FROM owners o LEFT JOIN items i ON i.owner_id = o.id GROUP BY o.name");
    expect(canonicalViewQuery(query("owner_names"))).toBe("SELECT o.name, count(i.id) AS n FROM owners o LEFT JOIN items i ON i.owner_id = o.id GROUP BY o.name");
    expect(query("named")).toBe("select id, 'x  AS y' from items");
    expect(query("bracketed")).toBe("SELECT a, b FROM links");
    expect(model.unmanaged).toEqual(["view bracketed", "view cheap items", "view named", "view owner_names"]);
  });
});
