/**
 * MySQL: a foreign key declared with onDelete / onUpdate "restrict", then without (or "no action"): InnoDB
 * makes them the same key and reads both back as the default, so there is nothing to do, online or offline
 * (offline found a difference no revision could clear).
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import type { ReferentialAction } from "../../src/operations/ops.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

function schema(action?: ReferentialAction) {
  const rules = action ? { onDelete: action, onUpdate: action } : {};
  return {
    tables: [
      table("a", [{ name: "id", type: "integer", primaryKey: true }]),
      table("b", [{ name: "id", type: "integer", primaryKey: true }, { name: "a_id", type: "integer", references: { table: "a", column: "id", ...rules } }]),
    ],
  };
}

describe("MySQL: RESTRICT is NO ACTION", () => {
  let dir: string;
  let config: Config;
  const writeSchema = schemaWriter(() => dir);
  freshProject("migrator-restrict-mysql-", DATABASES["mysql"]!, (p) => ({ dir, config } = p));

  test("restrict, none and no action are one key, online and offline", async () => {
    const first = writeSchema(schema("restrict"));
    await autogenerate({ config, schema: first, message: "keys", revId: "x1" });
    await upgrade({ config, revision: "head" });
    for (const action of ["restrict", undefined, "no action"] as const) {
      const path = writeSchema(schema(action));
      expect((await diffSchema({ config, schema: path })).changes).toEqual([]);
      expect((await diffSchema({ config, schema: path, offline: true })).changes).toEqual([]);
    }
  }, 60_000);
});
