/**
 * Bulk reflection against a real server (MIGRATOR_TEST_PG_URL, by default postgresql://postgres@127.0.0.1:5432/test).
 * Each run works in schemas of its own (migrator_reflect_<random>, the default schema of the test
 * connection, and two more), dropped at the end.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseDatabaseUrl, type DatabaseUrl } from "../../config/url.ts";
import type { TableModel } from "../../schema/model.ts";
import { normalizeModel } from "../../schema/normalize.ts";
import type { Connection } from "../connection.ts";
import { canonicalViewQuery } from "../sql/view_query.ts";
import { postgresDialect as dialect } from "./dialect.ts";

const baseUrl = parseDatabaseUrl(process.env["MIGRATOR_TEST_PG_URL"] ?? "postgresql://postgres@127.0.0.1:5432/test");
const main = `migrator_reflect_${Math.random().toString(36).slice(2, 10)}`;
const audit = `${main}_audit`;
const other = `${main}_other`;
const url: DatabaseUrl = { ...baseUrl, params: { ...baseUrl.params, search_path: main } };

let admin: Connection;
let conn: Connection;

const DDL = `
  CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
  CREATE SEQUENCE counter START 5 INCREMENT 2 MAXVALUE 1000 CYCLE;
  CREATE SEQUENCE plain;
  CREATE SEQUENCE owned;
  CREATE TABLE orgs (
    id serial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    code text CONSTRAINT orgs_code_uq UNIQUE,
    n integer DEFAULT nextval('owned')
  );
  ALTER SEQUENCE owned OWNED BY orgs.n;
  COMMENT ON TABLE orgs IS 'Organisations';
  CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id integer REFERENCES orgs (id) ON DELETE CASCADE,
    email text NOT NULL,
    age integer CHECK (age > 0),
    feeling mood DEFAULT 'ok',
    data jsonb,
    CONSTRAINT users_email_lower UNIQUE (email),
    CONSTRAINT adult CHECK (age >= 18) NOT VALID
  );
  COMMENT ON COLUMN users.email IS 'Where to write';
  CREATE INDEX users_lower_email ON users (lower(email));
  CREATE INDEX users_adults ON users (age) WHERE age >= 18;
  CREATE INDEX users_data ON users USING gin (data);
  CREATE TABLE memberships (
    user_id bigint,
    org_id integer,
    role text DEFAULT 'member',
    PRIMARY KEY (user_id, org_id),
    FOREIGN KEY (user_id) REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT m_org FOREIGN KEY (org_id) REFERENCES orgs (id) ON DELETE SET NULL ON UPDATE CASCADE
  );
  CREATE TABLE measures (at date NOT NULL, v numeric) PARTITION BY RANGE (at);
  CREATE TABLE measures_2024 PARTITION OF measures FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
  CREATE VIEW grown_ups AS SELECT * FROM users WHERE age >= 18;
  CREATE VIEW named_orgs AS SELECT id, name FROM orgs WHERE code IS NOT NULL WITH LOCAL CHECK OPTION;
  CREATE VIEW adult_members AS SELECT user_id, role FROM memberships WHERE role <> 'guest' WITH CASCADED CHECK OPTION;
  CREATE MATERIALIZED VIEW org_count AS SELECT count(*) AS n FROM orgs;
  CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);
  CREATE TYPE "${audit}".level AS ENUM ('info', 'warn');
  CREATE SEQUENCE "${audit}".audit_seq INCREMENT -1;
  CREATE TABLE "${audit}".sources (id integer PRIMARY KEY);
  CREATE TABLE "${audit}".events (
    id serial PRIMARY KEY,
    user_id bigint REFERENCES users (id),
    source_id integer CONSTRAINT events_source REFERENCES "${audit}".sources (id),
    level "${audit}".level NOT NULL,
    at timestamptz DEFAULT now()
  );
  CREATE VIEW "${audit}".warnings AS SELECT id, user_id FROM "${audit}".events WHERE level = 'warn';
  CREATE TABLE "${other}".elsewhere (id integer);
  CREATE VIEW "${other}".not_in_scope AS SELECT id FROM "${other}".elsewhere;
`;

beforeAll(async () => {
  admin = await dialect.connect(baseUrl, { timeoutMs: 5000 });
  for (const s of [main, audit, other]) await admin.execute(`CREATE SCHEMA "${s}"`);
  conn = await dialect.connect(url, { timeoutMs: 5000 });
  await conn.execute(DDL);
});

afterAll(async () => {
  await conn?.close();
  for (const s of [main, audit, other]) await admin?.execute(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await admin?.close();
});

const scope = { schemas: [audit, `${main}_missing`], skipTable: (t: { name: string; schema?: string }) => t.name === "alembic_version" && t.schema === undefined };

describe("reflect", () => {
  test("tables of the default schema carry no schema, those of other schemas in scope do; sorted", async () => {
    const model = await dialect.reflect(conn, scope);
    expect(model.schemas).toEqual([audit]);
    expect(model.tables.map((t) => t.table)).toEqual([
      { name: "measures" },
      { name: "memberships" },
      { name: "orgs" },
      { name: "users" },
      { name: "events", schema: audit },
      { name: "sources", schema: audit },
    ]);
  });

  test("every kind of object reads back in the model's normal form", async () => {
    const model = await dialect.reflect(conn, scope);
    const table = (name: string): TableModel | undefined => model.tables.find((t) => t.table.name === name);
    expect(table("orgs")).toEqual({
      table: { name: "orgs" },
      comment: "Organisations",
      columns: [
        { name: "id", type: { raw: "serial" }, nullable: false, autoincrement: true, primaryKey: true },
        { name: "name", type: { raw: "text" }, nullable: false },
        { name: "code", type: { raw: "text" }, nullable: true },
        { name: "n", type: { raw: "serial" }, nullable: true, autoincrement: true },
      ],
      foreignKeys: [],
      uniques: [{ name: "orgs_code_uq", columns: ["code"] }, { columns: ["name"] }],
      checks: [],
      indexes: [],
    });
    expect(table("users")).toEqual({
      table: { name: "users" },
      columns: [
        { name: "id", type: { raw: "bigint" }, nullable: false, autoincrement: true, primaryKey: true },
        { name: "org_id", type: { raw: "integer" }, nullable: true },
        { name: "email", type: { raw: "text" }, nullable: false, comment: "Where to write" },
        { name: "age", type: { raw: "integer" }, nullable: true },
        { name: "feeling", type: { raw: "mood" }, nullable: true, default: "ok" },
        { name: "data", type: { raw: "jsonb" }, nullable: true },
      ],
      foreignKeys: [{ columns: ["org_id"], refTable: "orgs", refColumns: ["id"], onDelete: "cascade" }],
      uniques: [{ name: "users_email_lower", columns: ["email"] }],
      checks: [{ name: "adult", condition: "age >= 18" }, { condition: "age > 0" }],
      indexes: [
        { kind: "createIndex", name: "users_adults", table: { name: "users" }, columns: ["age"], where: "age >= 18" },
        { kind: "createIndex", name: "users_data", table: { name: "users" }, columns: ["data"], method: "gin" },
        { kind: "createIndex", name: "users_lower_email", table: { name: "users" }, columns: [{ expression: "lower(email)" }] },
      ],
    });
    expect(table("memberships")).toEqual({
      table: { name: "memberships" },
      columns: [
        { name: "user_id", type: { raw: "bigint" }, nullable: false },
        { name: "org_id", type: { raw: "integer" }, nullable: false },
        { name: "role", type: { raw: "text" }, nullable: true, default: "member" },
      ],
      primaryKey: { columns: ["user_id", "org_id"] },
      foreignKeys: [
        { name: "m_org", columns: ["org_id"], refTable: "orgs", refColumns: ["id"], onDelete: "set null", onUpdate: "cascade" },
        { columns: ["user_id"], refTable: "users", refColumns: ["id"], deferrable: true, initiallyDeferred: true },
      ],
      uniques: [],
      checks: [],
      indexes: [],
    });
    expect(table("events")?.foreignKeys).toEqual([
      { name: "events_source", columns: ["source_id"], refTable: "sources", refColumns: ["id"] },
      { columns: ["user_id"], refTable: "users", refSchema: main, refColumns: ["id"] },
    ]);
    expect(table("events")?.columns.map((c) => [c.name, c.type])).toEqual([
      ["id", { raw: "serial" }],
      ["user_id", { raw: "bigint" }],
      ["source_id", { raw: "integer" }],
      ["level", { raw: `${audit}.level` }],
      ["at", { raw: "timestamp with time zone" }],
    ]);
    expect(model.enums).toEqual([
      { name: "mood", values: ["sad", "ok", "happy"] },
      { name: "level", schema: audit, values: ["info", "warn"] },
    ]);
    expect(model.sequences).toEqual([
      { name: "counter", start: 5, increment: 2, maxValue: 1000, cycle: true },
      { name: "plain" },
      { name: "audit_seq", schema: audit, increment: -1 },
    ]);
  });

  test("two reflections are deep-equal", async () => {
    const [a, b] = [await dialect.reflect(conn, scope), await dialect.reflect(conn, scope)];
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a).toEqual(b);
  });

  test("skipTable leaves tables out; without schemas only the default schema is read", async () => {
    const all = await dialect.reflect(conn, {});
    expect(all.schemas).toEqual([]);
    expect(all.tables.map((t) => t.table.name)).toEqual(["alembic_version", "measures", "memberships", "orgs", "users"]);
    expect(all.enums.map((e) => e.name)).toEqual(["mood"]);
    const seen: string[] = [];
    const some = await dialect.reflect(conn, { schemas: [audit], skipTable: (t) => (seen.push(t.schema ?? ""), t.name !== "users") });
    expect(some.tables.map((t) => t.table)).toEqual([{ name: "users" }]);
    expect([...new Set(seen)].sort()).toEqual(["", audit]);
  });

  test("the default schema named in scope.schemas stays the default", async () => {
    const model = await dialect.reflect(conn, { schemas: [main] });
    expect(model.schemas).toEqual([]);
    expect(model.tables.every((t) => t.table.schema === undefined)).toBe(true);
  });

  test("reflectTable reads one table as reflect does", async () => {
    const model = await dialect.reflect(conn, scope);
    expect(await dialect.reflectTable(conn, { name: "users" })).toEqual(model.tables.find((t) => t.table.name === "users"));
    expect(await dialect.reflectTable(conn, { name: "events", schema: audit })).toEqual(model.tables.find((t) => t.table.name === "events"));
  });

  test("a key's order (DESC, NULLS FIRST / LAST where not the order's default), NULLS NOT DISTINCT (15+) and INCLUDE columns read back", async () => {
    await conn.execute(`
      CREATE TABLE "${other}".ordered (a integer, b text, c integer, CONSTRAINT ordered_c_nnd UNIQUE NULLS NOT DISTINCT (c));
      CREATE INDEX ordered_desc ON "${other}".ordered (a DESC, b, lower(b) DESC NULLS LAST, a ASC NULLS FIRST);
      CREATE UNIQUE INDEX ordered_nnd ON "${other}".ordered (b) NULLS NOT DISTINCT;
      CREATE UNIQUE INDEX ordered_plain ON "${other}".ordered (a) INCLUDE (c, b)`);
    const model = await dialect.reflectTable(conn, { name: "ordered", schema: other });
    expect(model?.indexes.map(({ name, columns, unique, nullsNotDistinct }) => ({ name, columns, unique, nullsNotDistinct }))).toEqual([
      { name: "ordered_desc", columns: [{ name: "a", order: "desc" }, "b", { expression: "lower(b)", order: "desc", nulls: "last" }, { name: "a", nulls: "first" }], unique: undefined, nullsNotDistinct: undefined },
      { name: "ordered_nnd", columns: ["b"], unique: true, nullsNotDistinct: true },
      { name: "ordered_plain", columns: ["a"], unique: true, nullsNotDistinct: undefined },
    ]);
    expect(model?.indexes.map((ix) => ix.include)).toEqual([undefined, undefined, ["c", "b"]]);
    expect(model?.uniques).toEqual([{ name: "ordered_c_nnd", columns: ["c"], nullsNotDistinct: true }]);
  });

  test("operator classes: non-default ones only, named as pg_get_indexdef names them (with their schema when the search_path does not find it); INCLUDE columns have none", async () => {
    await conn.execute(`
      CREATE OPERATOR CLASS "${other}".my_text_ops FOR TYPE text USING btree AS
        OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 bttextcmp(text, text);
      CREATE TABLE "${other}".classed (a integer, email text, code varchar(10), doc jsonb, n integer);
      CREATE INDEX classed_keys ON "${other}".classed (email text_pattern_ops DESC NULLS LAST, code varchar_pattern_ops, a int4_ops, lower(email) text_pattern_ops NULLS FIRST, email text_ops) INCLUDE (n, doc);
      CREATE INDEX classed_doc ON "${other}".classed USING gin (doc jsonb_path_ops);
      CREATE INDEX classed_doc_default ON "${other}".classed USING gin (doc);
      CREATE INDEX classed_qualified ON "${other}".classed (email "${other}".my_text_ops);`);
    const model = await dialect.reflectTable(conn, { name: "classed", schema: other });
    expect(Object.fromEntries(model!.indexes.map((ix) => [ix.name, ix.columns]))).toEqual({
      classed_doc: [{ name: "doc", opclass: "jsonb_path_ops" }],
      classed_doc_default: ["doc"],
      classed_keys: [
        { name: "email", opclass: "text_pattern_ops", order: "desc", nulls: "last" },
        { name: "code", opclass: "varchar_pattern_ops" },
        "a",
        { expression: "lower(email)", opclass: "text_pattern_ops", nulls: "first" },
        "email",
      ],
      classed_qualified: [{ name: "email", opclass: `${other}.my_text_ops` }],
    });
    expect(model!.indexes.find((ix) => ix.name === "classed_keys")!.include).toEqual(["n", "doc"]);
    const keyEntries = await conn.query<{ keys: number; classes: number; options: number; atts: number }>(
      `SELECT indnkeyatts AS keys, array_length(indclass::oid[], 1) AS classes, array_length(indoption::int2[], 1) AS options, indnatts AS atts
         FROM pg_index WHERE indexrelid = CAST(? AS regclass)`,
      [`"${other}".classed_keys`],
    );
    expect(keyEntries.map((r) => [r.keys, r.classes, r.options, r.atts].map(Number))).toEqual([[5, 5, 5, 7]]);
  });

  test("names the server made up for long names (cut to 63 bytes, numbered when taken) read back unnamed", async () => {
    const long = `${"t".repeat(44)}_käse_${"x".repeat(8)}`; // 59 bytes: every name made from it is cut
    const column = `${"c".repeat(40)}_wert`;
    await conn.execute(`
      CREATE TABLE "${other}"."${long}" (
        id integer PRIMARY KEY,
        "${column}" integer UNIQUE CHECK ("${column}" > 0),
        parent integer REFERENCES "${other}"."${long}" (id),
        UNIQUE ("${column}", id),
        CHECK ("${column}" < 100),
        CHECK ("${column}" < 100 AND id > 0)
      )`);
    const names = await conn.query<{ name: string }>(
      `SELECT conname AS name FROM pg_constraint WHERE conrelid = CAST(? AS regclass) ORDER BY conname`,
      [`"${other}"."${long}"`],
    );
    expect(names.length).toBe(7);
    expect(names.filter((n) => /check1$/.test(n.name)).length).toBe(1);
    const model = await dialect.reflectTable(conn, { name: long, schema: other });
    expect(model?.columns[0]).toEqual({ name: "id", type: { raw: "integer" }, nullable: false, primaryKey: true });
    expect(model?.uniques).toEqual([{ columns: [column] }, { columns: [column, "id"] }]);
    expect(model?.checks.map((c) => c.name)).toEqual([undefined, undefined, undefined]);
    expect(model?.foreignKeys.map((f) => f.name)).toEqual([undefined]);
  });
});

describe("views", () => {
  test("views of the schemas read, as pg_get_viewdef prints them, with their check option; materialized ones marked so", async () => {
    const model = await dialect.reflect(conn, scope);
    const views = (model.views ?? []).filter((v) => !v.materialized);
    expect(views.map(({ name, schema, checkOption }) => ({ name, schema, checkOption }))).toEqual([
      { name: "adult_members", schema: undefined, checkOption: "cascaded" },
      { name: "grown_ups", schema: undefined, checkOption: undefined },
      { name: "named_orgs", schema: undefined, checkOption: "local" },
      { name: "warnings", schema: audit, checkOption: undefined },
    ]);
    const materialized = (model.views ?? []).filter((v) => v.materialized);
    expect(materialized.map(({ name, materialized, withData }) => ({ name, materialized, withData }))).toEqual([{ name: "org_count", materialized: true, withData: undefined }]);
    // Keys left out, not set to undefined: a view of the default schema has no `schema` key.
    expect(Object.keys(views[1]!).sort()).toEqual(["name", "query"]);
    const query = (name: string) => canonicalViewQuery(views.find((v) => v.name === name)!.query);
    expect(query("named_orgs")).toBe("SELECT orgs.id, orgs.name FROM orgs WHERE (orgs.code IS NOT NULL)");
    expect(query("adult_members")).toBe("SELECT memberships.user_id, memberships.role FROM memberships WHERE (memberships.role <> 'guest'::text)");
    // Outside the search_path, the server qualifies the table with its schema.
    expect(query("warnings")).toBe(`SELECT events.id, events.user_id FROM ${audit}.events WHERE (events.level = 'warn'::${audit}.level)`);
    // The unmanaged list is as it was: views (and the materialized view) still listed there.
    expect(model.unmanaged).toEqual(["materialized view org_count", "view adult_members", "view grown_ups", `view ${audit}.warnings`, "view named_orgs"]);
  });

  test("a schema without views reads without a `views` key", async () => {
    const bare = await dialect.connect({ ...baseUrl, params: { ...baseUrl.params, search_path: audit } }, { timeoutMs: 5000 });
    try {
      await bare.execute(`CREATE SCHEMA "${main}_bare"; CREATE TABLE "${main}_bare".t (id integer)`);
      const at = await dialect.connect({ ...baseUrl, params: { ...baseUrl.params, search_path: `${main}_bare` } }, { timeoutMs: 5000 });
      try {
        const model = await dialect.reflect(at, {});
        expect(model).not.toHaveProperty("views");
        expect(normalizeModel(model)).toEqual({ schemas: [], tables: [expect.objectContaining({ table: { name: "t" } })], enums: [], sequences: [], unmanaged: [] });
        expect(normalizeModel({ ...model, views: [] })).not.toHaveProperty("views");
      } finally {
        await at.close();
      }
    } finally {
      await bare.execute(`DROP SCHEMA IF EXISTS "${main}_bare" CASCADE`);
      await bare.close();
    }
  });
});
