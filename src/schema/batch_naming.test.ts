import { describe, expect, test } from "bun:test";
import { withConventionNames } from "./batch_naming.ts";
import type { TableModel } from "./model.ts";

describe("withConventionNames", () => {
  test("names unnamed CHECK, FOREIGN KEY and UNIQUE constraints; named ones keep their names", () => {
    const model: TableModel = {
      table: { name: "users" },
      columns: [{ name: "flag", type: "integer" }, { name: "role_id", type: "integer" }, { name: "code", type: "text" }],
      foreignKeys: [{ columns: ["role_id"], refTable: "roles", refColumns: ["id"] }],
      uniques: [{ columns: ["code"] }, { name: "uq_kept", columns: ["flag"] }],
      checks: [{ condition: "flag IN (0, 1)" }],
      indexes: [],
    };
    const named = withConventionNames(model, { ck: "ck_%(table_name)s_%(column_0_name)s", fk: "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", uq: "uq_%(table_name)s_%(column_0_N_name)s" });
    expect(named.checks.map((c) => c.name)).toEqual(["ck_users_flag"]);
    expect(named.foreignKeys.map((c) => c.name)).toEqual(["fk_users_role_id_roles"]);
    expect(named.uniques.map((c) => c.name)).toEqual(["uq_users_code", "uq_kept"]);
    expect(withConventionNames(model, undefined)).toBe(model);
  });
});
