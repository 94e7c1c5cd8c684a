import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { current } from "../src/commands/current.ts";
import { downgrade, upgrade } from "../src/commands/migrate.ts";
import { stamp } from "../src/commands/stamp.ts";
import { MigrationFailedError, MultipleHeadsError } from "../src/errors.ts";
import { chain, removeDir, tempDir, testConfig, writeProject } from "./project.ts";

let dir: string;
let dbPath: string;
beforeEach(() => {
  dir = tempDir();
  dbPath = join(dir, "app.db");
});
afterEach(() => removeDir(dir));

function tables(): string[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

function versions(): string[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.query("SELECT version_num FROM migrator_version ORDER BY version_num").all() as { version_num: string }[]).map((r) => r.version_num);
  } finally {
    db.close();
  }
}

const cfg = (over = {}) => testConfig(dir, `sqlite:///${dbPath}`.replace("sqlite:////", "sqlite:////"), over);

describe("upgrade and downgrade on SQLite", () => {
  test("a linear chain upgrades to head and back to base", async () => {
    writeProject(dir, chain(3));
    const up = await upgrade({ config: cfg(), revision: "head" });
    expect(up.steps.map((s) => s.revision)).toEqual(["r1", "r2", "r3"]);
    expect(tables()).toEqual(["migrator_history", "migrator_version", "t_r1", "t_r2", "t_r3"]);
    expect(versions()).toEqual(["r3"]);
    expect((await current({ config: cfg() })).heads).toEqual(["r3"]);

    const again = await upgrade({ config: cfg(), revision: "head" });
    expect(again.steps).toEqual([]);

    const down = await downgrade({ config: cfg(), revision: "-1" });
    expect(down.steps.map((s) => `${s.direction} ${s.revision}`)).toEqual(["downgrade r3"]);
    expect(versions()).toEqual(["r2"]);

    await downgrade({ config: cfg(), revision: "base" });
    expect(tables()).toEqual(["migrator_history", "migrator_version"]);
    expect(versions()).toEqual([]);
  });

  test("a branch and a merge: heads, rows per head, merge deletes a row", async () => {
    writeProject(dir, [
      { id: "a", down: null },
      { id: "b1", down: "a", labels: ["left"] },
      { id: "c1", down: "a", labels: ["right"] },
      { id: "m", down: ["b1", "c1"] },
    ]);
    await upgrade({ config: cfg(), revision: "b1" });
    expect(versions()).toEqual(["b1"]);
    await upgrade({ config: cfg(), revision: "c1" });
    expect(versions()).toEqual(["b1", "c1"]);
    await upgrade({ config: cfg(), revision: "head" });
    expect(versions()).toEqual(["m"]);
    // Like Alembic, "-1" from a merge point is ambiguous; naming one parent unmerges.
    await expect(downgrade({ config: cfg(), revision: "-1" })).rejects.toThrow("several parents");
    const down = await downgrade({ config: cfg(), revision: "b1" });
    expect(down.steps.map((s) => s.revision)).toEqual(["m"]);
    expect(versions()).toEqual(["b1", "c1"]);
    expect(tables()).toContain("t_c1");
  });

  test('"head" with two heads is refused with MultipleHeadsError', async () => {
    writeProject(dir, [
      { id: "a", down: null },
      { id: "b", down: "a" },
      { id: "c", down: "a" },
    ]);
    await expect(upgrade({ config: cfg(), revision: "head" })).rejects.toBeInstanceOf(MultipleHeadsError);
    const up = await upgrade({ config: cfg(), revision: "heads" });
    expect(up.steps.map((s) => s.revision).sort()).toEqual(["a", "b", "c"]);
    expect(versions()).toEqual(["b", "c"]);
  });
});

describe("failures leave the database consistent", () => {
  const failing = [
    { id: "r1", down: null },
    { id: "r2", down: "r1" },
    { id: "r3", down: "r2", up: `await op.createTable("t_r3", [{ name: "id", type: "integer" }]);\n  await op.execute("INSERT INTO no_such_table VALUES (1)");` },
  ];

  test("one transaction: a failure rolls back the whole run", async () => {
    writeProject(dir, failing);
    const error = await upgrade({ config: cfg(), revision: "head" }).catch((e) => e);
    expect(error).toBeInstanceOf(MigrationFailedError);
    expect(error.message).toContain('revision "r3"');
    expect(error.message).toContain("no_such_table");
    expect(error.message).toContain("INSERT INTO no_such_table");
    // Rolled back, the version table's creation too: only the failure's history row is left.
    expect(tables()).toEqual(["migrator_history"]);
    expect((await current({ config: cfg() })).heads).toEqual([]);
  });

  test("transaction_per_migration: revisions before the failure stay applied", async () => {
    writeProject(dir, failing);
    await expect(upgrade({ config: cfg({ transactionPerMigration: true }), revision: "head" })).rejects.toBeInstanceOf(MigrationFailedError);
    expect(tables()).toEqual(["migrator_history", "migrator_version", "t_r1", "t_r2"]);
    expect(versions()).toEqual(["r2"]);
  });

  test("an un-awaited failing op still fails the revision", async () => {
    writeProject(dir, [{ id: "r1", down: null, up: `op.execute("SELECT * FROM nowhere"); op.createTable("after", [{ name: "id", type: "integer" }]);` }]);
    await expect(upgrade({ config: cfg(), revision: "head" })).rejects.toBeInstanceOf(MigrationFailedError);
    expect(tables()).toEqual(["migrator_history"]);
  });
});

describe("transactions", () => {
  test("transactional = false runs a revision outside the run's transaction", async () => {
    writeProject(dir, [
      { id: "r1", down: null },
      { id: "r2", down: "r1", extra: "export const transactional = false;", up: `await op.execute("VACUUM");` },
    ]);
    const up = await upgrade({ config: cfg(), revision: "head" });
    expect(up.steps.length).toBe(2);
    expect(versions()).toEqual(["r2"]);
  });

  test("op.autocommit runs statements outside the transaction", async () => {
    writeProject(dir, [{ id: "r1", down: null, up: `await op.createTable("x", [{ name: "id", type: "integer" }]);\n  await op.autocommit(async () => { await op.execute("VACUUM"); });` }]);
    await upgrade({ config: cfg(), revision: "head" });
    expect(tables()).toContain("x");
  });
});

describe("stamp", () => {
  test("stamp writes the version table without running migrations, --purge empties it first", async () => {
    writeProject(dir, chain(3));
    await stamp({ config: cfg(), revisions: ["r2"] });
    expect(versions()).toEqual(["r2"]);
    expect(tables()).toEqual(["migrator_history", "migrator_version"]);
    const up = await upgrade({ config: cfg(), revision: "head" });
    expect(up.steps.map((s) => s.revision)).toEqual(["r3"]);
    const db = new Database(dbPath);
    db.run("INSERT INTO migrator_version VALUES ('gone')");
    db.close();
    await stamp({ config: cfg(), revisions: ["r1"], purge: true });
    expect(versions()).toEqual(["r1"]);
  });
});

describe("data operations", () => {
  test("bulkInsert, execute with params and the sql tag, query", async () => {
    writeProject(dir, [
      {
        id: "r1",
        down: null,
        up: `await op.createTable("users", [{ name: "id", type: "integer", primaryKey: true, autoincrement: true }, { name: "name", type: "varchar(50)", nullable: false }]);
  await op.bulkInsert("users", [{ name: "ann" }, { name: "o'brien" }]);
  await op.execute("UPDATE users SET name = ? WHERE name = ?", ["bob", "ann"]);
  const { sql } = await import("migrator");
  await op.execute(sql\`INSERT INTO users (name) VALUES (\${"carl"})\`);
  const rows = await op.query("SELECT count(*) AS n FROM users");
  await op.execute("CREATE TABLE counted (n INTEGER)");
  await op.execute("INSERT INTO counted VALUES (?)", [rows[0].n]);`,
        down_: `await op.dropTable("counted"); await op.dropTable("users");`,
      },
    ]);
    await upgrade({ config: cfg(), revision: "head" });
    const db = new Database(dbPath, { readonly: true });
    expect(db.query("SELECT name FROM users ORDER BY id").all()).toEqual([{ name: "bob" }, { name: "o'brien" }, { name: "carl" }]);
    expect(db.query("SELECT n FROM counted").all()).toEqual([{ n: 3 }]);
    db.close();
  });
});

describe("an op is what its arguments were when it was issued", () => {
  test("a columns array reused after createTable changes neither the table online nor the offline script's rebuild of it", async () => {
    writeProject(dir, [
      {
        id: "r1",
        down: null,
        up: `const columns = [{ name: "id", type: "integer", primaryKey: true }];
  void op.createTable("first", columns);
  columns.push({ name: "extra", type: "text" });
  columns[0].name = "key";
  await op.createTable("second", columns);
  await op.batchAlterTable("first", (b) => b.alterColumn("id", { nullable: false, type: "bigint" }));`,
        down_: `await op.dropTable("second"); await op.dropTable("first");`,
      },
    ]);
    const script = (await upgrade({ config: cfg(), revision: "head", sql: true })).script!;
    await upgrade({ config: cfg(), revision: "head" });
    const db = new Database(dbPath, { readonly: true });
    const columnsOf = (table: string) => (db.query(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`).all() as { name: string }[]).map((r) => r.name);
    expect(columnsOf("first")).toEqual(["id"]);
    expect(columnsOf("second")).toEqual(["key", "extra"]);
    db.close();
    const offline = new Database(":memory:");
    offline.exec(script);
    expect((offline.query("SELECT name FROM pragma_table_info('first') ORDER BY cid").all() as { name: string }[]).map((r) => r.name)).toEqual(["id"]);
    offline.close();
  });
});

describe("an offline range starts from the schema the revisions before it built (replayed)", () => {
  const project = (r2: string) =>
    writeProject(dir, [
      { id: "r1", down: null, up: `await op.createTable("t", [{ name: "id", type: "integer", primaryKey: true }, { name: "a", type: "text" }]);` },
      { id: "r2", down: "r1", up: r2 },
      { id: "r3", down: "r2", up: `await op.alterColumn("t", "a", { nullable: false });` },
    ]);

  test("a replayed revision that stops (op.query offline) fails the script where it needs a table, naming it, instead of a rebuild that drops what it added", async () => {
    project(`await op.query("SELECT 1");\n  await op.addColumn("t", { name: "c", type: "integer" });`);
    const failed = await upgrade({ config: cfg(), revision: "r2:r3", sql: true }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(MigrationFailedError);
    expect((failed as Error).message).toContain(`Cannot rebuild table "t" on SQLite for alterColumn("a"): the table is not known offline: revision "r2" before the script's range could not be replayed offline (op.query() needs a live database`);
  });

  test("one that skips its query offline is replayed whole: the rebuild keeps the column it added", async () => {
    project(`if (!op.context.offline) await op.query("SELECT 1");\n  await op.addColumn("t", { name: "c", type: "integer" });`);
    const script = (await upgrade({ config: cfg(), revision: "r2:r3", sql: true })).script!;
    expect(script).toContain(`INSERT INTO "_migrator_tmp_t" ("id", "a", "c") SELECT "id", "a", "c" FROM "t"`);
  });

  test("after such a revision, a table a later one makes anew is known again", async () => {
    writeProject(dir, [
      { id: "r1", down: null, up: `await op.createTable("t", [{ name: "id", type: "integer", primaryKey: true }, { name: "a", type: "text" }]);` },
      { id: "r2", down: "r1", up: `await op.query("SELECT 1");\n  await op.addColumn("t", { name: "c", type: "integer" });` },
      { id: "r3", down: "r2", up: `await op.dropTable("t");\n  await op.createTable("t", [{ name: "id", type: "integer", primaryKey: true }, { name: "a", type: "text" }, { name: "b", type: "text" }]);` },
      { id: "r4", down: "r3", up: `await op.alterColumn("t", "a", { nullable: false });` },
    ]);
    const script = (await upgrade({ config: cfg(), revision: "r3:r4", sql: true })).script!;
    expect(script).toContain(`INSERT INTO "_migrator_tmp_t" ("id", "a", "b") SELECT "id", "a", "b" FROM "t"`);
  });
});
