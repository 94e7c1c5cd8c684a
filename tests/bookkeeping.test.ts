/**
 * The bookkeeping tables on every dialect, in process: created only when something is recorded, kept
 * by downgrade base, a
 * database of an earlier migrator (version table only) upgraded in place, checksums refusing changed
 * files (--allow-changed, repair), a partly applied `transactional = false` revision reported.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { checkHistoryCommand } from "../src/commands/check_history.ts";
import { appliedHistory } from "../src/commands/applied_history.ts";
import { downgrade, upgrade } from "../src/commands/migrate.ts";
import { repair } from "../src/commands/repair.ts";
import { ChangedHistoryError, IncompleteRevisionError, MigrationFailedError } from "../src/errors.ts";
import { openSession, type Session } from "../src/runtime/session.ts";
import { chain, removeDir, tempDir, testConfig, writeProject } from "./project.ts";
import { DATABASES, type TestDatabase } from "./backend/databases.ts";

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`bookkeeping: ${name}`, () => {
    let db: TestDatabase;
    let session: Session;
    const dirs: string[] = [];
    const project = (revs: Parameters<typeof writeProject>[1]) => {
      const dir = tempDir(`migrator-book-${name}-`);
      dirs.push(dir);
      writeProject(dir, revs);
      return { dir, config: testConfig(dir, db.url) };
    };
    const q = (id: string) => session.dialect.quoteIdentifier(id);
    const exists = async (table: string) => (await session.dialect.reflectTable(session.conn, { name: table })) !== undefined;
    const reset = async () => {
      for (const t of ["t_r1", "t_r2", "t_r3", "t_n1", "migrator_version", "migrator_history"]) await session.conn.execute(`DROP TABLE IF EXISTS ${q(t)}`);
    };

    beforeAll(async () => {
      db = await create();
      session = await openSession(testConfig(tempDir(), db.url));
    }, 60_000);
    afterAll(async () => {
      await session?.conn.close();
      await db?.drop();
      dirs.forEach(removeDir);
    }, 60_000);

    test("nothing to record creates nothing; a run records each revision with its checksum", async () => {
      await reset();
      // No revisions at all: refused (an empty versions folder is a mistake), and nothing is created.
      const { config } = project([]);
      await expect(upgrade({ config, revision: "heads" })).rejects.toThrow("No revisions in");
      expect(await exists("migrator_version")).toBe(false);
      expect(await exists("migrator_history")).toBe(false);

      const two = project(chain(2));
      await upgrade({ config: two.config, revision: "head" });
      const rows = await appliedHistory({ config: two.config });
      expect(rows.map((r) => [r.revision, r.direction, r.state, r.statements])).toEqual([
        ["r2", "upgrade", "completed", 1],
        ["r1", "upgrade", "completed", 1],
      ]);
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum ?? "") && r.toolVersion !== null && r.durationMs !== null)).toBe(true);
    });

    test("downgrade base keeps both tables: the version table empty (as Alembic keeps alembic_version), the history with the downgrades", async () => {
      await reset();
      const two = project(chain(2));
      await upgrade({ config: two.config, revision: "head" });
      await downgrade({ config: two.config, revision: "base" });
      expect(await exists("migrator_version")).toBe(true);
      expect(await session.conn.query(`SELECT * FROM ${q("migrator_version")}`)).toEqual([]);
      const rows = await appliedHistory({ config: two.config });
      expect(rows.map((r) => [r.revision, r.direction, r.state])).toEqual([
        ["r1", "downgrade", "completed"],
        ["r2", "downgrade", "completed"],
        ["r2", "upgrade", "completed"],
        ["r1", "upgrade", "completed"],
      ]);
      // A later upgrade starts from base in the same tables, the audit trail kept.
      await upgrade({ config: two.config, revision: "head" });
      expect((await appliedHistory({ config: two.config })).length).toBe(6);
    });

    test("a database of an earlier migrator (version table only) just works, and the history starts then", async () => {
      await reset();
      const { dir, config } = project(chain(3));
      // What migrator 0.1 left: the version table and r1's table.
      await session.conn.execute(session.versionTable.create(false));
      await session.conn.execute(session.versionTable.insert("r1").sql);
      await session.conn.execute(`CREATE TABLE ${q("t_r1")} (id INTEGER)`);
      const result = await upgrade({ config, revision: "head" });
      expect(result.steps.map((s) => s.revision)).toEqual(["r2", "r3"]);
      expect((await appliedHistory({ config })).map((r) => r.revision)).toEqual(["r3", "r2"]);
      const check = await checkHistoryCommand({ config });
      expect(check).toMatchObject({ ok: true, changed: [], unrecorded: ["r1"] });
      expect(await repair({ config })).toEqual({ cleared: [], recorded: ["r1"] });
      expect((await checkHistoryCommand({ config })).unrecorded).toEqual([]);

      // A changed file: upgrade refuses (exit code 4) until --allow-changed or repair.
      appendFileSync(join(dir, "migrations", "versions", "r2_rev.ts"), "// edited after it was applied\n");
      const refused = await upgrade({ config, revision: "head" }).catch((e) => e);
      expect(refused).toBeInstanceOf(ChangedHistoryError);
      expect(refused.exitCode).toBe(4);
      expect(refused.message).toContain('"r2"');
      expect((await checkHistoryCommand({ config })).changed.map((c) => c.revision)).toEqual(["r2"]);
      expect((await upgrade({ config, revision: "head", allowChanged: true })).steps).toEqual([]);
      expect((await repair({ config })).recorded).toEqual(["r2"]);
      expect((await checkHistoryCommand({ config })).ok).toBe(true);
    });

    test("a history table of an earlier shape is upgraded in place, its rows kept", async () => {
      await reset();
      const { config } = project(chain(2));
      await upgrade({ config, revision: "r1" });
      // As if an earlier migrator had made the table without the error column.
      await session.conn.execute(`ALTER TABLE ${q("migrator_history")} DROP COLUMN ${q("error")}`);
      expect((await appliedHistory({ config })).map((r) => [r.revision, r.error])).toEqual([["r1", null]]);
      await upgrade({ config, revision: "head" });
      const columns = (await session.dialect.reflectTable(session.conn, { name: "migrator_history" }))!.columns.map((c) => c.name);
      expect(columns).toContain("error");
      expect((await appliedHistory({ config })).map((r) => r.revision)).toEqual(["r2", "r1"]);
    });

    test("a transactional = false revision that fails after a statement is reported by the next run", async () => {
      await reset();
      const { config } = project([
        { id: "n1", down: null, extra: "export const transactional = false;", up: `await op.createTable("t_n1", [{ name: "id", type: "integer" }]);\n  await op.execute("INSERT INTO no_such_table VALUES (1)");` },
      ]);
      await expect(upgrade({ config, revision: "head" })).rejects.toBeInstanceOf(MigrationFailedError);
      const next = await upgrade({ config, revision: "head" }).catch((e) => e);
      expect(next).toBeInstanceOf(IncompleteRevisionError);
      expect(next.message).toContain('The upgrade of revision "n1" failed');
      expect(next.message).toContain("1 of its statements had completed");
      expect(next.message).toContain("the version table is still at base");
      expect((await checkHistoryCommand({ config })).incomplete).toEqual(["n1"]);
      await session.conn.execute(`DROP TABLE ${q("t_n1")}`);
      expect((await repair({ config })).cleared).toEqual(["n1"]);
      await expect(upgrade({ config, revision: "head" })).rejects.toBeInstanceOf(MigrationFailedError);
    });
  });
}
