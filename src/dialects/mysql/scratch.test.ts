/** The scratch databases against a real server (see test_database.ts). */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MigratorError } from "../../errors.ts";
import type { DatabaseModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";
import { mysqlDialect as dialect } from "./dialect.ts";
import { connectTo, createTestDatabase, runOp, type TestDatabase } from "./test_database.ts";
import { fixtureOps } from "./test_fixture.ts";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

const current = async (conn: Connection) => (await conn.query<{ db: string | null }>("SELECT DATABASE() AS db"))[0]?.db;
const databasesLike = async (prefix: string) =>
  (await db.admin.query<{ n: string }>("SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?", [`${prefix}%`])).map((r) => r.n);

describe("scratch", () => {
  test("a scratch database a killed run left over an hour ago is dropped by the next scratch; a recent one is left to its run", async () => {
    const t = (secondsAgo: number) => Math.floor(Date.now() / 1000 - secondsAgo).toString(36);
    const stale = `migrator_scratch_${t(7200)}_0badc0de`;
    const recent = `migrator_scratch_${t(60)}_0badc0de`;
    for (const name of [stale, recent]) await db.conn.execute(`CREATE DATABASE \`${name}\``);
    try {
      const scratch = await dialect.scratch(db.conn, []);
      await scratch.release();
      expect(await databasesLike(stale)).toEqual([]);
      expect(await databasesLike(recent)).toEqual([recent]);
    } finally {
      for (const name of [stale, recent]) await db.conn.execute(`DROP DATABASE IF EXISTS \`${name}\``);
    }
  });

  test("the same ops in the scratch and in a real database reflect the same; release leaves nothing behind", async () => {
    const other = await db.createDatabase("s");
    for (const op of fixtureOps(other, db.name)) await runOp(db.conn, op);
    const real = await dialect.reflect(db.conn, { schemas: [other] });

    const scratch = await dialect.scratch(db.conn, [other]);
    expect(scratch.conn).toBe(db.conn);
    const base = (await current(scratch.conn))!;
    expect(base).toMatch(/^migrator_scratch_[0-9a-z]+_[0-9a-f]{8}$/);
    expect(scratch.schema(undefined)).toBeUndefined();
    const mapped = scratch.schema(other)!;
    expect(mapped.startsWith(`${base}_`)).toBe(true);
    expect(() => scratch.schema("undeclared")).toThrow(MigratorError);
    try {
      expect(await databasesLike(base)).toEqual(expect.arrayContaining([base, mapped]));
      for (const op of fixtureOps(mapped, base)) await runOp(scratch.conn, op);
      const made = await dialect.reflect(scratch.conn, { schemas: [mapped] });
      expect(renamed(made, [[mapped, other], [base, db.name]])).toEqual(real);
    } finally {
      await scratch.release();
    }
    expect(await current(db.conn)).toBe(db.name);
    expect(await databasesLike(base)).toEqual([]);
    await scratch.release(); // a second release does nothing
  });

  test("release cleans up after a failure in the scratch", async () => {
    const scratch = await dialect.scratch(db.conn, []);
    const base = (await current(db.conn))!;
    try {
      await runOp(scratch.conn, { kind: "createTable", table: { name: "t" }, columns: [{ name: "id", type: "integer", primaryKey: true }] });
      await expect(scratch.conn.execute("CREATE TABLE t (id INT)")).rejects.toThrow(/already exists/);
    } finally {
      await scratch.release();
    }
    expect(await current(db.conn)).toBe(db.name);
    expect(await databasesLike(base)).toEqual([]);
  });

  test("without the CREATE privilege: a MigratorError naming the grant, and the session where it was", async () => {
    const user = `ms_${db.name.slice(-8)}`;
    for (const host of ["%", "localhost"]) {
      await db.admin.execute(`CREATE USER ?@? IDENTIFIED BY 'pw'`, [user, host]);
      await db.admin.execute(`GRANT ALL ON ${dialect.quoteIdentifier(db.name)}.* TO ?@?`, [user, host]);
    }
    try {
      const conn = await connectTo({ ...db.url, user, password: "pw" });
      try {
        const refused = dialect.scratch(conn, ["x"]);
        await expect(refused).rejects.toBeInstanceOf(MigratorError);
        await expect(refused).rejects.toThrow(/CREATE and DROP privileges .*GRANT ALL PRIVILEGES ON `migrator\\_scratch\\_%`\.\* TO 'ms_/);
        expect(await current(conn)).toBe(db.name);
      } finally {
        await conn.close();
      }
    } finally {
      for (const host of ["%", "localhost"]) await db.admin.execute(`DROP USER ?@?`, [user, host]);
    }
  });
});

/** The model with scratch database names replaced by the real ones. */
function renamed(model: DatabaseModel, pairs: readonly [string, string][]): DatabaseModel {
  let json = JSON.stringify(model);
  // Longest first: the base name is a prefix of the others.
  for (const [from, to] of [...pairs].sort((a, b) => b[0].length - a[0].length)) json = json.replaceAll(`"${from}"`, `"${to}"`);
  return JSON.parse(json) as DatabaseModel;
}
