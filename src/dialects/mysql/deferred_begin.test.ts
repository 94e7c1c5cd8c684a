import { expect, test } from "bun:test";
import { deferBegin } from "./deferred_begin.ts";

function recorder() {
  const sent: string[] = [];
  const run = deferBegin(async (sql: string) => {
    sent.push(sql);
    return sql;
  }, "");
  return { sent, run };
}

test("a transaction ended by DDL or COMMIT before any other statement is never sent", async () => {
  const { sent, run } = recorder();
  for (const sql of ["START TRANSACTION", "CREATE TABLE t (id int)", "START TRANSACTION", "CREATE INDEX ix ON t (id)", "START TRANSACTION", "COMMIT"]) await run(sql);
  expect(sent).toEqual(["CREATE TABLE t (id int)", "CREATE INDEX ix ON t (id)"]);
});

test("START TRANSACTION is sent before the first statement it changes, then the transaction runs as written", async () => {
  const { sent, run } = recorder();
  for (const sql of ["START TRANSACTION", "CREATE TABLE t (id int)", "START TRANSACTION", "UPDATE v SET x = 1", "INSERT INTO t VALUES (1)", "COMMIT"]) await run(sql);
  expect(sent).toEqual(["CREATE TABLE t (id int)", "START TRANSACTION", "UPDATE v SET x = 1", "INSERT INTO t VALUES (1)", "COMMIT"]);
});

test("a temporary table does not end the transaction; a START TRANSACTION inside an open one is sent (it commits that one)", async () => {
  const { sent, run } = recorder();
  for (const sql of ["START TRANSACTION", "CREATE TEMPORARY TABLE x (id int)", "START TRANSACTION", "ROLLBACK", "BEGIN", "ROLLBACK"]) await run(sql);
  expect(sent).toEqual(["START TRANSACTION", "CREATE TEMPORARY TABLE x (id int)", "START TRANSACTION", "ROLLBACK"]);
});

test("DDL that fails still ends the transaction (MySQL commits before running it)", async () => {
  const sent: string[] = [];
  const run = deferBegin(async (sql: string) => {
    sent.push(sql);
    if (sql.startsWith("ALTER")) throw new Error("no such table");
    return sql;
  }, "");
  await run("START TRANSACTION");
  await run("DELETE FROM t");
  await expect(run("ALTER TABLE nope ADD c int")).rejects.toThrow("no such table");
  await run("START TRANSACTION");
  await run("COMMIT");
  expect(sent).toEqual(["START TRANSACTION", "DELETE FROM t", "ALTER TABLE nope ADD c int"]);
});
