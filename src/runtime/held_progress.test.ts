/**
 * HeldProgress against a real MariaDB session: a count held is taken by the next statement without a
 * write, written alone by its timer once the code waits, dropped at the revision's end, and a write that
 * fails is thrown by the next call, once, in the wording of a count written alone.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { parseDatabaseUrl } from "../config/url.ts";
import type { Connection } from "../dialects/connection.ts";
import { loadDialect } from "../dialects/registry.ts";
import { DATABASES, type TestDatabase } from "../../tests/backend/databases.ts";
import { HeldProgress } from "./held_progress.ts";
import { BookkeepingWriteError } from "./transaction.ts";

let db: TestDatabase;
let conn: Connection;
beforeAll(async () => {
  db = await DATABASES["mysql"]!();
  const url = parseDatabaseUrl(db.url);
  conn = await (await loadDialect(url.dialect)).connect(url, { timeoutMs: 5000 });
  await conn.execute("CREATE TABLE held (n INT)");
  await conn.execute("INSERT INTO held VALUES (0)");
}, 60_000);
afterAll(async () => {
  await conn?.close();
  await db?.drop();
});

const recorded = async () => Number((await conn.query<{ n: unknown }>("SELECT n FROM held"))[0]?.n);
const nextTurns = () => new Promise((r) => setTimeout(r, 20));

function progress(table = "held"): { held: HeldProgress; sent: string[] } {
  const sent: string[] = [];
  const held = new HeldProgress(
    async (n) => ({ sql: `UPDATE ${table} SET n = ${n}` }),
    async (write) => {
      sent.push(write.sql);
      await conn.execute(write.sql);
    },
  );
  return { held, sent };
}

test("taken by the next statement in the same turn: nothing is written alone", async () => {
  const { held, sent } = progress();
  held.hold(1);
  expect(await held.take()).toBe(1);
  await nextTurns();
  expect(sent).toEqual([]);
  expect(await held.take()).toBeUndefined();
});

test("written alone once the code waits on something else; dropped at the end without a write", async () => {
  const { held, sent } = progress();
  held.hold(2);
  await nextTurns();
  expect(sent).toEqual(["UPDATE held SET n = 2"]);
  expect(await recorded()).toBe(2);
  held.hold(3);
  await held.drop();
  await nextTurns();
  expect(sent).toEqual(["UPDATE held SET n = 2"]);
  expect(await recorded()).toBe(2);
});

test("a write of the timer that fails is thrown by the next call, once, as a count written alone", async () => {
  const { held } = progress("no_such_table");
  held.hold(4);
  await nextTurns();
  const error = await held.take().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BookkeepingWriteError);
  expect((error as BookkeepingWriteError).statementRan).toBe(false);
  expect((error as Error).message).toStartWith("Cannot record the revision's progress of the statements that ran (UPDATE no_such_table SET n = 4): ");
  expect(await held.take()).toBeUndefined();
  held.hold(5);
  await nextTurns();
  // reset() forgets the failure (the run's own error is reported).
  await held.reset();
  expect(await held.take()).toBeUndefined();
});
