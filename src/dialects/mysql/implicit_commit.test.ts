import { expect, test } from "bun:test";
import { mysqlDialect } from "./dialect.ts";
import { postgresDialect } from "../postgres/dialect.ts";

test("MySQL says which statements commit implicitly; PostgreSQL has none", () => {
  const commits = (sql: string) => mysqlDialect.commitsImplicitly?.(sql) ?? false;
  expect(["CREATE TABLE t (id INT)", "  drop table t", "ALTER TABLE t ADD c INT", "RENAME TABLE a TO b", "TRUNCATE t"].map(commits)).toEqual([true, true, true, true, true]);
  expect(["CREATE TEMPORARY TABLE t (id INT)", "CREATE OR REPLACE TEMPORARY TABLE t (id INT)", "DROP TEMPORARY TABLE t", "INSERT INTO t VALUES (1)", "SELECT SLEEP(1)"].map(commits)).toEqual([false, false, false, false, false]);
  expect(postgresDialect.commitsImplicitly).toBeUndefined();
});
