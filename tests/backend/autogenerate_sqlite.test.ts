/**
 * Autogenerate on SQLite as an application uses it: a schema edit, autogenerate, upgrade, and `check`
 * clean online and offline, with rows in the tables. SQLite only: what these cases exercise (RENAME COLUMN
 * rewriting the texts that name the column, table rebuilds) is SQLite's own.
 */
import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { rmSync } from "node:fs";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

const id = { name: "id", type: "integer", primaryKey: true, autoincrement: true };

describe("autogenerate on SQLite", () => {
  let dir: string;
  let config: Config;
  const writeSchema = schemaWriter(() => dir);
  freshProject("migrator-autogen-sqlite-", DATABASES["sqlite"]!, (p) => ({ dir, config } = p));

  /**
   * Autogenerate, upgrade, and both checks clean (online only for tables raw SQL made, which the history
   * replayed does not have); returns the ops the revision had.
   */
  async function step(def: unknown, label: string, checkOffline = true, cfg: Config = config): Promise<unknown[]> {
    const config = cfg;
    const schema = writeSchema(def);
    const result = await autogenerate({ config, schema, message: label });
    await upgrade({ config, revision: "head" });
    const online = await diffSchema({ config, schema });
    const offline = checkOffline ? await diffSchema({ config, schema, offline: true }) : { changes: [] };
    expect({ label, online: online.changes.map((c) => c.op), offline: offline.changes.map((c) => c.op) }).toEqual({ label, online: [], offline: [] });
    return result.diff.changes.map((c) => c.op);
  }

  test("a renamed column named by a CHECK, an expression index and a partial index: check is clean after the rename", async () => {
    const items = (qty: string, renamedFrom?: string) => ({
      tables: [
        table("items", [id, { name: "email", type: "text" }, { name: qty, type: "integer", ...(renamedFrom ? { renamedFrom } : {}) }], {
          checks: [{ name: "ck_items_qty", condition: `${qty} >= 0` }],
          indexes: [
            { name: "ix_items_lower", columns: [{ expression: `lower(email) || ${qty}` }] },
            { name: "ix_items_partial", columns: ["email"], where: `${qty} > 0` },
          ],
        }),
      ],
    });
    await step(items("qty"), "items");
    const db = new Database(url(config));
    db.run("INSERT INTO items (email, qty) VALUES ('a@x', 1), ('b@x', 2)");
    db.close();
    const ops = await step(items("quantity", "qty"), "rename qty");
    expect(ops).toHaveLength(1);
    const after = new Database(url(config));
    expect(after.query("SELECT email, quantity FROM items ORDER BY id").all()).toEqual([{ email: "a@x", quantity: 1 }, { email: "b@x", quantity: 2 }]);
    after.close();
  }, 60_000);

  test("a renamed column a generated column computes from: renamed in its expression too, not dropped and added, in a rebuild", async () => {
    const lines = (qty: string, stored: boolean, note: { nullable?: boolean }, renamedFrom?: string) => ({
      tables: [
        table("lines", [
          id,
          { name: qty, type: "integer", ...(renamedFrom ? { renamedFrom } : {}) },
          { name: "twice", type: "integer", generated: { sql: `${qty} * 2`, stored } },
          { name: "total", type: "integer", generated: { sql: `${qty} + 1`, stored: !stored } },
          { name: "note", type: "text", ...note },
        ]),
      ],
    });
    const only = { ...config, options: { ...config.options, include_tables: "lines" } };
    await step(lines("qty", true, {}), "lines", true, only);
    const db = new Database(url(config));
    db.run("INSERT INTO lines (qty, note) VALUES (3, 'n')");
    db.close();
    // The rename alone is done in place; with NOT NULL on another column, the table is rebuilt.
    const ops = await step(lines("quantity", true, { nullable: false }, "qty"), "rename qty", true, only);
    expect(ops).toEqual([
      expect.objectContaining({
        kind: "batchAlterTable",
        ops: [expect.objectContaining({ kind: "alterColumn", column: "qty", newName: "quantity" }), expect.objectContaining({ kind: "alterColumn", column: "note", nullable: false })],
      }),
    ]);
    const after = new Database(url(config));
    expect(after.query("SELECT quantity, twice, total FROM lines").all()).toEqual([{ quantity: 3, twice: 6, total: 4 }]);
    after.close();
  }, 60_000);

  test("types that SQLite writes alike (timestamp and datetime, jsonb and json) are no change offline either", async () => {
    const events = (at: string, data: string, amount: string) => ({
      tables: [table("events", [id, { name: "at", type: at }, { name: "data", type: data }, { name: "amount", type: amount }])],
    });
    await step(events("timestamp", "jsonb", "decimal(10,2)"), "events");
    // Online the database has DATETIME, JSON and NUMERIC(10, 2) either way: nothing to write, and the
    // history replayed must say the same.
    expect(await step(events("datetime", "json", "numeric(10,2)"), "same types")).toEqual([]);
    // A real change is still one.
    expect(await step(events("datetime", "json", "real"), "real")).toHaveLength(1);
  }, 60_000);

  test("an autoincrementing key declared bigint is the INTEGER SQLite must have: no change online or offline", async () => {
    const counters = (type: string) => ({ tables: [table("counters", [{ name: "id", type, primaryKey: true, autoincrement: true }, { name: "n", type: "integer" }])] });
    const only = { ...config, options: { ...config.options, include_tables: "counters" } };
    await step(counters("integer"), "counters", true, only);
    expect(await step(counters("bigint"), "bigint key", true, only)).toEqual([]);
  }, 60_000);

  test("tables left out of the scratch keep the types SQLite writes (timestamp is DATETIME) when another one goes there", async () => {
    const only = { ...config, options: { ...config.options, include_tables: "serials,stamps" } };
    // A bigint counting key seems to differ from its INTEGER until made in the scratch; stamps, left out, must
    // then still be compared as DATETIME.
    const serials = table("serials", [{ name: "id", type: "bigint", primaryKey: true, autoincrement: true }]);
    expect(await step({ tables: [serials, table("stamps", [id, { name: "at", type: "timestamp" }])] }, "serials and stamps", true, only)).toHaveLength(2);
  }, 60_000);

  test("autoincrement on a key added after the table (createPrimaryKey names it): upgrade, downgrade and upgrade again", async () => {
    const only = { ...config, options: { ...config.options, include_tables: "tallies" } };
    const tallies = (key: boolean, counts: boolean) =>
      table("tallies", [{ name: "k", type: "bigint", nullable: !key, ...(counts ? { autoincrement: true } : {}) }, { name: "n", type: "integer" }], key ? { primaryKey: { columns: ["k"] } } : {});
    await step({ tables: [tallies(false, false)] }, "tallies", true, only);
    await step({ tables: [tallies(true, false)] }, "key", true, only);
    await step({ tables: [tallies(true, true)] }, "counts", true, only);
    await downgrade({ config: only, revision: "-1" });
    await upgrade({ config: only, revision: "head" });
  }, 60_000);

  test("a key declared bigint that stops counting keeps the INTEGER SQLite gave it: no change offline, and the offline script writes it", async () => {
    const only = { ...config, options: { ...config.options, include_tables: "tickets" } };
    const tickets = (type: string, counts: boolean) => ({
      tables: [table("tickets", [{ name: "id", type, primaryKey: true, ...(counts ? { autoincrement: true } : {}) }, { name: "n", type: "integer" }])],
    });
    const first = (await autogenerate({ config: only, schema: writeSchema(tickets("bigint", true)), message: "tickets" })).revision!.revision;
    await upgrade({ config: only, revision: "head" });
    // INTEGER in the database already: no change; then the key stops counting and stays INTEGER.
    expect(await step(tickets("integer", true), "integer", true, only)).toEqual([]);
    await step(tickets("integer", false), "no longer counting", true, only);
    const script = (await upgrade({ config: only, revision: `${first}:head`, sql: true })).script!;
    expect(script).toContain(`"id" INTEGER NOT NULL`);
  }, 60_000);

  test("a table rebuild keeps the table's triggers; one naming a dropped column is refused before any SQL", async () => {
    const accounts = (email: { nullable?: boolean }) => ({
      tables: [
        table("accounts", [id, { name: "email", type: "text", ...email }, { name: "note", type: "text" }]),
        table("audit", [id, { name: "account_id", type: "integer" }]),
      ],
    });
    await step(accounts({}), "accounts");
    const db = new Database(url(config));
    db.run("INSERT INTO accounts (email, note) VALUES ('a@x', 'n')");
    db.run("CREATE TRIGGER accounts_audit AFTER UPDATE ON accounts BEGIN INSERT INTO audit (account_id) VALUES (NEW.id); END");
    db.close();
    const triggers = () => {
      const d = new Database(url(config));
      try {
        d.run("UPDATE accounts SET email = email");
        return { names: d.query("SELECT name FROM sqlite_master WHERE type = 'trigger'").all(), audited: d.query("SELECT count(*) AS n FROM audit").get() };
      } finally {
        d.close();
      }
    };
    // NOT NULL: a rebuild, and its downgrade another.
    expect((await step(accounts({ nullable: false }), "email not null"))[0]).toMatchObject({ kind: "batchAlterTable" });
    expect(triggers()).toEqual({ names: [{ name: "accounts_audit" }], audited: { n: 1 } });
    await downgrade({ config, revision: "-1" });
    expect(triggers()).toEqual({ names: [{ name: "accounts_audit" }], audited: { n: 2 } });
    await upgrade({ config, revision: "head" });

    // A trigger naming a column a rebuild drops would be created again broken: refused, nothing done.
    const d = new Database(url(config));
    d.run("CREATE TRIGGER accounts_note AFTER UPDATE OF note ON accounts BEGIN SELECT 1; END");
    d.close();
    const schema = writeSchema({ tables: [table("accounts", [id, { name: "email", type: "varchar(100)", nullable: false }]), table("audit", [id, { name: "account_id", type: "integer" }])] });
    const refused = await autogenerate({ config, schema, message: "drop note" });
    await expect(upgrade({ config, revision: "head" })).rejects.toThrow(/trigger "accounts_note" names column "note", which the batch drops or renames/);
    expect(triggers().names).toEqual([{ name: "accounts_audit" }, { name: "accounts_note" }]);
    rmSync(refused.revision!.path); // the next tests start at the heads
  }, 60_000);

  test("a table rebuild keeps WITHOUT ROWID and STRICT, which only raw SQL makes", async () => {
    const db = new Database(url(config));
    db.run("CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER) STRICT, WITHOUT ROWID");
    db.run("CREATE TABLE pairs (a INTEGER NOT NULL, b INTEGER NOT NULL, note TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID");
    db.run("INSERT INTO kv VALUES ('x', 1)");
    db.run("INSERT INTO pairs VALUES (1, 2, 'n')");
    db.close();
    const kv = (v: { nullable?: boolean }) =>
      table("kv", [{ name: "k", type: { raw: "TEXT" }, primaryKey: true }, { name: "v", type: { raw: "INTEGER" }, ...v }]);
    const pairs = (note: { nullable?: boolean }) =>
      table("pairs", [{ name: "a", type: "integer", nullable: false }, { name: "b", type: "integer", nullable: false }, { name: "note", type: "text", ...note }], { primaryKey: { columns: ["a", "b"] } });
    // Both rebuilt (NOT NULL); the tables of the other tests left out.
    const only = { ...config, options: { ...config.options, include_tables: "kv,pairs" } };
    expect(await step({ tables: [kv({ nullable: false }), pairs({ nullable: false })] }, "not null", false, only)).toHaveLength(2);
    const after = new Database(url(config));
    try {
      const sql = after.query("SELECT name, sql FROM sqlite_master WHERE name IN ('kv', 'pairs') ORDER BY name").all() as { name: string; sql: string }[];
      expect(sql.map((r) => [r.name, r.sql.slice(r.sql.lastIndexOf(")") + 1).trim()])).toEqual([["kv", "STRICT, WITHOUT ROWID"], ["pairs", "WITHOUT ROWID"]]);
      expect(() => after.run("INSERT INTO kv VALUES ('y', 'not a number')")).toThrow(/cannot store TEXT value in INTEGER column/);
      expect(after.query("SELECT * FROM kv").all()).toEqual([{ k: "x", v: 1 }]);
      expect(after.query("SELECT * FROM pairs").all()).toEqual([{ a: 1, b: 2, note: "n" }]);
    } finally {
      after.close();
    }
  }, 60_000);
});

function url(config: Config): string {
  return config.url!.replace(/^sqlite:\/\//, "");
}
