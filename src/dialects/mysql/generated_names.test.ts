import { describe, expect, test } from "bun:test";
import type { TableModel } from "../../schema/model.ts";
import { generatedConstraintType, isGeneratedCheckName, isGeneratedForeignKeyName, isGeneratedKeyName } from "./generated_names.ts";

describe("names the server made up", () => {
  test("foreign keys, checks, unique keys", () => {
    expect(isGeneratedForeignKeyName("users_ibfk_1", "users")).toBe(true);
    expect(isGeneratedForeignKeyName("users_ibfk_12", "users")).toBe(true);
    expect(isGeneratedForeignKeyName("users_ibfk_x", "users")).toBe(false);
    expect(isGeneratedForeignKeyName("orders_ibfk_1", "users")).toBe(false);
    expect(isGeneratedForeignKeyName("fk_users", "users")).toBe(false);

    expect(isGeneratedCheckName("age", "users", "Column")).toBe(true); // MariaDB: a column check is named after its column
    expect(isGeneratedCheckName("CONSTRAINT_2", "users", "Table")).toBe(true);
    expect(isGeneratedCheckName("age", "users", "Table")).toBe(false); // named so by the user
    expect(isGeneratedCheckName("users_chk_1", "users", null)).toBe(true); // MySQL 8
    expect(isGeneratedCheckName("ck_age", "users", null)).toBe(false);

    expect(isGeneratedKeyName("email", ["email"])).toBe(true);
    expect(isGeneratedKeyName("email_2", ["email", "name"])).toBe(true);
    expect(isGeneratedKeyName("email_x", ["email"])).toBe(false);
    expect(isGeneratedKeyName("uq_email", ["email"])).toBe(false);
    expect(isGeneratedKeyName("name", ["email", "name"])).toBe(false);
  });

  test("the kind of a made-up name, from a model where it reads back unnamed", () => {
    const model: TableModel = {
      table: { name: "users" },
      columns: [{ name: "id", type: "integer" }, { name: "email", type: "text" }, { name: "age", type: "integer" }],
      foreignKeys: [{ columns: ["id"], refTable: "p", refColumns: ["id"] }],
      uniques: [{ columns: ["email"] }],
      checks: [{ condition: "`age` > 0" }],
      indexes: [],
    };
    expect(generatedConstraintType(model, "users_ibfk_1")).toBe("foreign");
    expect(generatedConstraintType(model, "email")).toBe("unique");
    expect(generatedConstraintType(model, "email_2")).toBe("unique");
    expect(generatedConstraintType(model, "CONSTRAINT_1")).toBe("check");
    expect(generatedConstraintType(model, "users_chk_1")).toBe("check");
    expect(generatedConstraintType(model, "age")).toBe("check");
    expect(generatedConstraintType(model, "id")).toBeUndefined();
    expect(generatedConstraintType({ ...model, foreignKeys: [], uniques: [], checks: [] }, "users_ibfk_1")).toBeUndefined();
  });
});
