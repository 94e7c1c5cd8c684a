/**
 * The scratch place against a real server (MIGRATOR_TEST_PG_URL, by default postgresql://postgres@127.0.0.1:5432/test).
 * Each run works in schemas of its own (migrator_scr_<random> and migrator_scr_<random>_audit), dropped at the end.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseDatabaseUrl, type DatabaseUrl } from "../../config/url.ts";
import type { Op } from "../../operations/ops.ts";
import type { DatabaseModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";
import { postgresDialect as dialect } from "./dialect.ts";

const baseUrl = parseDatabaseUrl(process.env["MIGRATOR_TEST_PG_URL"] ?? "postgresql://postgres@127.0.0.1:5432/test");
const main = `migrator_scr_${Math.random().toString(36).slice(2, 10)}`;
const audit = `${main}_audit`;
const url: DatabaseUrl = { ...baseUrl, params: { ...baseUrl.params, search_path: `${main}, public` } };

let admin: Connection;
let conn: Connection;

beforeAll(async () => {
  admin = await dialect.connect(baseUrl, { timeoutMs: 5000 });
  for (const s of [main, audit]) await admin.execute(`CREATE SCHEMA "${s}"`);
  conn = await dialect.connect(url, { timeoutMs: 5000 });
});

afterAll(async () => {
  await conn?.close();
  for (const s of [main, audit]) await admin?.execute(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await admin?.close();
});

/**
 * A declared schema, as ops; `at` gives the schema to create a declared object in (Scratch.schema, or the
 * name itself), `defaultName` the default schema's name where `at` gives none (Scratch.defaultSchema): a key
 * from audit into the default schema names it, as one without a schema means audit's own table.
 */
function declared(at: (schema: string | undefined) => string | undefined, defaultName?: string): Op[] {
  const inSchema = (schema: string | undefined) => {
    const s = at(schema);
    return s !== undefined ? { schema: s } : {};
  };
  const auditSchema = inSchema(audit);
  return [
    { kind: "createEnum", name: "mood", values: ["sad", "ok", "happy"], ...inSchema(undefined) },
    { kind: "createEnum", name: "level", values: ["info", "warn"], ...auditSchema },
    { kind: "createSequence", name: "counter", start: 5, increment: 2, maxValue: 1000, cycle: true },
    {
      kind: "createTable",
      table: { name: "orgs" },
      comment: "Organisations",
      columns: [
        { name: "id", type: "serial", primaryKey: true },
        { name: "name", type: "varchar(40)", nullable: false, unique: true, comment: "The name" },
        { name: "size", type: "integer", default: 1, check: "size > 0" },
      ],
      checks: [{ name: "name_not_empty", condition: "name <> ''" }],
    },
    {
      kind: "createTable",
      table: { name: "users" },
      columns: [
        { name: "id", type: "bigint", primaryKey: true, autoincrement: true },
        { name: "org_id", type: "integer", references: { table: "orgs", column: "id", onDelete: "cascade" } },
        { name: "email", type: "text", nullable: false },
        { name: "feeling", type: "mood", default: "ok" },
        { name: "tags", type: "text[]" },
        { name: "at", type: "timestamptz", default: { sql: "now()" } },
      ],
      uniques: [{ name: "users_email_uq", columns: ["email"] }],
    },
    { kind: "createIndex", name: "users_lower_email", table: { name: "users" }, columns: [{ expression: "lower(email)" }], where: "org_id IS NOT NULL" },
    { kind: "createIndex", name: "users_tags", table: { name: "users" }, columns: ["tags"], method: "gin" },
    {
      kind: "createTable",
      table: { name: "events", ...auditSchema },
      columns: [
        { name: "id", type: "serial", primaryKey: true },
        { name: "user_id", type: "bigint", nullable: false },
      ],
      foreignKeys: [{ columns: ["user_id"], refTable: "users", ...refSchema(at(main) ?? defaultName), refColumns: ["id"], deferrable: true }],
    },
  ];
}

const refSchema = (schema: string | undefined) => (schema !== undefined ? { refSchema: schema } : {});

async function run(on: Connection, ops: readonly Op[]): Promise<void> {
  for (const op of ops) for (const s of await dialect.compile(op, { table: (ref) => dialect.reflectTable(on, ref) })) await on.execute(s.sql, s.params);
}

/** The schemas whose name starts with prefix, as the session sees them (its own uncommitted ones included). */
async function scratchSchemas(prefix: string): Promise<string[]> {
  const rows = await conn.query<{ name: string }>("SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, ?)", [prefix]);
  return rows.map((r) => r.name);
}

describe("scratch", () => {
  test("declared objects read back as in the real database, and nothing is left after release", async () => {
    await run(conn, declared((s) => s));
    const real = await dialect.reflect(conn, { schemas: [audit] });
    expect([real.tables.length, real.enums.length, real.sequences.length]).toEqual([3, 2, 1]);
    const pathBefore = (await conn.query<{ path: string }>("SHOW search_path"))[0]?.path;

    const scratch = await dialect.scratch(conn, [audit]);
    expect(scratch.conn).toBe(conn);
    expect(scratch.schema(undefined)).toBeUndefined();
    expect(scratch.schema(main)).toBeUndefined();
    const scratchAudit = scratch.schema(audit)!;
    const scratchDefault = (await conn.query<{ name: string }>("SELECT current_schema() AS name"))[0]!.name;
    expect(scratchDefault).toMatch(/^migrator_scratch_[0-9a-f]+$/);
    expect(scratchAudit.startsWith(`${scratchDefault}_`)).toBe(true);
    expect((await scratchSchemas(scratchDefault)).sort()).toEqual([scratchDefault, scratchAudit]);

    expect(scratch.defaultSchema).toBe(scratchDefault);
    await run(scratch.conn, declared((s) => scratch.schema(s), scratch.defaultSchema));
    const inScratch = await dialect.reflect(scratch.conn, { schemas: [scratchAudit] });
    expect(inScratch.tables.find((t) => t.table.name === "users")?.columns.find((c) => c.name === "feeling")?.type).toEqual({ raw: "mood" });
    expect(inScratch.tables.filter((t) => t.table.schema === undefined).map((t) => t.table.name)).toEqual(["orgs", "users"]);
    // Back to the declared names: the scratch default is the real default, the scratch schema is audit.
    const back = JSON.parse(JSON.stringify(inScratch).replaceAll(scratchAudit, audit).replaceAll(scratchDefault, main)) as DatabaseModel;
    expect(back).toEqual(real);

    await scratch.release();
    await scratch.release();
    expect(await scratchSchemas(scratchDefault)).toEqual([]);
    expect((await conn.query<{ path: string }>("SHOW search_path"))[0]?.path).toBe(pathBefore!);
    expect(await dialect.reflect(conn, { schemas: [audit] })).toEqual(real);
  });

  test("inside an open transaction, the scratch rolls back to a savepoint and the transaction goes on", async () => {
    await conn.begin();
    try {
      await conn.execute(`CREATE TABLE "${main}".kept (id integer)`);
      const scratch = await dialect.scratch(conn, []);
      const scratchDefault = (await conn.query<{ name: string }>("SELECT current_schema() AS name"))[0]!.name;
      await conn.execute("CREATE TABLE kept (other text)");
      expect((await dialect.reflect(conn, {})).tables.map((t) => [t.table, t.columns.map((c) => c.name)])).toEqual([[{ name: "kept" }, ["other"]]]);
      await scratch.release();
      expect(await scratchSchemas(scratchDefault)).toEqual([]);
      expect((await dialect.reflectTable(conn, { name: "kept" }))?.columns.map((c) => c.name)).toEqual(["id"]);
    } finally {
      await conn.rollback();
    }
    expect(await dialect.reflectTable(conn, { name: "kept" })).toBeUndefined();
  });

  test("a declared schema on the session's search_path is replaced there by its scratch schema", async () => {
    const c = await dialect.connect({ ...baseUrl, params: { ...baseUrl.params, search_path: `${main}, ${audit}` } }, { timeoutMs: 5000 });
    try {
      const ops = (at: (schema: string | undefined) => string | undefined): Op[] => {
        const s = at(audit);
        return [
          { kind: "createEnum", name: "severity", values: ["low", "high"], ...(s !== undefined ? { schema: s } : {}) },
          { kind: "createTable", table: { name: "alerts" }, columns: [{ name: "severity", type: "severity" }] },
        ];
      };
      await run(c, ops((s) => s));
      const real = await dialect.reflectTable(c, { name: "alerts" });
      expect(real?.columns[0]?.type).toEqual({ raw: "severity" });
      const scratch = await dialect.scratch(c, [audit]);
      const path = (await c.query<{ path: string[] }>("SELECT array_to_json(current_schemas(false)) AS path"))[0]?.path;
      expect(path?.slice(1)).toEqual([main, scratch.schema(audit)!]);
      await run(c, ops((s) => scratch.schema(s)));
      expect(await dialect.reflectTable(c, { name: "alerts" })).toEqual(real);
      await scratch.release();
    } finally {
      await c.close();
    }
  });
});
