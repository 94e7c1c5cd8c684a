/**
 * An enum type recreated (a value removed) while a partial index, an expression index, a CHECK and a
 * generated column read a column of it: PostgreSQL keeps their text with values cast to the type, which the
 * recreate cannot carry over, and refuses to convert a column a generated column reads, so autogenerate
 * drops them before and creates them after. The revision upgrades a table with rows, leaves no difference
 * online or offline, and downgrades.
 */
import { describe, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const schema = (values: string[]) => ({
  enums: [{ name: "status", values }],
  tables: [
    table("tasks", [
      { name: "id", type: "integer", primaryKey: true },
      { name: "status", type: "status", nullable: false, default: "draft" },
      { name: "n", type: "integer", nullable: false, default: 0 },
      { name: "is_open", type: "boolean", generated: { sql: "status IN ('draft', 'pending')" } },
    ], {
      checks: [{ name: "ck_tasks_done_n", condition: "status <> 'done' OR n > 0" }],
      indexes: [
        { name: "ix_tasks_pending", columns: ["id"], where: "status = 'pending'" },
        { name: "ix_tasks_open", columns: [{ expression: "(status IN ('draft', 'pending'))" }] },
      ],
    }),
  ],
});

describe("an enum type recreated under indexes, CHECKs and generated columns that read it: postgres", () => {
  const p = autogenerateProject("migrator-enumexpr-postgres-", DATABASES["postgres"]!);

  test("a value removed: autogenerate, upgrade, no difference online or offline, downgrade, upgrade", async () => {
    await p.revise(schema(["draft", "pending", "done", "archived"]), "tasks", "e1");
    await p.sql("INSERT INTO tasks (id, status, n) VALUES (1, 'draft', 0), (2, 'pending', 0), (3, 'done', 1)");
    await p.expectRoundTrip(await p.revise(schema(["draft", "pending", "done"]), "no archived", "e2"));
  }, 120_000);
});
