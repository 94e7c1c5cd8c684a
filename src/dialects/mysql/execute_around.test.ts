/**
 * Connection.executeAround on a real server: bookkeeping statements right before and after a statement in
 * one round trip (a multi-statement packet), each failure named as its own, single statements as before.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { BatchPartError } from "../connection.ts";
import { createTestDatabase, type TestDatabase } from "./test_database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.conn.execute("CREATE TABLE h (id INT PRIMARY KEY, n INT)");
  await db.conn.execute("INSERT INTO h VALUES (1, 0)");
}, 30_000);
afterAll(async () => await db.drop());

const n = async () => Number((await db.conn.query<{ n: unknown }>("SELECT n FROM h WHERE id = 1"))[0]?.n);
const exists = async (table: string) => (await db.conn.query(`SHOW TABLES LIKE '${table}'`)).length > 0;

test("before, the statement, after: run in order", async () => {
  await db.conn.executeAround!(["UPDATE h SET n = 1 WHERE id = 1"], "CREATE TABLE a (id INT) -- a comment", [], ["UPDATE h SET n = n + 1 WHERE id = 1"]);
  expect(await n()).toBe(2);
  expect(await exists("a")).toBe(true);
});

test("a failure before the statement: BatchPartError naming it; the statement and what follows do not run", async () => {
  const error = await db.conn.executeAround!(["UPDATE h SET n = 3 WHERE id = 1", "UPDATE no_such_table SET n = 1"], "CREATE TABLE b (id INT)", [], ["UPDATE h SET n = 9 WHERE id = 1"]).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BatchPartError);
  expect({ part: (error as BatchPartError).part, index: (error as BatchPartError).index }).toEqual({ part: "before", index: 1 });
  expect((error as Error).message).toContain("no_such_table");
  expect(await n()).toBe(3);
  expect(await exists("b")).toBe(false);
});

test("a failure of the statement is its own error; the write after it does not run", async () => {
  const error = await db.conn.executeAround!(["UPDATE h SET n = 4 WHERE id = 1"], "CREATE TABLE a (id INT)", [], ["UPDATE h SET n = 9 WHERE id = 1"]).catch((e: unknown) => e);
  expect(error).not.toBeInstanceOf(BatchPartError);
  expect((error as Error).message).toContain("'a' already exists");
  expect(await n()).toBe(4);
});

test("a failure after the statement: BatchPartError after it, the statement ran", async () => {
  const error = await db.conn.executeAround!([], "CREATE TABLE c (id INT)", [], ["UPDATE no_such_table SET n = 1"]).catch((e: unknown) => e);
  expect({ part: (error as BatchPartError).part, index: (error as BatchPartError).index }).toEqual({ part: "after", index: 0 });
  expect(await exists("c")).toBe(true);
});

test("a statement with a semicolon of its own (trailing, in a string) runs as written; the write after it too", async () => {
  await db.conn.executeAround!([], "INSERT INTO h VALUES (2, LENGTH('x;y'));", [], ["UPDATE h SET n = 5 WHERE id = 1"]);
  await db.conn.executeAround!([], "INSERT INTO h VALUES (3, 0);  ", [], ["UPDATE h SET n = n + 1 WHERE id = 1"]);
  expect(await db.conn.query("SELECT id, n FROM h ORDER BY id")).toEqual([{ id: 1, n: 6 }, { id: 2, n: 3 }, { id: 3, n: 0 }]);
});

test("single statements are answered as before: rows of a query, parameters bound", async () => {
  expect(await db.conn.query("SELECT n FROM h WHERE id = ?", [1])).toEqual([{ n: 6 }]);
  await db.conn.execute("UPDATE h SET n = ? WHERE id = 1", [7]);
  expect(await n()).toBe(7);
});
