/**
 * MySQL's ON UPDATE CURRENT_TIMESTAMP, declared as part of a default (`CURRENT_TIMESTAMP ON UPDATE
 * CURRENT_TIMESTAMP`, as the DDL writes it): created, added, removed and kept through another change of
 * the column (MODIFY restates it); each step leaves no difference online or offline, and downgrades.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

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
  const p = autogenerateProject("migrator-on-update-mysql-", DATABASES["mysql"]!);

  /** Each column's EXTRA ("on update current_timestamp(3)" or ""). */
  const extras = async (): Promise<Record<string, string>> => {
    const rows = await p.query<{ name: string; extra: string }>(
      "SELECT COLUMN_NAME AS name, EXTRA AS extra FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'events' AND COLUMN_NAME LIKE '%_at'",
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.extra.toLowerCase().replace("default_generated", "").trim()]));
  };
  const onUpdate = "on update current_timestamp(3)";

  test("created, added, removed, kept, downgraded; clean online and offline after each step", async () => {
    const first = await p.revise(schema(1), "events", "u1");
    expect(await extras()).toEqual({ updated_at: onUpdate, seen_at: "", touched_at: onUpdate });
    await p.expectNoDifference(first);

    const second = p.writeSchema(schema(2));
    const found = await p.changes(second);
    expect(found.map((op) => ("column" in op && typeof op.column === "string" ? op.column : ""))).toEqual(["seen_at", "touched_at", "updated_at"]);
    await p.revise(second, "on update", "u2");
    expect(await extras()).toEqual({ updated_at: "", seen_at: onUpdate, touched_at: onUpdate });
    await p.expectNoDifference(second);

    await downgrade({ config: p.config, revision: "-1" });
    expect(await extras()).toEqual({ updated_at: onUpdate, seen_at: "", touched_at: onUpdate });
    await upgrade({ config: p.config, revision: "head" });
    expect(await p.changes(second)).toEqual([]);
  }, 120_000);
});
