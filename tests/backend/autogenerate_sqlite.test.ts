/**
 * Autogenerate on SQLite as an application uses it: a schema edit, autogenerate, upgrade, and `check`
 * clean online and offline, with rows in the tables. SQLite only: what these cases exercise (RENAME COLUMN
 * rewriting the texts that name the column, table rebuilds) is SQLite's own.
 */
import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { upgrade } from "../../src/commands/migrate.ts";
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
});

function url(config: Config): string {
  return config.url!.replace(/^sqlite:\/\//, "");
}
