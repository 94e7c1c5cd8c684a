/**
 * Autogenerate on SQLite as an application uses it: a schema edit, autogenerate, upgrade, and `check`
 * clean online and offline, with rows in the tables. SQLite only: what these cases exercise (RENAME COLUMN
 * rewriting the texts that name the column, table rebuilds) is SQLite's own.
 */
import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
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

  /** Autogenerate, upgrade, and both checks clean; returns the ops the revision had. */
  async function step(def: unknown, label: string): Promise<unknown[]> {
    const schema = writeSchema(def);
    const result = await autogenerate({ config, schema, message: label });
    await upgrade({ config, revision: "head" });
    const online = await diffSchema({ config, schema });
    const offline = await diffSchema({ config, schema, offline: true });
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
    await autogenerate({ config, schema, message: "drop note" });
    await expect(upgrade({ config, revision: "head" })).rejects.toThrow(/trigger "accounts_note" names column "note", which the batch drops or renames/);
    expect(triggers().names).toEqual([{ name: "accounts_audit" }, { name: "accounts_note" }]);
  }, 60_000);
});

function url(config: Config): string {
  return config.url!.replace(/^sqlite:\/\//, "");
}
