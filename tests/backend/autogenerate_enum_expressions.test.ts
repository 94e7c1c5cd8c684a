/**
 * An enum type recreated (a value removed) while a partial index, an expression index, a CHECK and a
 * generated column read a column of it: PostgreSQL keeps their text with values cast to the type, which the
 * recreate cannot carry over, and refuses to convert a column a generated column reads, so autogenerate
 * drops them before and creates them after. The revision upgrades a table with rows, leaves no difference
 * online or offline, and downgrades.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { openSession } from "../../src/runtime/session.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

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
  let dir: string;
  let config: Config;
  const writeSchema = schemaWriter(() => dir);
  freshProject("migrator-enumexpr-postgres-", DATABASES["postgres"]!, (p) => ({ dir, config } = p));

  test("a value removed: autogenerate, upgrade, no difference online or offline, downgrade, upgrade", async () => {
    const first = writeSchema(schema(["draft", "pending", "done", "archived"]));
    await autogenerate({ config, schema: first, message: "tasks", revId: "e1" });
    await upgrade({ config, revision: "head" });
    const session = await openSession(config);
    await session.conn.execute("INSERT INTO tasks (id, status, n) VALUES (1, 'draft', 0), (2, 'pending', 0), (3, 'done', 1)");
    await session.conn.close();

    const second = writeSchema(schema(["draft", "pending", "done"]));
    await autogenerate({ config, schema: second, message: "no archived", revId: "e2" });
    await upgrade({ config, revision: "head" });
    expect((await diffSchema({ config, schema: second })).changes.map((c) => c.op)).toEqual([]);
    expect((await diffSchema({ config, schema: second, offline: true })).changes.map((c) => c.op)).toEqual([]);
    await downgrade({ config, revision: "-1" });
    await upgrade({ config, revision: "head" });
    expect((await diffSchema({ config, schema: second })).changes.map((c) => c.op)).toEqual([]);
  }, 120_000);
});
