/**
 * The one owner of transaction boundaries, on real databases: what it sends (begin, commit, statements),
 * and what the database then holds after a rollback.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDatabaseUrl } from "../config/url.ts";
import type { Connection } from "../dialects/connection.ts";
import type { Dialect, Statement } from "../dialects/dialect.ts";
import { loadDialect } from "../dialects/registry.ts";
import { MigrationFailedError } from "../errors.ts";
import { upgrade } from "../commands/migrate.ts";
import { current } from "../commands/current.ts";
import { DATABASES, type TestDatabase } from "../../tests/backend/databases.ts";
import { removeDir, tempDir, testConfig, writeProject } from "../../tests/project.ts";
import { loadGraph } from "../commands/script.ts";
import { openSession } from "./session.ts";
import { connectionTarget, type StatementTarget } from "./target.ts";
import { PipelinedCommitError, Transaction } from "./transaction.ts";
import { upgradeThrough } from "../../tests/run_through.ts";

interface Fixture {
  readonly db: TestDatabase;
  readonly dialect: Dialect;
  readonly conn: Connection;
}

const fixtures: Record<string, Fixture> = {};
const dirs: string[] = [];
beforeAll(async () => {
  for (const name of ["mysql", "postgres", "sqlite"]) {
    const db = await DATABASES[name]!();
    const url = parseDatabaseUrl(db.url);
    const dialect = await loadDialect(url.dialect);
    fixtures[name] = { db, dialect, conn: await dialect.connect(url, { timeoutMs: 5000 }) };
  }
}, 60_000);
afterAll(async () => {
  for (const f of Object.values(fixtures)) {
    await f.conn.close();
    await f.db.drop();
  }
  dirs.forEach(removeDir);
});

/**
 * A live target that writes down what it is asked to do, as an offline script would show it; a statement
 * sent in one round trip with the one before it (statementAround) is written "& " first.
 */
function recorded(f: Fixture): { target: StatementTarget; log: string[] } {
  const live = connectionTarget(f.conn);
  const log: string[] = [];
  return {
    log,
    target: {
      ...live,
      statement: (s) => (log.push(s.sql), live.statement(s)),
      ...(live.statementAround
        ? {
            statementAround: (before: readonly Statement[], s: Statement, after: readonly Statement[]) => (
              log.push(...[...before, s, ...after].map((p, i) => (i === 0 ? p.sql : `& ${p.sql}`))), live.statementAround!(before, s, after)
            ),
          }
        : {}),
      ...(live.transaction
        ? {
            transaction: (stmts: readonly Statement[]) => (
              log.push(...[{ sql: f.dialect.begin }, ...stmts, { sql: f.dialect.commit }].map((p, i) => (i === 0 ? p.sql : `& ${p.sql}`))), live.transaction!(stmts)
            ),
          }
        : {}),
      begin: () => (log.push(f.dialect.begin), live.begin()),
      commit: () => (log.push(f.dialect.commit), live.commit()),
      rollback: () => (log.push("ROLLBACK"), live.rollback()),
    },
  };
}

/** The log with the history's writes shortened to what they record (`UPDATE history SET `statements` = 1`). */
function historyLog(log: readonly string[], history: string): string[] {
  const label = (s: string) =>
    s.startsWith(`INSERT INTO ${history}`)
      ? "INSERT history"
      : s.startsWith(`UPDATE ${history}`)
        ? s.replace(/, `finished_at`.*|, "finished_at".*| WHERE .*/, "").replace(history, "history")
        : s.split(" (")[0]!.split(" VALUES")[0]!;
  return log.map((s) => (s.startsWith("& ") ? `& ${label(s.slice(2))}` : label(s)));
}

/** `upgrade head` of a new project of `revisions` through the recorded target: historyLog() of what it sent. */
async function upgradeLog(name: string, revisions: Parameters<typeof writeProject>[1]): Promise<string[]> {
  const f = fixtures[name]!;
  const dir = tempDir("migrator-txn-log-");
  dirs.push(dir);
  writeProject(dir, revisions);
  const config = testConfig(dir, f.db.url);
  const session = await openSession(config);
  try {
    const { target, log } = recorded({ ...f, conn: session.conn, dialect: session.dialect });
    await upgradeThrough(session, await loadGraph(config), target);
    return historyLog(log, session.bookkeeping.history.name);
  } finally {
    await session.conn.close();
  }
}

const count = async (f: Fixture, table: string) => Number((await f.conn.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n);

describe("where DDL commits implicitly (MariaDB)", () => {
  test("a revision of DDL and its lone version-table write send no START TRANSACTION and no COMMIT", async () => {
    const f = fixtures["mysql"]!;
    const { target, log } = recorded(f);
    const tx = new Transaction(target, f.dialect);
    await f.conn.execute("CREATE TABLE v1 (n VARCHAR(10))");
    await tx.startRun();
    await tx.startRevision(true);
    await tx.statement({ sql: "CREATE TABLE d1 (id INT)" });
    await tx.statement({ sql: "CREATE INDEX ix_d1 ON d1 (id)" });
    expect(tx.open).toBe(false);
    await tx.together(1);
    await tx.writer.statement({ sql: "INSERT INTO v1 VALUES ('r1')" });
    await tx.endRevision(true);
    expect(log).toEqual(["CREATE TABLE d1 (id INT)", "CREATE INDEX ix_d1 ON d1 (id)", "INSERT INTO v1 VALUES ('r1')"]);
    expect(await count(f, "v1")).toBe(1);
  });

  test("a data change opens the transaction; DDL commits it implicitly and the next change opens another, which a rollback takes back", async () => {
    const f = fixtures["mysql"]!;
    const { target, log } = recorded(f);
    const tx = new Transaction(target, f.dialect);
    await f.conn.execute("CREATE TABLE d2 (id INT)");
    await tx.startRevision(true);
    await tx.statement({ sql: "INSERT INTO d2 VALUES (1)" });
    expect(tx.open).toBe(true);
    await tx.statement({ sql: "CREATE TABLE d2b (id INT)" });
    expect(tx.open).toBe(false);
    await tx.statement({ sql: "INSERT INTO d2 VALUES (2)" });
    await tx.rollback();
    expect(log).toEqual(["START TRANSACTION", "INSERT INTO d2 VALUES (1)", "CREATE TABLE d2b (id INT)", "START TRANSACTION", "INSERT INTO d2 VALUES (2)", "ROLLBACK"]);
    // The first row went with the DDL's implicit commit; the second was rolled back.
    expect(await f.conn.query("SELECT id FROM d2")).toEqual([{ id: 1 }]);
  });

  test("DDL that fails still ends the transaction; writes that must land together get one of their own, in one round trip", async () => {
    const f = fixtures["mysql"]!;
    const { target, log } = recorded(f);
    const tx = new Transaction(target, f.dialect);
    await f.conn.execute("CREATE TABLE d3 (id INT)");
    await tx.startRevision(true);
    await tx.statement({ sql: "INSERT INTO d3 VALUES (1)" });
    await expect(tx.statement({ sql: "ALTER TABLE no_such_table ADD c INT" })).rejects.toThrow();
    expect(tx.open).toBe(false);
    await tx.together(2);
    await tx.writer.statement({ sql: "INSERT INTO d3 VALUES (2)" });
    await tx.writer.statement({ sql: "INSERT INTO d3 VALUES (3)" });
    // Held for the COMMIT's round trip: a rollback before it has nothing to send.
    await tx.rollback();
    expect(log.slice(-2)).toEqual(["INSERT INTO d3 VALUES (1)", "ALTER TABLE no_such_table ADD c INT"]);
    expect(await f.conn.query("SELECT id FROM d3")).toEqual([{ id: 1 }]);
    await tx.together(2);
    await tx.writer.statement({ sql: "INSERT INTO d3 VALUES (2)" });
    await tx.writer.statement({ sql: "INSERT INTO d3 VALUES (3)" });
    expect(tx.open).toBe(true);
    await tx.commit();
    expect(log.slice(-4)).toEqual(["START TRANSACTION", "& INSERT INTO d3 VALUES (2)", "& INSERT INTO d3 VALUES (3)", "& COMMIT"]);
    expect(await f.conn.query("SELECT id FROM d3 ORDER BY id")).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });
});

describe("a revision's end on MariaDB: its transaction is sent without waiting for the reply", () => {
  /** The recorded target, whose transaction() replies only once `release()` is called: "reply" is logged then. */
  function gated(f: Fixture) {
    const { target, log } = recorded(f);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const transaction = async (stmts: readonly Statement[]) => {
      const sent = target.transaction!(stmts);
      await gate;
      log.push("reply");
      return await sent;
    };
    return { target: { ...target, transaction }, log, release };
  }

  test("the next revision is prepared meanwhile; its first statement is sent only once the reply is taken", async () => {
    const f = fixtures["mysql"]!;
    const { target, log, release } = gated(f);
    const commits: string[] = [];
    const tx = new Transaction(target, f.dialect, {}, () => commits.push("commit"));
    await f.conn.execute("CREATE TABLE e1 (n VARCHAR(10))");
    await tx.startRevision(true);
    await tx.statement({ sql: "CREATE TABLE e1a (id INT)" });
    await tx.together(2);
    await tx.writer.statement({ sql: "INSERT INTO e1 VALUES ('r1')" });
    await tx.writer.statement({ sql: "INSERT INTO e1 VALUES ('h1')" });
    // Returns with the reply still out.
    await tx.endRevision(true);
    expect(tx.open).toBe(false);
    await tx.startRevision(true);
    const next = tx.statement({ sql: "CREATE TABLE e1b (id INT)" });
    await Bun.sleep(20);
    expect(log.slice(-4)).toEqual(["START TRANSACTION", "& INSERT INTO e1 VALUES ('r1')", "& INSERT INTO e1 VALUES ('h1')", "& COMMIT"]);
    // Counted as committed only once the reply says so.
    expect(commits).toEqual([]);
    release();
    await next;
    expect(log.slice(-2)).toEqual(["reply", "CREATE TABLE e1b (id INT)"]);
    expect(commits).toEqual(["commit"]);
    expect(await count(f, "e1")).toBe(2);
  });

  test("a write of it that fails is thrown by the next call, which sends nothing, and again until rollback() ends its transaction", async () => {
    const f = fixtures["mysql"]!;
    const { target, log } = recorded(f);
    const tx = new Transaction(target, f.dialect);
    await f.conn.execute("CREATE TABLE e2 (n VARCHAR(10) PRIMARY KEY)");
    await tx.startRevision(true);
    await tx.together(2);
    await tx.writer.statement({ sql: "INSERT INTO e2 VALUES ('r1')" });
    await tx.writer.statement({ sql: "INSERT INTO e2 VALUES ('r1')" });
    await tx.endRevision(true);
    await tx.startRevision(true);
    const sent = log.length;
    const first = await tx.statement({ sql: "CREATE TABLE e2b (id INT)" }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(PipelinedCommitError);
    expect((first as PipelinedCommitError).write).toBe(true);
    expect((first as Error).message).toContain("Duplicate entry");
    // Sticky: a caller that swallowed it does not get to send anything after it.
    expect(await tx.statement({ sql: "CREATE TABLE e2c (id INT)" }).catch((e: unknown) => e)).toBe(first);
    expect(await tx.settled()).toBe(first as PipelinedCommitError);
    // What reads the database past the transaction (a compile's catalog reads) asks settle() first: it throws too.
    expect(await tx.settle().catch((e: unknown) => e)).toBe(first);
    expect(log.length).toBe(sent);
    expect(tx.open).toBe(true);
    await tx.rollback();
    expect(log.slice(sent)).toEqual(["ROLLBACK"]);
    expect(await tx.settled()).toBeUndefined();
    expect(await count(f, "e2")).toBe(0);
    await expect(count(f, "e2b")).rejects.toThrow();
  });
});

describe("where DDL is transactional (PostgreSQL, SQLite)", () => {
  for (const name of ["postgres", "sqlite"]) {
    test(`${name}: the run's transaction is opened at once, a rollback takes back its DDL, outside() commits and reopens it`, async () => {
      const f = fixtures[name]!;
      const { target, log } = recorded(f);
      const tx = new Transaction(target, f.dialect);
      await tx.startRun();
      expect(tx.open).toBe(true);
      await tx.statement({ sql: "CREATE TABLE p1 (id INTEGER)" });
      await tx.outside(() => tx.statement({ sql: "CREATE TABLE p2 (id INTEGER)" }));
      await tx.statement({ sql: "CREATE TABLE p3 (id INTEGER)" });
      await tx.rollback();
      expect(log).toEqual(["BEGIN", "CREATE TABLE p1 (id INTEGER)", "COMMIT", "CREATE TABLE p2 (id INTEGER)", "BEGIN", "CREATE TABLE p3 (id INTEGER)", "ROLLBACK"]);
      expect(await count(f, "p1")).toBe(0);
      expect(await count(f, "p2")).toBe(0);
      await expect(count(f, "p3")).rejects.toThrow();
    });
  }
});

describe("a migration's own BEGIN or COMMIT", () => {
  for (const name of ["mysql", "postgres", "sqlite"]) {
    test(`${name}: refused with one line naming the revision and the way out; nothing is applied`, async () => {
      const f = fixtures[name]!;
      const dir = tempDir("migrator-txn-");
      dirs.push(dir);
      writeProject(dir, [{ id: "c1", down: null, up: `await op.execute("COMMIT");` }]);
      const error = await upgrade({ config: testConfig(dir, f.db.url), revision: "head" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationFailedError);
      const message = (error as Error).message;
      expect(message).toContain('"c1"');
      expect(message).toContain("A migration cannot run COMMIT itself");
      expect(message).toContain("op.autocommit");
      expect(message.split("\n")).toHaveLength(1);
      expect((await current({ config: testConfig(dir, f.db.url) })).heads).toEqual([]);
    });
  }
});

test("a .sql revision's BEGIN is refused the same way, naming its own way out", async () => {
  const f = fixtures["sqlite"]!;
  const dir = tempDir("migrator-txn-sql-");
  dirs.push(dir);
  const versions = join(dir, "migrations", "versions");
  writeProject(dir, []);
  writeFileSync(join(versions, "q1_x.sql"), "-- revision: q1\n-- down_revision: null\n-- migrate:up\nBEGIN;\nCREATE TABLE q (id int);\nCOMMIT;\n-- migrate:down\nDROP TABLE q;\n");
  const error = await upgrade({ config: testConfig(dir, f.db.url), revision: "head" }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MigrationFailedError);
  expect((error as Error).message).toContain('Upgrade of revision "q1" failed in execute(): A migration cannot run BEGIN itself');
  expect((error as Error).message).toContain("(in a .sql revision: -- migrate:up transaction:false)");
});

describe("a MariaDB revision's started row lands with its first statement", () => {
  test("before DDL it goes with it (the DDL commits anyway); before a data change it is in that change's transaction; the completion is one transaction", async () => {
    const f = fixtures["mysql"]!;
    const dir = tempDir("migrator-txn-started-");
    dirs.push(dir);
    writeProject(dir, [
      { id: "s1", down: null, up: `await op.createTable("s_t", [{ name: "id", type: "integer" }]);\n  await op.createIndex("ix_s_t", "s_t", ["id"]);` },
      { id: "s2", down: "s1", up: `await op.execute("INSERT INTO s_t VALUES (1)");\n  await op.createTable("s_u", [{ name: "id", type: "integer" }]);` },
    ]);
    const config = testConfig(dir, f.db.url);
    const session = await openSession(config);
    try {
      const graph = await loadGraph(config);
      const { target, log } = recorded({ ...f, conn: session.conn, dialect: session.dialect });
      await upgradeThrough(session, graph, target);
      const history = session.bookkeeping.history.name;
      const label = (s: string) => (s.startsWith(`INSERT INTO ${history}`) ? "INSERT history" : s.startsWith(`UPDATE ${history}`) ? "UPDATE history" : s.split(" (")[0]!.split(" VALUES")[0]!);
      const shown = log.map((s) => (s.startsWith("& ") ? `& ${label(s.slice(2))}` : label(s)));
      const s1 = shown.indexOf("INSERT history");
      expect(shown.slice(s1)).toEqual([
        // s1: the started row, its DDL and the count after it, in one round trip (the server runs them in
        // order and stops at a failure); then version row and completion together.
        "INSERT history",
        "& CREATE TABLE `s_t`",
        "& UPDATE history",
        "CREATE INDEX `ix_s_t` ON `s_t`",
        "& UPDATE history",
        "START TRANSACTION",
        "& INSERT INTO `migrator_version`",
        "& UPDATE history",
        "& COMMIT",
        // s2: the started row in the transaction of its first statement, a data change, which the DDL then commits.
        "START TRANSACTION",
        "INSERT history",
        "& INSERT INTO s_t",
        "CREATE TABLE `s_u`",
        "& UPDATE history",
        "START TRANSACTION",
        "& UPDATE `migrator_version` SET `version_num` = 's2' WHERE `version_num` = 's1'",
        "& UPDATE history",
        "& COMMIT",
      ]);
    } finally {
      await session.conn.close();
    }
  });

  test("each count goes in the round trip of the statement it counts, whatever the revision's code does between statements; none into a data change's transaction", async () => {
    const shown = await upgradeLog("mysql", [
      {
        id: "w1",
        down: null,
        up: `await op.createTable("w_t", [{ name: "id", type: "integer" }]);\n  await new Promise((r) => setTimeout(r, 30));\n  await op.createIndex("ix_w_t", "w_t", ["id"]);\n  await op.execute("INSERT INTO w_t VALUES (1)");`,
      },
    ]);
    expect(shown.slice(shown.indexOf("INSERT history"))).toEqual([
      "INSERT history",
      "& CREATE TABLE `w_t`",
      // MariaDB finishes a statement whose client died: a count sent with a later round trip would then be
      // missing, and a resumed revision would run this statement again.
      "& UPDATE history SET `statements` = 1",
      "CREATE INDEX `ix_w_t` ON `w_t`",
      "& UPDATE history SET `statements` = 2",
      "START TRANSACTION",
      "INSERT INTO w_t",
      // The completion carries the last count, in the transaction of the data change.
      "INSERT INTO `migrator_version`",
      "UPDATE history SET `state` = 'completed', `statements` = 3",
      "COMMIT",
    ]);
  });

  test("an op of several statements: the count after each goes with it, also where the op's compile reads the catalog", async () => {
    const shown = await upgradeLog("mysql", [
      { id: "v1", down: null, up: `await op.createTable("v_t", [{ name: "id", type: "integer" }]);\n  await op.alterColumn("v_t", "id", { default: 5, newName: "id2" });` },
    ]);
    expect(shown.slice(shown.indexOf("INSERT history"))).toEqual([
      "INSERT history",
      "& CREATE TABLE `v_t`",
      "& UPDATE history SET `statements` = 1",
      "ALTER TABLE `v_t` ALTER COLUMN `id` SET DEFAULT 5",
      "& UPDATE history SET `statements` = 2",
      "ALTER TABLE `v_t` RENAME COLUMN `id` TO `id2`",
      "& UPDATE history SET `statements` = 3",
      "START TRANSACTION",
      "& INSERT INTO `migrator_version`",
      "& UPDATE history SET `state` = 'completed', `statements` = 3",
      "& COMMIT",
    ]);
  });
});

describe("a statement of op.autocommit() in a transactional revision (PostgreSQL)", () => {
  test("its count is written right after it, before the revision's transaction is opened again, not in it", async () => {
    const shown = await upgradeLog("postgres", [
      {
        id: "c1",
        down: null,
        up: `await op.createTable("c_t", [{ name: "id", type: "integer" }]);\n  await op.autocommit(async () => {\n    await op.execute("CREATE INDEX CONCURRENTLY ix_c_t ON c_t (id)");\n  });\n  await new Promise((r) => setTimeout(r, 30));\n  await op.execute("SELECT 1");`,
      },
    ]);
    const index = shown.indexOf("CREATE INDEX CONCURRENTLY ix_c_t ON c_t");
    // Its started row, with the count, right after it with no transaction open: a kill later in the
    // revision leaves it.
    expect(shown.slice(index, index + 3)).toEqual(["CREATE INDEX CONCURRENTLY ix_c_t ON c_t", "INSERT history", "BEGIN"]);
  });
});
