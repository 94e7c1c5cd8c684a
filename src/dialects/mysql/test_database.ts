/**
 * For tests against a real server (MIGRATOR_TEST_MYSQL_URL, by default mysql://root@127.0.0.1:3306/test):
 * a database of its own, migrator_test_<random>, so that runs on one server do not meet.
 */
import { parseDatabaseUrl, type DatabaseUrl } from "../../config/url.ts";
import type { Op } from "../../operations/ops.ts";
import type { Connection } from "../connection.ts";
import { mysqlDialect as dialect } from "./dialect.ts";

export const baseUrl: DatabaseUrl = parseDatabaseUrl(process.env["MIGRATOR_TEST_MYSQL_URL"] ?? "mysql://root@127.0.0.1:3306/test");

export function connectTo(url: DatabaseUrl): Promise<Connection> {
  return dialect.connect(url, { timeoutMs: 5000 });
}

export interface TestDatabase {
  readonly name: string;
  readonly url: DatabaseUrl;
  /** A session on the new database. */
  readonly conn: Connection;
  /** A session on the base URL's database, for CREATE/DROP DATABASE and users. */
  readonly admin: Connection;
  readonly mariadb: boolean;
  /** Another database, dropped with this one. */
  createDatabase(suffix: string): Promise<string>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `migrator_test_${Math.random().toString(36).slice(2, 10)}`;
  const url: DatabaseUrl = { ...baseUrl, database: name };
  const admin = await connectTo(baseUrl);
  const q = (n: string) => dialect.quoteIdentifier(n);
  await admin.execute(`CREATE DATABASE ${q(name)}`);
  const others: string[] = [];
  const conn = await connectTo(url);
  const [v] = await conn.query<{ v: string }>("SELECT VERSION() AS v");
  return {
    name,
    url,
    conn,
    admin,
    mariadb: /mariadb/i.test(v?.v ?? ""),
    async createDatabase(suffix) {
      const other = `${name}_${suffix}`;
      await admin.execute(`CREATE DATABASE ${q(other)}`);
      others.push(other);
      return other;
    },
    async drop() {
      await conn.close();
      for (const db of [...others.reverse(), name]) await admin.execute(`DROP DATABASE IF EXISTS ${q(db)}`);
      await admin.close();
    },
  };
}

/** Compile an op online (the compiler may reflect the table) and run it. */
export async function runOp(conn: Connection, op: Op): Promise<void> {
  const statements = await dialect.compile(op, { table: (ref) => dialect.reflectTable(conn, ref) });
  for (const s of statements) await conn.execute(s.sql, s.params);
}
