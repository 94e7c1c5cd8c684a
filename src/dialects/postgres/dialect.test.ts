/**
 * Against a real server: MIGRATOR_TEST_PG_URL, by default postgresql://postgres@127.0.0.1:5432/test.
 * Each run works in its own schema (migrator_test_<random>, on the search_path of the test connection),
 * dropped at the end. No server makes these fail.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseDatabaseUrl, type DatabaseUrl } from "../../config/url.ts";
import { ConfigError, ConnectionError, ConnectionLostError, LockTimeoutError } from "../../errors.ts";
import type { CreateTableOp, Op } from "../../operations/ops.ts";
import { tableFromCreate } from "../../schema/apply.ts";
import type { TableModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";
import { postgresDialect as dialect } from "./dialect.ts";

const baseRaw = process.env["MIGRATOR_TEST_PG_URL"] ?? "postgresql://postgres@127.0.0.1:5432/test";
const baseUrl = parseDatabaseUrl(baseRaw);
const schema = `migrator_test_${Math.random().toString(36).slice(2, 10)}`;
const url: DatabaseUrl = { ...baseUrl, params: { ...baseUrl.params, search_path: schema } };
const connect = (u: DatabaseUrl = url) => dialect.connect(u, { timeoutMs: 5000 });
const q = (name: string) => dialect.quoteIdentifier(name);

let admin: Connection;
let conn: Connection;

beforeAll(async () => {
  admin = await connect(baseUrl);
  await admin.execute(`CREATE SCHEMA ${q(schema)}`);
  conn = await connect();
});

afterAll(async () => {
  await conn?.close();
  await admin?.execute(`DROP SCHEMA IF EXISTS ${q(schema)} CASCADE`);
  await admin?.close();
});

/** Compile an op online and run its statements (autocommit ones included: no transaction is open here). */
async function run(op: Op, on: Connection = conn): Promise<void> {
  const statements = await dialect.compile(op, { table: (ref) => dialect.reflectTable(on, ref) });
  for (const s of statements) await on.execute(s.sql, s.params);
}

async function one<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await conn.query<T>(sql, params))[0];
}

async function columnOf(table: string, column: string) {
  return one<{ type: string; nullable: string; dflt: string | null; identity: string; comment: string | null }>(
    `SELECT format_type(a.atttypid, a.atttypmod) AS type, CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END AS nullable,
            pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attidentity AS identity, col_description(a.attrelid, a.attnum) AS comment
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = to_regclass(format('%I.%I', ?::text, ?::text)) AND a.attname = ? AND NOT a.attisdropped`,
    [schema, table, column],
  );
}

async function constraintsOf(table: string): Promise<{ name: string; def: string }[]> {
  return conn.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = to_regclass(format('%I.%I', ?::text, ?::text)) ORDER BY conname`,
    [schema, table],
  );
}

async function indexDef(name: string): Promise<string | undefined> {
  return (await one<{ def: string }>("SELECT indexdef AS def FROM pg_indexes WHERE schemaname = ? AND indexname = ?", [schema, name]))?.def;
}

async function tableExists(name: string, inSchema = schema): Promise<boolean> {
  return (await conn.query("SELECT 1 FROM pg_tables WHERE schemaname = ? AND tablename = ?", [inSchema, name])).length > 0;
}

describe("connect", () => {
  test("a password-less URL reaches the server", async () => {
    const c = await connect(baseUrl);
    try {
      const row = (await c.query<{ db: string; app: string }>("SELECT current_database() AS db, current_setting('application_name') AS app"))[0];
      expect(row).toEqual({ db: baseUrl.database ?? "", app: "migrator" });
    } finally {
      await c.close();
    }
  });

  test("URL parameters become session settings", async () => {
    const u = parseDatabaseUrl(
      `${baseRaw}${baseRaw.includes("?") ? "&" : "?"}application_name=deploy%20job&search_path=${schema}&options=-c%20statement_timeout%3D4321&connect_timeout=5&sslmode=disable&lock_timeout=2s`,
    );
    const c = await connect(u);
    try {
      const row = (
        await c.query(
          "SELECT current_setting('application_name') AS app, current_schema() AS schema, current_setting('statement_timeout') AS st, current_setting('lock_timeout') AS lt",
        )
      )[0];
      expect(row).toEqual({ app: "deploy job", schema, st: "4321ms", lt: "2s" });
    } finally {
      await c.close();
    }
  });

  test("failures are ConnectionErrors that say what to do", async () => {
    await expect(connect({ ...baseUrl, port: 1 })).rejects.toThrow(ConnectionError);
    await expect(connect({ ...baseUrl, database: `${schema}_missing` })).rejects.toThrow(`create it first (CREATE DATABASE "${schema}_missing")`);
    const ssl = (await admin.query<{ ssl: string }>("SHOW ssl"))[0]?.ssl;
    if (ssl === "off") await expect(connect({ ...baseUrl, params: { ...baseUrl.params, sslmode: "require" } })).rejects.toThrow(ConnectionError);
  });
});

describe("a lost session", () => {
  test("a session the server ended fails its next statement instead of opening a new one", async () => {
    const c = await connect();
    const lock = await dialect.lock(c, url, { timeoutMs: 1000, key: `${schema}.lost` });
    const pid = (await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid"))[0]?.pid;
    await admin.query("SELECT pg_terminate_backend(?)", [pid]);
    await new Promise((r) => setTimeout(r, 100));
    await expect(c.query("SELECT 1")).rejects.toThrow(ConnectionError);
    await expect(c.query("SELECT 1")).rejects.toThrow(ConnectionLostError);
    await expect(c.query("SELECT 1")).rejects.toThrow(/^The connection to PostgreSQL at .* was lost \(the server or the network closed the connection\)$/);
    await lock.release();
    await c.close();
  });
});

describe("execute and query", () => {
  test("? parameters, and a ? inside a string literal or a $$ body is no placeholder", async () => {
    const row = await one("SELECT ? AS a, '?' AS b, $$ what? $$ AS c, $f$?$f$ AS d, CAST(? AS int) + 1 AS n, \"?col\".x AS e FROM (SELECT 5 AS x) AS \"?col\"", [
      "it's",
      41,
    ]);
    expect(row).toEqual({ a: "it's", b: "?", c: " what? ", d: "?", n: 42, e: 5 });
  });

  test("a DO block with $$ and ? runs, several statements run in one execute", async () => {
    await conn.execute(`CREATE TABLE t_exec (v text); DO $$ BEGIN INSERT INTO t_exec VALUES ('why?'); END $$; INSERT INTO t_exec VALUES ('$1?')`);
    await conn.execute("INSERT INTO t_exec VALUES (?)", ["param's ? value"]);
    const rows = await conn.query<{ v: string }>("SELECT v FROM t_exec ORDER BY v");
    expect(rows.map((r) => r.v)).toEqual(["$1?", "param's ? value", "why?"]);
  });

  test("values of every kind go in and come back", async () => {
    await conn.execute("CREATE TABLE t_values (j jsonb, k jsonb, b bytea, d timestamptz, flag boolean, big bigint, arr text[])");
    const date = new Date("2024-05-06T07:08:09.123Z");
    await conn.execute("INSERT INTO t_values VALUES (?, ?, ?, ?, ?, ?, ?)", ['{"a":1}', { b: [2] }, new Uint8Array([1, 2, 255]), date, true, 9007199254740993n, ["x", "y,z"]]);
    const row = await one<{ j: unknown; k: unknown; b: Uint8Array; d: Date; flag: boolean; big: string; arr: string[] }>("SELECT * FROM t_values");
    expect(row?.j).toEqual({ a: 1 });
    expect(row?.k).toEqual({ b: [2] });
    expect([...(row?.b ?? [])]).toEqual([1, 2, 255]);
    expect(row?.d.toISOString()).toBe(date.toISOString());
    expect(row?.flag).toBe(true);
    expect(String(row?.big)).toBe("9007199254740993");
    expect(row?.arr).toEqual(["x", "y,z"]);
  });

  test("query errors carry the server's message", async () => {
    await expect(conn.query("SELECT * FROM no_such_table_here")).rejects.toThrow('relation "no_such_table_here" does not exist');
  });

  test("offline literals read back as the values online parameters give", async () => {
    const values = ["a'b\\c", true, 12.5, new Date("2024-01-02T03:04:05.006Z"), new Uint8Array([0, 255]), { x: "y'z" }];
    const sql = dialect.inline({ sql: "SELECT CAST(? AS text) AS s, ? AS b, ? AS n, CAST(? AS timestamptz) AS d, ? AS bytes, CAST(? AS jsonb) AS j", params: values });
    const row = await one<{ s: string; b: boolean; n: string; d: Date; bytes: Uint8Array; j: unknown }>(sql);
    expect(row?.s).toBe("a'b\\c");
    expect(row?.b).toBe(true);
    expect(Number(row?.n)).toBe(12.5);
    expect(row?.d.toISOString()).toBe("2024-01-02T03:04:05.006Z");
    expect([...(row?.bytes ?? [])]).toEqual([0, 255]);
    expect(row?.j).toEqual({ x: "y'z" });
  });
});

describe("ops on the server", () => {
  test("createTable with keys, FKs (deferrable), uniques, checks, comments", async () => {
    await run({ kind: "createTable", table: { name: "users" }, columns: [{ name: "id", type: "integer", primaryKey: true, autoincrement: true }, { name: "email", type: "varchar(200)", nullable: false, unique: true }] });
    await run({
      kind: "createTable",
      table: { name: "orders", schema },
      comment: "All orders",
      columns: [
        { name: "id", type: "bigserial", primaryKey: true },
        { name: "user_id", type: "integer", nullable: false, references: { table: "users", column: "id", onDelete: "cascade" } },
        { name: "total", type: "numeric(10,2)", default: 0, check: "total >= 0", comment: "In euros" },
        { name: "status", type: "enum(new,paid)", default: "new" },
        { name: "tags", type: "text[]" },
        { name: "placed", type: "timestamptz", default: { sql: "now()" } },
      ],
      foreignKeys: [{ name: "orders_user_fk2", columns: ["user_id"], refTable: "users", refSchema: schema, refColumns: ["id"], deferrable: true, initiallyDeferred: true }],
      uniques: [{ name: "orders_user_placed", columns: ["user_id", "placed"] }],
      checks: [{ name: "orders_total_cap", condition: "total < 1000000" }],
    });
    await run({ kind: "createTable", table: { name: "orders" }, ifNotExists: true, columns: [{ name: "x", type: "text" }] });
    expect(await columnOf("orders", "total")).toEqual({ type: "numeric(10,2)", nullable: "YES", dflt: "0", identity: "", comment: "In euros" });
    expect((await columnOf("orders", "tags"))?.type).toBe("text[]");
    expect((await columnOf("users", "id"))?.identity).toBe("d");
    expect((await columnOf("orders", "id"))?.dflt).toMatch(/^nextval\(/);
    const constraints = await constraintsOf("orders");
    expect(constraints.map((c) => c.name)).toEqual([
      "orders_pkey",
      "orders_status_check",
      "orders_total_cap",
      "orders_total_check",
      "orders_user_fk2",
      "orders_user_id_fkey",
      "orders_user_placed",
    ]);
    expect(constraints.find((c) => c.name === "orders_user_fk2")?.def).toBe("FOREIGN KEY (user_id) REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED");
    expect(constraints.find((c) => c.name === "orders_user_id_fkey")?.def).toBe("FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE");
    expect((await one<{ c: string }>(`SELECT obj_description(to_regclass(?), 'pg_class') AS c`, [`${schema}.orders`]))?.c).toBe("All orders");
    await expect(conn.execute("INSERT INTO orders (user_id, status) VALUES (1, 'lost')")).rejects.toThrow("orders_status_check");
  });

  test("dropTable (IF EXISTS), renameTable, setTableComment", async () => {
    await run({ kind: "createTable", table: { name: "tmp_a" }, columns: [{ name: "a", type: "integer" }] });
    await run({ kind: "renameTable", table: { name: "tmp_a", schema }, newName: "tmp_b" });
    expect(await tableExists("tmp_a")).toBe(false);
    expect(await tableExists("tmp_b")).toBe(true);
    await run({ kind: "setTableComment", table: { name: "tmp_b" }, comment: "it's \\ here" });
    expect((await one<{ c: string }>(`SELECT obj_description(to_regclass('tmp_b'), 'pg_class') AS c`))?.c).toBe("it's \\ here");
    await run({ kind: "setTableComment", table: { name: "tmp_b" }, comment: null });
    expect((await one<{ c: string | null }>(`SELECT obj_description(to_regclass('tmp_b'), 'pg_class') AS c`))?.c).toBeNull();
    await run({ kind: "dropTable", table: { name: "tmp_b" } });
    await run({ kind: "dropTable", table: { name: "tmp_b" }, ifExists: true });
    expect(await tableExists("tmp_b")).toBe(false);
  });

  test("addColumn, dropColumn, alterColumn in every way", async () => {
    await run({ kind: "createTable", table: { name: "cols" }, columns: [{ name: "n", type: "text", default: "5" }] });
    await conn.execute("INSERT INTO cols (n) VALUES ('7')");
    await run({ kind: "addColumn", table: { name: "cols" }, column: { name: "extra", type: "boolean", nullable: false, default: true, comment: "Extra" } });
    expect(await columnOf("cols", "extra")).toEqual({ type: "boolean", nullable: "NO", dflt: "true", identity: "", comment: "Extra" });
    await run({ kind: "alterColumn", table: { name: "cols" }, column: "n", type: "integer", using: '"n"::integer', nullable: false, default: 0, comment: "A number", newName: "num" });
    expect(await columnOf("cols", "num")).toEqual({ type: "integer", nullable: "NO", dflt: "0", identity: "", comment: "A number" });
    expect((await one<{ num: number }>("SELECT num FROM cols"))?.num).toBe(7);
    await run({ kind: "alterColumn", table: { name: "cols" }, column: "num", nullable: true, default: null, comment: null });
    expect(await columnOf("cols", "num")).toEqual({ type: "integer", nullable: "YES", dflt: null, identity: "", comment: null });
    await run({ kind: "alterColumn", table: { name: "cols" }, column: "num", autoincrement: true });
    expect(await columnOf("cols", "num")).toMatchObject({ nullable: "NO", identity: "d" });
    await run({ kind: "alterColumn", table: { name: "cols" }, column: "num", autoincrement: false });
    expect((await columnOf("cols", "num"))?.identity).toBe("");
    await run({ kind: "dropColumn", table: { name: "cols" }, column: "extra" });
    expect(await columnOf("cols", "extra")).toBeUndefined();
  });

  test("indexes: unique, multi-column, expression, partial, gin, concurrently, drop", async () => {
    await run({ kind: "createTable", table: { name: "ix_t" }, columns: [{ name: "a", type: "integer" }, { name: "email", type: "text" }, { name: "tags", type: "text[]" }, { name: "gone", type: "boolean" }] });
    await run({ kind: "createIndex", name: "ix_multi", table: { name: "ix_t" }, columns: ["a", "email"], unique: true });
    await run({ kind: "createIndex", name: "ix_expr", table: { name: "ix_t", schema }, columns: [{ expression: "lower(email)" }], where: "gone IS NOT TRUE" });
    await run({ kind: "createIndex", name: "ix_gin", table: { name: "ix_t" }, columns: ["tags"], method: "gin" });
    await run({ kind: "createIndex", name: "ix_conc", table: { name: "ix_t" }, columns: ["a"], concurrently: true, ifNotExists: true });
    expect(await indexDef("ix_multi")).toBe(`CREATE UNIQUE INDEX ix_multi ON ${schema}.ix_t USING btree (a, email)`);
    expect(await indexDef("ix_expr")).toBe(`CREATE INDEX ix_expr ON ${schema}.ix_t USING btree (lower(email)) WHERE (gone IS NOT TRUE)`);
    expect(await indexDef("ix_gin")).toBe(`CREATE INDEX ix_gin ON ${schema}.ix_t USING gin (tags)`);
    expect(await indexDef("ix_conc")).toBe(`CREATE INDEX ix_conc ON ${schema}.ix_t USING btree (a)`);
    await run({ kind: "dropIndex", name: "ix_conc", table: { name: "ix_t", schema }, concurrently: true });
    await run({ kind: "dropIndex", name: "ix_gin" });
    await run({ kind: "dropIndex", name: "ix_gin", ifExists: true });
    expect(await indexDef("ix_conc")).toBeUndefined();
    expect(await indexDef("ix_gin")).toBeUndefined();
  });

  test("constraints added and dropped", async () => {
    await run({ kind: "createTable", table: { name: "parent" }, columns: [{ name: "k", type: "integer", nullable: false }] });
    await run({ kind: "createTable", table: { name: "child" }, columns: [{ name: "pk", type: "integer" }, { name: "k", type: "integer" }, { name: "v", type: "integer" }] });
    await run({ kind: "createPrimaryKey", name: "parent_pk", table: { name: "parent" }, columns: ["k"] });
    await run({ kind: "createPrimaryKey", name: "child_pk", table: { name: "child" }, columns: ["pk"] });
    await run({ kind: "createForeignKey", name: "child_fk", table: { name: "child" }, foreignKey: { columns: ["k"], refTable: "parent", refColumns: ["k"], onDelete: "set null", deferrable: true, initiallyDeferred: true } });
    await run({ kind: "createUniqueConstraint", name: "child_uq", table: { name: "child" }, columns: ["k", "v"] });
    await run({ kind: "createCheckConstraint", name: "child_ck", table: { name: "child" }, condition: "v > 0" });
    expect(await constraintsOf("child")).toEqual([
      { name: "child_ck", def: "CHECK ((v > 0))" },
      { name: "child_fk", def: "FOREIGN KEY (k) REFERENCES parent(k) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED" },
      { name: "child_pk", def: "PRIMARY KEY (pk)" },
      { name: "child_uq", def: "UNIQUE (k, v)" },
    ]);
    // Deferred: the missing parent is only checked at COMMIT.
    await conn.begin();
    await conn.execute("INSERT INTO child VALUES (1, 99, 1)");
    await expect(conn.commit()).rejects.toThrow("child_fk");
    expect(conn.inTransaction).toBe(false);
    for (const name of ["child_ck", "child_fk", "child_uq", "child_pk"]) await run({ kind: "dropConstraint", name, table: { name: "child" } });
    expect(await constraintsOf("child")).toEqual([]);
  });

  test("schemas, with cascade", async () => {
    const other = `${schema}_Other`;
    await run({ kind: "createSchema", name: other });
    await run({ kind: "createSchema", name: other, ifNotExists: true });
    await run({ kind: "createTable", table: { name: "inside", schema: other }, columns: [{ name: "a", type: "integer" }] });
    expect(await tableExists("inside", other)).toBe(true);
    await expect(run({ kind: "dropSchema", name: other })).rejects.toThrow("depend");
    await run({ kind: "dropSchema", name: other, cascade: true });
    await run({ kind: "dropSchema", name: other, ifExists: true });
    expect((await conn.query("SELECT 1 FROM pg_namespace WHERE nspname = ?", [other])).length).toBe(0);
  });

  test("enum types: create, add values (outside a transaction) and use them at once, drop", async () => {
    const labels = async () => (await conn.query<{ l: string }>("SELECT enumlabel AS l FROM pg_enum WHERE enumtypid = to_regtype(?) ORDER BY enumsortorder", [`${schema}."Mood"`])).map((r) => r.l);
    await run({ kind: "createEnum", name: "Mood", schema, values: ["sad", "it's ok"] });
    await run({ kind: "addEnumValue", name: "Mood", schema, value: "happy", after: "sad" });
    await run({ kind: "addEnumValue", name: "Mood", schema, value: "grim", before: "sad" });
    await run({ kind: "addEnumValue", name: "Mood", schema, value: "happy", ifNotExists: true });
    expect(await labels()).toEqual(["grim", "sad", "happy", "it's ok"]);
    await run({ kind: "createTable", table: { name: "moods" }, columns: [{ name: "m", type: { raw: `${q(schema)}."Mood"` }, default: "happy" }] });
    await conn.execute("INSERT INTO moods DEFAULT VALUES");
    expect((await one<{ m: string }>("SELECT m FROM moods"))?.m).toBe("happy");
    await run({ kind: "dropTable", table: { name: "moods" } });
    await run({ kind: "dropEnum", name: "Mood", schema });
    await run({ kind: "dropEnum", name: "Mood", schema, ifExists: true });
    expect(await labels()).toEqual([]);
  });

  test("ADD VALUE marked autocommit is what lets a migration use the value", async () => {
    const [stmt] = await dialect.compile({ kind: "addEnumValue", name: "lvl", value: "high" }, { table: async () => undefined });
    expect(stmt?.autocommit).toBe(true);
    await run({ kind: "createEnum", name: "lvl", values: ["low"] });
    await conn.begin();
    try {
      await conn.execute(stmt?.sql ?? "");
      await expect(conn.query("SELECT CAST('high' AS lvl) AS v")).rejects.toThrow("unsafe use of new value");
    } finally {
      await conn.rollback();
    }
  });

  test("sequences", async () => {
    await run({ kind: "createSequence", name: "Seq One", schema, start: 10, increment: 5, minValue: 5, maxValue: 20, cycle: true });
    await run({ kind: "createSequence", name: "Seq One", schema, ifNotExists: true });
    const seq = await one("SELECT start_value AS s, increment_by AS i, min_value AS lo, max_value AS hi, cycle FROM pg_sequences WHERE schemaname = ? AND sequencename = ?", [schema, "Seq One"]);
    expect(seq).toEqual({ s: "10", i: "5", lo: "5", hi: "20", cycle: true });
    const next = async () => Number((await one<{ v: string }>(`SELECT nextval(?) AS v`, [`${q(schema)}."Seq One"`]))?.v);
    expect([await next(), await next(), await next(), await next()]).toEqual([10, 15, 20, 5]);
    await run({ kind: "dropSequence", name: "Seq One", schema });
    await run({ kind: "dropSequence", name: "Seq One", schema, ifExists: true });
    expect((await conn.query("SELECT 1 FROM pg_sequences WHERE sequencename = ?", ["Seq One"])).length).toBe(0);
  });

  test("execute and bulkInsert", async () => {
    await run({ kind: "createTable", table: { name: "bulk" }, columns: [{ name: "id", type: "integer" }, { name: "doc", type: "jsonb" }, { name: "note", type: "text" }] });
    await run({ kind: "bulkInsert", table: { name: "bulk" }, rows: [{ id: 1, doc: { a: 1 }, note: "it's" }, { id: 2, doc: [1, 2] }, { id: 3, doc: '{"s":true}', note: "?" }] });
    await run({ kind: "execute", sql: "UPDATE bulk SET note = ? WHERE id = ? AND note IS NULL AND '?' = '?'", params: ["was null", 2] });
    expect(await conn.query("SELECT id, doc, note FROM bulk ORDER BY id")).toEqual([
      { id: 1, doc: { a: 1 }, note: "it's" },
      { id: 2, doc: [1, 2], note: "was null" },
      { id: 3, doc: { s: true }, note: "?" },
    ]);
  });

  test("batchAlterTable runs its ALTERs", async () => {
    await run({ kind: "createTable", table: { name: "batch" }, columns: [{ name: "a", type: "integer" }] });
    const t = { name: "batch" };
    await run({
      kind: "batchAlterTable",
      table: t,
      ops: [
        { kind: "addColumn", table: t, column: { name: "b", type: "text" } },
        { kind: "alterColumn", table: t, column: "a", nullable: false },
        { kind: "createIndex", name: "batch_b", table: t, columns: ["b"] },
      ],
    });
    expect((await columnOf("batch", "a"))?.nullable).toBe("NO");
    expect(await indexDef("batch_b")).toBe(`CREATE INDEX batch_b ON ${schema}.batch USING btree (b)`);
  });
});

describe("names that need quoting", () => {
  test("spaces, quotes, mixed case and reserved words", async () => {
    const table = { name: 'Order "Items" Table', schema };
    await run({
      kind: "createTable",
      table,
      columns: [
        { name: "select", type: "integer", primaryKey: true },
        { name: "Mixed Case", type: "text", comment: "it's" },
        { name: 'quo"te', type: "text", unique: true },
      ],
    });
    await run({ kind: "createIndex", name: "Index Of \"Items\"", table, columns: ["Mixed Case", { expression: `lower(${q('quo"te')})` }] });
    await run({ kind: "addColumn", table, column: { name: "user", type: "integer" } });
    await run({ kind: "alterColumn", table, column: "user", newName: "From" });
    await run({ kind: "createCheckConstraint", name: "Check \"From\"", table, condition: `${q("From")} > 0` });
    await conn.execute(`INSERT INTO ${q(schema)}.${q(table.name)} (${q("select")}, ${q("Mixed Case")}, ${q('quo"te')}, ${q("From")}) VALUES (?, ?, ?, ?)`, [1, "x", "y", 2]);
    const model = await dialect.reflectTable(conn, table);
    expect(model?.columns.map((c) => c.name)).toEqual(["select", "Mixed Case", 'quo"te', "From"]);
    expect(model?.columns[1]?.comment).toBe("it's");
    expect(model?.indexes.map((i) => [i.name, i.columns])).toEqual([['Index Of "Items"', ["Mixed Case", { expression: 'lower("quo""te")' }]]]);
    expect(model?.checks).toEqual([{ name: 'Check "From"', condition: `${q("From")} > 0` }]);
    await run({ kind: "renameTable", table, newName: "Grant" });
    await run({ kind: "dropTable", table: { name: "Grant", schema } });
  });
});

describe("lock", () => {
  const options = { timeoutMs: 2000, key: `${schema}.alembic_version` };

  test("a second connection waits for the first, then gets the lock", async () => {
    const a = await connect();
    const b = await connect();
    try {
      const lockA = await dialect.lock(a, url, options);
      const started = Date.now();
      let gotB = 0;
      const waiting = dialect.lock(b, url, options).then((lock) => {
        gotB = Date.now();
        return lock;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(gotB).toBe(0);
      await lockA.release();
      const lockB = await waiting;
      expect(gotB - started).toBeGreaterThanOrEqual(300);
      await lockB.release();
      // Another key is not blocked.
      const other = await dialect.lock(a, url, { ...options, key: "something else" });
      await other.release();
    } finally {
      await a.close();
      await b.close();
    }
  });

  test("one version table, one lock, however the URL writes its schema", async () => {
    // The same table, schema.alembic_version: reached by the search_path written two ways, and by
    // version_table_schema (a qualified key) beside a URL whose search_path names the schema.
    const spaced: DatabaseUrl = { ...url, params: { ...url.params, search_path: ` ${schema} , public` } };
    const pairs: [DatabaseUrl, string, DatabaseUrl, string][] = [
      [url, "alembic_version", spaced, "alembic_version"],
      [url, "alembic_version", url, `${schema}.alembic_version`],
    ];
    for (const [urlA, keyA, urlB, keyB] of pairs) {
      const a = await connect(urlA);
      const b = await connect(urlB);
      try {
        const lockA = await dialect.lock(a, urlA, { timeoutMs: 1000, key: keyA });
        const error = await dialect.lock(b, urlB, { timeoutMs: 200, key: keyB }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(LockTimeoutError);
        await lockA.release();
      } finally {
        await a.close();
        await b.close();
      }
    }
  });

  test("timeout → LockTimeoutError naming the holder", async () => {
    const a = await connect();
    const b = await connect();
    try {
      const lockA = await dialect.lock(a, url, options);
      const pid = (await a.query<{ pid: number }>("SELECT pg_backend_pid() AS pid"))[0]?.pid;
      const started = Date.now();
      const error = await dialect.lock(b, url, { ...options, timeoutMs: 400 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockTimeoutError);
      expect(String((error as Error).message)).toContain(`held by server process ${pid}, application "migrator"`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      await lockA.release();
      // Released: taken at once, even without waiting.
      const again = await dialect.lock(b, url, { ...options, timeoutMs: 0 });
      await again.release();
    } finally {
      await a.close();
      await b.close();
    }
  });

  test("the lock ends with the session", async () => {
    const a = await connect();
    const b = await connect();
    try {
      await dialect.lock(a, url, options);
      await a.close();
      const lockB = await dialect.lock(b, url, options);
      await lockB.release();
    } finally {
      await a.close();
      await b.close();
    }
  });

  test("migrator_lock=xact: the lock lives in the run's transaction", async () => {
    const xurl: DatabaseUrl = { ...url, params: { ...url.params, migrator_lock: "xact" } };
    const a = await connect(xurl);
    const b = await connect(xurl);
    try {
      const lockA = await dialect.lock(a, xurl, options);
      // The runtime's begin() joins the lock's transaction; the work is then committed as one.
      await a.begin();
      await a.execute("CREATE TABLE xact_t (a integer)");
      const error = await dialect.lock(b, xurl, { ...options, timeoutMs: 200 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockTimeoutError);
      let gotB = false;
      const waiting = dialect.lock(b, xurl, options).then((lock) => {
        gotB = true;
        return lock;
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(gotB).toBe(false);
      await a.commit();
      const lockB = await waiting;
      expect(await tableExists("xact_t")).toBe(true);
      // A new transaction on a takes the lock again, and so waits for b.
      let begunA = false;
      const begun = a.begin().then(() => {
        begunA = true;
        return "begun";
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(begunA).toBe(false);
      await lockB.release();
      expect(await begun).toBe("begun");
      await a.rollback();
      await lockA.release();
    } finally {
      await a.close();
      await b.close();
    }
  });

  test("migrator_lock=xact is refused with transaction_per_migration, which would let other runs in at each COMMIT", async () => {
    const xurl: DatabaseUrl = { ...url, params: { ...url.params, migrator_lock: "xact" } };
    const a = await connect(xurl);
    try {
      const error = await dialect.lock(a, xurl, { ...options, commitsPerRevision: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain("set transaction_per_migration = false, or drop migrator_lock=xact");
      // The session lock covers a run that commits after each revision.
      await (await dialect.lock(a, url, { ...options, commitsPerRevision: true })).release();
    } finally {
      await a.close();
    }
  });
});

describe("reflection", () => {
  const create: CreateTableOp = {
    kind: "createTable",
    table: { name: "Reflected", schema },
    comment: "A table",
    columns: [
      { name: "id", type: "integer", primaryKey: true, autoincrement: true },
      { name: "code", type: "varchar(10)", nullable: false, unique: true, comment: "The code" },
      { name: "price", type: "numeric(8,2)", default: 1.5, check: "price > 0" },
      { name: "label", type: "text", default: "it's" },
      { name: "flag", type: "boolean", default: false },
      { name: "at", type: "timestamptz", default: { sql: "now()" } },
      { name: "parent", type: "integer", references: { table: "Reflected", column: "id", onDelete: "cascade" } },
    ],
    uniques: [{ name: "reflected_label_flag", columns: ["label", "flag"] }],
    checks: [{ name: "label_not_empty", condition: "label <> ''" }],
    foreignKeys: [{ name: "reflected_self", columns: ["parent"], refTable: "Reflected", refColumns: ["id"], deferrable: true, initiallyDeferred: true }],
  };

  test("a created table reads back in the model's normal form", async () => {
    await run(create);
    await run({ kind: "createIndex", name: "reflected_partial", table: create.table, columns: ["label", { expression: "lower(code)" }], where: "flag", unique: true });
    await run({ kind: "createIndex", name: "reflected_brin", table: create.table, columns: ["at"], method: "brin" });
    const model = await dialect.reflectTable(conn, create.table);
    const expected = tableFromCreate(create);
    const untyped = (m: TableModel) => m.columns.map(({ type: _type, ...rest }) => rest);
    expect(untyped(model!)).toEqual(untyped(expected).map((c) => (c.default !== undefined && typeof c.default === "object" ? { ...c, default: { sql: "now()" } } : c)));
    expect(model?.columns.map((c) => c.type)).toEqual([
      { raw: "integer" },
      { raw: "character varying(10)" },
      { raw: "numeric(8,2)" },
      { raw: "text" },
      { raw: "boolean" },
      { raw: "timestamp with time zone" },
      { raw: "integer" },
    ]);
    expect(model?.primaryKey).toBeUndefined();
    expect(model?.comment).toBe("A table");
    expect(model?.uniques).toEqual([{ name: "reflected_label_flag", columns: ["label", "flag"] }, { columns: ["code"] }]);
    expect(model?.checks).toEqual([{ name: "label_not_empty", condition: "label <> ''::text" }, { condition: "price > 0::numeric" }]);
    expect(model?.foreignKeys).toEqual([
      { name: "reflected_self", columns: ["parent"], refTable: "Reflected", refColumns: ["id"], deferrable: true, initiallyDeferred: true },
      { columns: ["parent"], refTable: "Reflected", refColumns: ["id"], onDelete: "cascade" },
    ]);
    expect(model?.indexes).toEqual([
      { kind: "createIndex", name: "reflected_brin", table: create.table, columns: ["at"], method: "brin" },
      { kind: "createIndex", name: "reflected_partial", table: create.table, columns: ["label", { expression: "lower(code::text)" }], unique: true, where: "flag" },
    ]);
  });

  test("a reflected table rebuilds into the same table", async () => {
    const model = (await dialect.reflectTable(conn, { name: "Reflected" }))!;
    const copy = { name: "Reflected Copy", schema };
    const ref = (fk: (typeof model.foreignKeys)[number]) => ({ ...fk, refTable: "Reflected Copy", ...(fk.name ? { name: `${fk.name}_copy` } : {}) });
    await run({
      kind: "createTable",
      table: copy,
      columns: model.columns,
      uniques: model.uniques.map((u) => (u.name ? { ...u, name: `${u.name}_copy` } : u)),
      checks: model.checks.map((c) => (c.name ? { ...c, name: `${c.name}_copy` } : c)),
      foreignKeys: model.foreignKeys.map(ref),
      ...(model.comment !== undefined ? { comment: model.comment } : {}),
    });
    const again = (await dialect.reflectTable(conn, copy))!;
    expect(again.columns).toEqual(model.columns);
    expect(again.checks.map((c) => c.condition)).toEqual(model.checks.map((c) => c.condition));
    expect(again.foreignKeys.map((f) => f.onDelete)).toEqual(model.foreignKeys.map((f) => f.onDelete));
  });

  test("serial, composite named keys, generated columns, a missing table", async () => {
    await run({
      kind: "createTable",
      table: { name: "r2" },
      columns: [{ name: "a", type: "serial" }, { name: "b", type: "integer" }, { name: "c", type: { raw: "integer GENERATED ALWAYS AS (b * 2) STORED" } }],
      primaryKey: { name: "r2_ab", columns: ["a", "b"] },
    });
    const model = await dialect.reflectTable(conn, { name: "r2" });
    expect(model?.columns).toEqual([
      { name: "a", type: { raw: "serial" }, nullable: false, autoincrement: true },
      { name: "b", type: { raw: "integer" }, nullable: false },
      { name: "c", type: { raw: "integer" }, nullable: true, generated: { sql: "(b * 2)", stored: true } },
    ]);
    expect(model?.primaryKey).toEqual({ name: "r2_ab", columns: ["a", "b"] });
    expect(await dialect.reflectTable(conn, { name: "no_such_table" })).toBeUndefined();
    expect(await dialect.reflectTable(conn, { name: "r2", schema: "pg_catalog" })).toBeUndefined();
  });
});

describe("version table", () => {
  test("exists honours the schema, and the current schema by default", async () => {
    const vt = dialect.versionTable({ name: "alembic_version", schema: null });
    const exists = async (v = vt) => (await conn.query(v.exists().sql, v.exists().params)).length > 0;
    expect(await exists()).toBe(false);
    await conn.execute(vt.create(true));
    expect(await exists()).toBe(true);
    await conn.execute(vt.insert("abc").sql, vt.insert("abc").params);
    await conn.execute(vt.update("abc", "def").sql, vt.update("abc", "def").params);
    expect(await conn.query(vt.select())).toEqual([{ version_num: "def" }]);
    const other = dialect.versionTable({ name: "alembic_version", schema: "public" });
    expect(await exists(other)).toBe((await admin.query("SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'alembic_version'")).length > 0);
    expect(await exists(dialect.versionTable({ name: "alembic_version", schema }))).toBe(true);
  });
});
