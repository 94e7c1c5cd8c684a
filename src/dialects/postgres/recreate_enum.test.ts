/**
 * recreateEnum compiled from the catalog and run on a real PostgreSQL (MIGRATOR_TEST_PG_URL), in schemas
 * of its own (enum_fix_t_<random>_*): foreign keys between columns of the type, a type found through the
 * search_path in another schema than the first one, a type or table already called "<name>_old", and
 * dependents it cannot carry, refused before any SQL.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseDatabaseUrl, type DatabaseUrl } from "../../config/url.ts";
import type { RecreateEnumOp } from "../../operations/ops.ts";
import type { Connection } from "../connection.ts";
import { postgresDialect as dialect } from "./dialect.ts";
import { readTypeUsage } from "./enum_columns.ts";
import { runInTransaction } from "../../testing/in_transaction.ts";

const baseUrl = parseDatabaseUrl(process.env["MIGRATOR_TEST_PG_URL"] ?? "postgresql://postgres@127.0.0.1:5432/test");
const prefix = `enum_fix_t_${Math.random().toString(36).slice(2, 8)}`;
const [a, b, shared] = [`${prefix}_a`, `${prefix}_b`, `${prefix}_shared`];
const connections: Connection[] = [];

async function connect(searchPath: string): Promise<Connection> {
  const url: DatabaseUrl = { ...baseUrl, params: { ...baseUrl.params, search_path: searchPath } };
  const conn = await dialect.connect(url, { timeoutMs: 5000 });
  connections.push(conn);
  return conn;
}

/** Compile against the catalog and run in one transaction, as a revision does. */
async function recreate(conn: Connection, op: Omit<RecreateEnumOp, "kind">): Promise<void> {
  await runInTransaction(conn, await dialect.compile({ kind: "recreateEnum", ...op }, { table: async () => undefined, typeUsage: (t) => readTypeUsage(conn, t) }));
}

let admin: Connection;
const rows = async (sql: string) => (await admin.query(sql)).map((r) => Object.values(r).map(String).join("|"));

beforeAll(async () => {
  admin = await connect("public");
  for (const s of [a, b, shared]) await admin.execute(`CREATE SCHEMA "${s}"`);
});

afterAll(async () => {
  for (const s of [a, b, shared]) await admin?.execute(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  for (const c of connections) await c.close();
});

describe("recreateEnum on a real server", () => {
  test("foreign keys between columns of the type are dropped and added again as they were; rows kept", async () => {
    for (const sql of [
      `CREATE TYPE "${a}".fk_mood AS ENUM ('happy', 'sad', 'ok')`,
      `CREATE TABLE "${a}".parents (m "${a}".fk_mood PRIMARY KEY)`,
      `CREATE TABLE "${b}".children (id int, m "${a}".fk_mood, CONSTRAINT kid_mood FOREIGN KEY (m) REFERENCES "${a}".parents (m) ON DELETE CASCADE DEFERRABLE)`,
      `INSERT INTO "${a}".parents VALUES ('happy'), ('ok')`,
      `INSERT INTO "${b}".children VALUES (1, 'ok')`,
    ]) await admin.execute(sql);
    const keyDef = `SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '"${b}".children'::regclass`;
    const before = await rows(keyDef);
    await recreate(admin, { name: "fk_mood", schema: a, values: ["ok", "happy"], previous: ["happy", "sad", "ok"] });
    expect(await rows(keyDef)).toEqual(before);
    expect(await rows(`SELECT enum_range(NULL::"${a}".fk_mood)::text`)).toEqual(["{ok,happy}"]);
    expect(await rows(`SELECT id, m::text FROM "${b}".children`)).toEqual(["1|ok"]);
    await admin.execute(`INSERT INTO "${b}".children VALUES (2, 'happy')`);
    await expect(admin.execute(`INSERT INTO "${b}".children VALUES (3, 'sad')`)).rejects.toThrow(/invalid input value/);
    await admin.execute(`DELETE FROM "${a}".parents WHERE m = 'ok'`);
    expect(await rows(`SELECT id FROM "${b}".children ORDER BY id`)).toEqual(["2"]); // ON DELETE CASCADE kept
  });

  test("a type named without a schema is recreated where the search_path finds it, converting only its own columns", async () => {
    for (const sql of [
      `CREATE TYPE "${shared}".mood AS ENUM ('happy', 'sad', 'ok')`,
      `CREATE TYPE "${b}".mood AS ENUM ('happy', 'sad', 'ok')`,
      `CREATE TABLE "${a}".notes (m mood DEFAULT 'ok')`.replace("mood", `"${shared}".mood`),
      `CREATE TABLE "${b}".notes (m "${shared}".mood, own "${b}".mood)`,
      `INSERT INTO "${a}".notes VALUES ('sad')`,
      `INSERT INTO "${b}".notes VALUES ('happy', 'sad')`,
    ]) await admin.execute(sql);
    // Tenant a's connection: its own schema first, the shared one after (like "tenant_a, public").
    const tenant = await connect(`${a},${shared}`);
    await recreate(tenant, { name: "mood", values: ["ok", "sad", "happy"], previous: ["happy", "sad", "ok"] });
    expect(await rows(`SELECT n.nspname, t.typname, enum_range(NULL::"${shared}".mood)::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typname LIKE 'mood%' AND n.nspname LIKE '${prefix}%' ORDER BY 1`)).toEqual([
      `${b}|mood|{ok,sad,happy}`,
      `${shared}|mood|{ok,sad,happy}`,
    ]);
    expect(await rows(`SELECT enum_range(NULL::"${b}".mood)::text`)).toEqual(["{happy,sad,ok}"]);
    expect(await rows(`SELECT m::text, pg_typeof(m)::text FROM "${a}".notes`)).toEqual([`sad|${shared}.mood`]);
    expect(await rows(`SELECT m::text, pg_typeof(m)::text AS t, pg_typeof(own)::text AS o FROM "${b}".notes`)).toEqual([`happy|${shared}.mood|${b}.mood`]);
  });

  test("a type and a table already named <name>_old are left alone", async () => {
    for (const sql of [
      `CREATE TYPE "${a}".level AS ENUM ('low', 'high')`,
      `CREATE TYPE "${a}".level_old AS ENUM ('x')`,
      `CREATE TABLE "${a}".level_old_t (l "${a}".level)`,
    ]) await admin.execute(sql);
    await recreate(admin, { name: "level", schema: a, values: ["high", "low"], previous: ["low", "high"] });
    expect(await rows(`SELECT enum_range(NULL::"${a}".level)::text AS l, enum_range(NULL::"${a}".level_old)::text AS o`)).toEqual(["{high,low}|{x}"]);
  });

  test("a domain, a function, a materialized view, a partition key over the type: refused with one line listing them, nothing changed", async () => {
    for (const sql of [
      `CREATE TYPE "${b}".state AS ENUM ('on', 'off')`,
      `CREATE DOMAIN "${b}".on_state AS "${b}".state CHECK (VALUE = 'on')`,
      `CREATE FUNCTION "${b}".flip(s "${b}".state) RETURNS int LANGUAGE sql AS 'SELECT 1'`,
      `CREATE TABLE "${b}".lamps (s "${b}".state) PARTITION BY LIST (s)`,
      `CREATE MATERIALIZED VIEW "${b}".lit AS SELECT s FROM "${b}".lamps`,
    ]) await admin.execute(sql);
    const op = { kind: "recreateEnum", name: "state", schema: b, values: ["off", "on"], previous: ["on", "off"] } as const;
    const ctx = { table: async () => undefined, typeUsage: (t: { name: string; schema?: string }) => readTypeUsage(admin, t) };
    await expect(dialect.compile(op, ctx)).rejects.toThrow(
      `recreateEnum("state") cannot carry over what depends on the type besides table columns, their defaults and foreign keys: ` +
        `column s of materialized view ${b}.lit; constraint on_state_check; function ${b}.flip(${b}.state); partition key of table ${b}.lamps; type ${b}.on_state. Drop them before (op.execute) and create them again after`,
    );
    expect(await rows(`SELECT enum_range(NULL::"${b}".state)::text`)).toEqual(["{on,off}"]);
  });
});
