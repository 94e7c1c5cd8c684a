/**
 * MySQL's ON UPDATE CURRENT_TIMESTAMP, declared as part of a default (`CURRENT_TIMESTAMP ON UPDATE
 * CURRENT_TIMESTAMP`, as the DDL writes it): created, added, removed and kept through another change of
 * the column (MODIFY restates it); each step leaves no difference online or offline, and downgrades.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { openSession } from "../../src/runtime/session.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

const NOW = { sql: "CURRENT_TIMESTAMP(3)" };
const NOW_ON_UPDATE = { sql: "CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)" };

function schema(step: 1 | 2) {
  return {
    tables: [
      table("events", [
        { name: "id", type: "integer", primaryKey: true, autoincrement: true },
        // Loses its ON UPDATE, one gains it, one keeps it through a comment change.
        { name: "updated_at", type: "datetime(3)", nullable: false, default: step === 1 ? NOW_ON_UPDATE : NOW },
        { name: "seen_at", type: "datetime(3)", nullable: false, default: step === 1 ? NOW : NOW_ON_UPDATE },
        { name: "touched_at", type: "datetime(3)", default: NOW_ON_UPDATE, ...(step === 2 ? { comment: "set by the server" } : {}) },
      ]),
    ],
  };
}

describe("MySQL: ON UPDATE CURRENT_TIMESTAMP", () => {
  let dir: string;
  let config: Config;
  const writeSchema = schemaWriter(() => dir);
  freshProject("migrator-on-update-mysql-", DATABASES["mysql"]!, (p) => ({ dir, config } = p));

  /** Each column's EXTRA ("on update current_timestamp(3)" or ""). */
  const extras = async (): Promise<Record<string, string>> => {
    const session = await openSession(config);
    try {
      const rows = await session.conn.query<{ name: string; extra: string }>(
        "SELECT COLUMN_NAME AS name, EXTRA AS extra FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'events' AND COLUMN_NAME LIKE '%_at'",
      );
      return Object.fromEntries(rows.map((r) => [r.name, r.extra.toLowerCase().replace("default_generated", "").trim()]));
    } finally {
      await session.conn.close();
    }
  };
  const onUpdate = "on update current_timestamp(3)";

  test("created, added, removed, kept, downgraded; clean online and offline after each step", async () => {
    const first = writeSchema(schema(1));
    await autogenerate({ config, schema: first, message: "events", revId: "u1" });
    await upgrade({ config, revision: "head" });
    expect(await extras()).toEqual({ updated_at: onUpdate, seen_at: "", touched_at: onUpdate });
    expect((await diffSchema({ config, schema: first })).changes).toEqual([]);
    expect((await diffSchema({ config, schema: first, offline: true })).changes).toEqual([]);

    const second = writeSchema(schema(2));
    const found = (await diffSchema({ config, schema: second })).changes.map((c) => c.op);
    expect(found.map((op) => ("column" in op && typeof op.column === "string" ? op.column : ""))).toEqual(["seen_at", "touched_at", "updated_at"]);
    await autogenerate({ config, schema: second, message: "on update", revId: "u2" });
    await upgrade({ config, revision: "head" });
    expect(await extras()).toEqual({ updated_at: "", seen_at: onUpdate, touched_at: onUpdate });
    expect((await diffSchema({ config, schema: second })).changes).toEqual([]);
    expect((await diffSchema({ config, schema: second, offline: true })).changes).toEqual([]);

    await downgrade({ config, revision: "-1" });
    expect(await extras()).toEqual({ updated_at: onUpdate, seen_at: "", touched_at: onUpdate });
    await upgrade({ config, revision: "head" });
    expect((await diffSchema({ config, schema: second })).changes).toEqual([]);
  }, 120_000);
});
