/**
 * Version-dependent SQL on MySQL's dialect: an expression index (MySQL 8.0.13+, never MariaDB) is refused
 * with one line naming the server's version, online (from the version read at connect, here the shared
 * MariaDB 10.11, in a database of its own) and offline (--sql: the version is not known, so it says it
 * cannot be checked). The capability by version string is unit-tested in src/dialects/mysql/capabilities.test.ts.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { parseDatabaseUrl } from "../../src/config/url.ts";
import { ensureBinary } from "../binary.ts";
import { removeDir, tempDir, writeProject } from "../project.ts";
import { connectTo } from "../../src/dialects/mysql/test_database.ts";
import type { Connection } from "../../src/dialects/connection.ts";

const base = process.env["MIGRATOR_TEST_MYSQL_URL"] ?? "mysql://root@127.0.0.1:3306/test";
const database = `migrator_expr_${Math.random().toString(36).slice(2, 8)}`;
const url = base.replace(/\/[^/?]*(\?|$)/, `/${database}$1`);
let admin: Connection;
let dir: string;
let version = "";

function migrator(args: string[]) {
  const r = Bun.spawnSync([ensureBinary(), ...args], { cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: dir, DATABASE_URL: url } });
  return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

beforeAll(async () => {
  ensureBinary();
  admin = await connectTo(parseDatabaseUrl(base));
  await admin.execute(`CREATE DATABASE \`${database}\``);
  version = String((await admin.query<{ v: string }>("SELECT VERSION() AS v"))[0]?.v);
  dir = tempDir("migrator-mysql-expr-");
  writeProject(dir, [
    { id: "e1", down: null, up: `await op.createTable("users", [{ name: "id", type: "integer", primaryKey: true }, { name: "email", type: "varchar(100)" }]);` },
    { id: "e2", down: "e1", up: `await op.createIndex("ix_users_lower_email", "users", [{ expression: "lower(email)" }]);`, down_: `await op.dropIndex("ix_users_lower_email", "users");` },
  ]);
});

afterAll(async () => {
  await admin?.execute(`DROP DATABASE IF EXISTS \`${database}\``);
  await admin?.close();
  removeDir(dir);
});

test("online: an expression index on MariaDB is refused with one line naming the server's version", () => {
  expect(version).toMatch(/MariaDB/i);
  const [, numbers] = /^(\d+\.\d+\.\d+)/.exec(version) ?? [];
  const up = migrator(["upgrade", "head"]);
  expect(up.code).toBe(1);
  const errors = up.stderr.split("\n").filter((l) => l.startsWith("error:"));
  expect(errors.length).toBe(1);
  expect(errors[0]).toContain(
    `Index "ix_users_lower_email" has an expression key part (lower(email)): MariaDB ${numbers} has no expression indexes (MySQL has them from 8.0.13, MariaDB not at all); index a generated column instead`,
  );
  // e1 applied, e2 not: nothing half-done.
  expect(migrator(["current"]).stdout).toContain("e1");
});

test("offline (--sql): the server's version is not known, and the line says it cannot be checked", () => {
  const sql = migrator(["upgrade", "e1:head", "--sql"]);
  expect(sql.code).toBe(1);
  expect(sql.stderr).toContain("offline the server's version is not known, so this cannot be checked");
  expect(sql.stdout).not.toContain("lower(email)");
});

test("offline (--sql) for a named server version: MySQL 8.0.36 gets the expression index, MariaDB and MySQL 8.0.12 refuse it", () => {
  const mysql8 = migrator(["upgrade", "e1:head", "--sql", "--server-version", "8.0.36"]);
  expect({ code: mysql8.code, stderr: mysql8.stderr }).toEqual({ code: 0, stderr: "" });
  expect(mysql8.stdout).toContain("CREATE INDEX `ix_users_lower_email` ON `users` ((lower(email)))");
  const maria = migrator(["upgrade", "e1:head", "--sql", "--server-version", "MariaDB 10.11"]);
  expect(maria.code).toBe(1);
  expect(maria.stderr).toContain("MariaDB 10.11.0 has no expression indexes");
  const old = migrator(["upgrade", "e1:head", "--sql", "--server-version", "8.0.12"]);
  expect(old.code).toBe(1);
  expect(old.stderr).toContain("MySQL 8.0.12 has no expression indexes");
  // A version that names no MySQL server.
  const bad = migrator(["upgrade", "e1:head", "--sql", "--server-version", "eight"]);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain(`server_version "eight" is not a MySQL or MariaDB version`);
});
