/**
 * One backend suite, run against every dialect on a real database: every operation applied online and
 * checked in the catalog, the offline script compared with what the online run executed, downgrade,
 * failure handling and concurrent runs. Expectations follow the dialect's capabilities, not its name.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Statement } from "../../src/dialects/dialect.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import { loadGraph } from "../../src/commands/script.ts";
import { IncompleteRevisionError, MigrationFailedError } from "../../src/errors.ts";
import { openSession, type Session } from "../../src/runtime/session.ts";
import { connectionTarget } from "../../src/runtime/target.ts";
import type { TableModel } from "../../src/schema/model.ts";
import { chain, removeDir, tempDir, testConfig, writeProject } from "../project.ts";
import { DATABASES, type TestDatabase } from "./databases.ts";
import { raceUpgrade } from "./race.ts";
import { ODD, REVISIONS } from "./revisions.ts";
import { upgradeThrough } from "../run_through.ts";


for (const [name, create] of Object.entries(DATABASES)) {
  describe(`backend: ${name}`, () => {
    let db: TestDatabase;
    let dir: string;
    let session: Session;
    const config = () => testConfig(dir, db.url);

    beforeAll(async () => {
      db = await create();
      dir = tempDir(`migrator-backend-${name}-`);
      writeProject(dir, REVISIONS);
      session = await openSession(config());
    }, 60_000);
    afterAll(async () => {
      await session?.conn.close();
      await db?.drop();
      removeDir(dir);
    }, 60_000);

    const table = (t: string) => session.dialect.reflectTable(session.conn, { name: t });
    const columns = (m: TableModel | undefined) => (m?.columns ?? []).map((c) => c.name).sort();
    const indexes = (m: TableModel | undefined) => (m?.indexes ?? []).map((i) => i.name).sort();
    const typeOf = (m: TableModel | undefined, column: string) => {
      const t = m?.columns.find((c) => c.name === column)?.type;
      return t === undefined ? "" : typeof t === "string" ? t : t.raw;
    };
    const versions = async () => (await session.conn.query<{ version_num: string }>(session.versionTable.select())).map((r) => r.version_num);

    test("upgrade head runs every operation, and the catalog shows each one", async () => {
      const result = await upgrade({ config: config(), revision: "head" });
      expect(result.steps.map((s) => s.revision)).toEqual(REVISIONS.map((r) => r.id));
      expect(await versions()).toEqual(["b09"]);

      const can = session.dialect.capabilities;
      const users = await table("users");
      expect(columns(users)).toEqual(["created_at", "email", "handle", "id", "name", ...(can.enumTypes ? ["mood"] : []), "score"].sort());
      expect(typeOf(users, "name")).toMatch(/200/);
      expect(indexes(users)).toContain("ix_users_name");
      if (can.partialIndexes) expect(indexes(users)).toContain("ix_users_high");
      if (can.comments) expect(users?.comment).toBe("People who sign in");

      const odd = await table(ODD);
      expect(columns(odd)).toEqual(["Mixed Case", "id", "order", "user id"].sort());
      expect(odd?.foreignKeys.map((fk) => [fk.columns, fk.refTable, fk.refColumns])).toEqual([[["user id"], "users", ["id"]]]);
      expect(indexes(odd)).toContain("ix odd order");

      expect(await table("accounts")).toBeUndefined();
      const ledger = await table("ledger");
      expect(columns(ledger)).toEqual(["balance", "code", "id", "note", "owner_id"]);
      expect(typeOf(ledger, "code")).toMatch(/40/);
      expect(ledger?.foreignKeys.map((fk) => fk.refTable)).toEqual(["users"]);
      expect(indexes(ledger)).toContain("ix_ledger_balance");
      const pk = ledger?.primaryKey?.columns ?? ledger?.columns.filter((c) => c.primaryKey).map((c) => c.name);
      expect(pk).toEqual(["id"]);
      expect(ledger?.uniques.some((u) => u.columns.join() === "code")).toBe(false);

      const rows = await session.conn.query<{ email: string; name: string; score: unknown }>("SELECT email, name, score FROM users ORDER BY email");
      expect(rows.map((r) => [r.email, r.name, Number(r.score)])).toEqual([["a@x", "Anne", 5], ["o'b@x", "O'Brien \\ ?", 5]]);
      // Dates and JSON values bind on every dialect (and are inlined the same way offline).
      const events = await session.conn.query<{ n: unknown }>("SELECT count(*) AS n FROM events");
      expect(Number(events[0]?.n)).toBe(2);
      // The check constraint holds after the batch.
      await expect(session.conn.execute("INSERT INTO ledger (id, balance) VALUES (2, -1)")).rejects.toThrow();
    });

    test("downgrade base undoes every revision", async () => {
      const result = await downgrade({ config: config(), revision: "base" });
      expect(result.steps.map((s) => s.revision)).toEqual(REVISIONS.map((r) => r.id).reverse());
      expect(await versions()).toEqual([]);
      for (const t of ["users", ODD, "accounts", "ledger", "events"]) expect(await table(t)).toBeUndefined();
    });

    test("the offline script is exactly what the online run executes", async () => {
      const offline = (await upgrade({ config: config(), revision: "head", sql: true })).script!;
      // The script's lock wait deadline (table_lock_timeout) is, online, a setting of the session made at connect.
      const deadline = session.dialect.scriptLockTimeout?.(config().tableLockTimeoutMs);
      const scripted = offline
        .split(";\n")
        .map((s) => s.split("\n").filter((l) => !l.startsWith("-- ")).join("\n").trim())
        .filter((s) => s !== "" && s !== deadline?.session && s !== deadline?.transaction);
      expect(offline).toContain(deadline?.session ?? deadline?.transaction ?? "BEGIN");

      // Online, on the now empty database, recording every statement as the offline script renders it.
      // The rule: online runs the script's statements in the same order, plus its writes to the history
      // table (rows and, the first time, its CREATE), which offline scripts leave out.
      await session.conn.execute(`DROP TABLE ${session.dialect.quoteIdentifier("migrator_version")}`);
      const graph = await loadGraph(config());
      const executed: string[] = [];
      const live = connectionTarget(session.conn);
      await upgradeThrough(session, graph, {
          ...live,
          statement: (s) => (executed.push(session.dialect.inline(s)), live.statement(s)),
          // Bookkeeping sent around a statement in the same round trip (MySQL): in the order they run.
          ...(live.statementAround
            ? {
                statementAround: (before: readonly Statement[], s: Statement, after: readonly Statement[]) => (
                  executed.push(...[...before, s, ...after].map((p) => session.dialect.inline(p))), live.statementAround!(before, s, after)
                ),
              }
            : {}),
          ...(live.transaction
            ? { transaction: (stmts: readonly Statement[]) => (executed.push(session.dialect.begin, ...stmts.map((p) => session.dialect.inline(p)), session.dialect.commit), live.transaction!(stmts)) }
            : {}),
          begin: () => (executed.push(session.dialect.begin), live.begin()),
          commit: () => (executed.push(session.dialect.commit), live.commit()),
        });
      const history = session.bookkeeping.history.name;
      expect(executed.filter((s) => s.includes(history)).length).toBeGreaterThanOrEqual(REVISIONS.length);
      // Where no transaction is open (MySQL after DDL), the script's lone version-table update runs alone,
      // and online its history row lands with it in a transaction of their own: compare with those collapsed.
      const version = session.bookkeeping.version.name;
      const { begin, commit } = session.dialect;
      const collapse = (list: string[]) =>
        list.filter((s, i) => !(s === begin && list[i + 1]?.includes(version) && list[i + 2] === commit) && !(s === commit && list[i - 1]?.includes(version) && list[i - 2] === begin));
      const online = executed.filter((s) => !s.includes(history));
      expect(collapse(online)).toEqual(collapse(scripted));
      await downgrade({ config: config(), revision: "base" });
    });

    test("a failing revision leaves the version table at a consistent state, and says what failed", async () => {
      const failDir = tempDir(`migrator-backend-fail-${name}-`);
      try {
        writeProject(failDir, [
          ...chain(2, "f"),
          { id: "f3", down: "f2", up: `await op.createTable("t_f3", [{ name: "id", type: "integer" }]);\n  await op.execute("INSERT INTO no_such_table VALUES (1)");` },
        ]);
        const error = await upgrade({ config: testConfig(failDir, db.url), revision: "head" }).catch((e) => e);
        expect(error).toBeInstanceOf(MigrationFailedError);
        expect(error.message).toContain('Upgrade of revision "f3" failed in execute()');
        expect(error.message).toContain("no_such_table");
        const rows = (await session.conn.query<{ version_num: string }>(session.versionTable.select())).map((r) => r.version_num);
        if (session.dialect.capabilities.transactionalDdl) {
          expect(rows).toEqual([]);
          expect(await table("t_f1")).toBeUndefined();
        } else {
          // DDL commits as it goes: the version table names the last revision that completed, and the
          // error says that part of f3 (its CREATE TABLE) stays applied.
          expect(rows).toEqual(["f2"]);
          expect(error.message).toContain("1 statement(s) of this revision had already been committed and stay applied");
          expect(await table("t_f2")).toBeDefined();
          // The next run refuses to trip over t_f3: it names the revision left partly applied and the ways out.
          const next = await upgrade({ config: testConfig(failDir, db.url), revision: "head" }).catch((e) => e);
          expect(next).toBeInstanceOf(IncompleteRevisionError);
          expect(next.message).toContain('The upgrade of revision "f3" failed');
          expect(next.message).toContain("1 of its statements had completed and stay applied");
          expect(next.message).toContain('"migrator repair"');
        }
      } finally {
        for (const t of ["t_f3", "t_f2", "t_f1"]) await session.conn.execute(`DROP TABLE IF EXISTS ${session.dialect.quoteIdentifier(t)}`);
        await session.conn.execute(`DELETE FROM ${session.dialect.quoteIdentifier("migrator_version")}`);
        await session.conn.execute(`DELETE FROM ${session.dialect.quoteIdentifier("migrator_history")}`);
        removeDir(failDir);
      }
    });

    // PostgreSQL statements that cannot run in a transaction: CREATE INDEX CONCURRENTLY (run outside it
    // automatically) and VACUUM in a revision marked transactional = false.
    if (name === "postgres") test("statements that cannot run in a transaction run outside it", async () => {
      const ccDir = tempDir(`migrator-backend-cc-${name}-`);
      try {
        writeProject(ccDir, [
          { id: "k1", down: null, up: `await op.createTable("k_t", [{ name: "id", type: "integer" }]);\n  await op.createIndex("ix_k_t", "k_t", ["id"], { concurrently: true });`, down_: `await op.dropTable("k_t");` },
          { id: "k2", down: "k1", extra: "export const transactional = false;", up: `await op.execute("VACUUM k_t");`, down_: "" },
        ]);
        const result = await upgrade({ config: testConfig(ccDir, db.url), revision: "head" });
        expect(result.steps.map((s) => s.revision)).toEqual(["k1", "k2"]);
        expect(await versions()).toEqual(["k2"]);
        expect(indexes(await table("k_t"))).toEqual(["ix_k_t"]);
        const script = (await upgrade({ config: testConfig(ccDir, db.url), revision: "head", sql: true })).script!;
        expect(script).toContain('COMMIT;\n\nCREATE INDEX CONCURRENTLY "ix_k_t" ON "k_t" ("id");\n\nBEGIN;');
        expect(script).toContain("COMMIT;\n\n-- Running upgrade k1 -> k2, rev k2\n\nVACUUM k_t;");
      } finally {
        await session.conn.execute("DROP TABLE IF EXISTS k_t");
        await session.conn.execute(`DELETE FROM ${session.dialect.quoteIdentifier("migrator_version")}`);
        await session.conn.execute(`DELETE FROM ${session.dialect.quoteIdentifier("migrator_history")}`);
        removeDir(ccDir);
      }
    });

    // Only PostgreSQL refuses this change with a hint; the other servers convert the values.
    if (name === "postgres") test("the server's hint reaches the error (a type change that needs USING)", async () => {
      const hintDir = tempDir(`migrator-backend-hint-${name}-`);
      try {
        writeProject(hintDir, [
          { id: "h1", down: null, up: `await op.createTable("h_t", [{ name: "v", type: "text" }]);\n  await op.alterColumn("h_t", "v", { type: "integer", existingType: "text" });`, down_: "" },
        ]);
        const error = await upgrade({ config: testConfig(hintDir, db.url), revision: "head" }).catch((e) => e);
        expect(error.message).toContain("hint: You might need to specify");
      } finally {
        removeDir(hintDir);
      }
    });

    test("a revision that only changes data is atomic on every dialect, with its version-table update", async () => {
      const dataDir = tempDir(`migrator-backend-data-${name}-`);
      try {
        writeProject(dataDir, [
          { id: "d1", down: null, up: `await op.createTable("d_rows", [{ name: "id", type: "integer", primaryKey: true }]);`, down_: `await op.dropTable("d_rows");` },
          { id: "d2", down: "d1", up: `await op.bulkInsert("d_rows", [{ id: 1 }, { id: 2 }]);\n  await op.execute("INSERT INTO d_rows (id) VALUES (1)");`, down_: "" },
        ]);
        const error = await upgrade({ config: testConfig(dataDir, db.url), revision: "head" }).catch((e) => e);
        expect(error).toBeInstanceOf(MigrationFailedError);
        expect(error.message).not.toContain("stay applied");
        const rows = (await session.conn.query<{ version_num: string }>(session.versionTable.select())).map((r) => r.version_num);
        if (session.dialect.capabilities.transactionalDdl) {
          expect(rows).toEqual([]);
        } else {
          expect(rows).toEqual(["d1"]);
          expect(await session.conn.query("SELECT id FROM d_rows")).toEqual([]);
          // DDL then data then a failure: the DDL stays (and is counted), the data after it rolls back.
          rmSync(join(dataDir, "migrations", "versions", "d2_rev.ts"));
          writeProject(dataDir, [
            { id: "d3", down: "d1", up: `await op.addColumn("d_rows", { name: "note", type: "text" });\n  await op.bulkInsert("d_rows", [{ id: 5 }]);\n  await op.execute("INSERT INTO d_rows (id) VALUES (5)");`, down_: "" },
          ]);
          const again = await upgrade({ config: testConfig(dataDir, db.url), revision: "head" }).catch((e) => e);
          expect(again.message).toContain("1 statement(s) of this revision had already been committed and stay applied");
          expect(await session.conn.query("SELECT id FROM d_rows")).toEqual([]);
          expect((await table("d_rows"))?.columns.map((c) => c.name)).toContain("note");
        }
      } finally {
        await session.conn.execute(`DROP TABLE IF EXISTS ${session.dialect.quoteIdentifier("d_rows")}`);
        await session.conn.execute(`DELETE FROM ${session.dialect.quoteIdentifier("migrator_version")}`);
        await session.conn.execute(`DELETE FROM ${session.dialect.quoteIdentifier("migrator_history")}`);
        removeDir(dataDir);
      }
    });

    // PostgreSQL also has a transaction-level lock for transaction-pooling proxies (?migrator_lock=xact).
    const lockModes = name === "postgres" ? ["", "?migrator_lock=xact"] : [""];
    for (const mode of lockModes) test(`eight binaries running upgrade head at once apply each revision once and all exit 0${mode ? ` (${mode})` : ""}`, async () => {
      const race = await raceUpgrade(session, db.url, { racers: 8, revisions: 4, urlSuffix: mode });
      expect({ codes: race.codes, errors: race.errors, hangs: race.hangs }).toEqual({ codes: [0, 0, 0, 0, 0, 0, 0, 0], errors: [], hangs: 0 });
      expect(race.log).toEqual(["c1", "c2", "c3", "c4"]);
    }, 60_000);
  });
}
