import { describe, expect, test } from "bun:test";
import { findConstraints } from "./find_constraint.ts";
import type { TableModel } from "./model.ts";

const users: TableModel = {
  table: { name: "users" },
  columns: [
    { name: "id", type: "integer", nullable: false, primaryKey: true },
    { name: "status", type: "varchar(8)", nullable: false },
    { name: "role_id", type: "integer", nullable: true },
  ],
  foreignKeys: [{ columns: ["role_id"], refTable: "roles", refColumns: ["id"] }],
  uniques: [{ name: "uq_users_status", columns: ["status"] }],
  checks: [{ condition: "status IN ('active', 'banned')" }, { name: "ck_id", condition: "id > 0" }],
  indexes: [],
};

describe("findConstraints", () => {
  test("by name, any kind or the kind given", () => {
    expect(findConstraints(users, { name: "UQ_users_status" }).map((c) => c.type)).toEqual(["unique"]);
    expect(findConstraints(users, { name: "uq_users_status", type: "check" })).toEqual([]);
  });
  test("an unnamed primary key (SQLite's, on its column) answers to any name asked with type primary, and only then", () => {
    expect(findConstraints(users, { name: "users_pkey", type: "primary" }).map((c) => c.def)).toEqual([{ columns: ["id"] }]);
    expect(findConstraints(users, { name: "users_pkey" })).toEqual([]);
    const named: TableModel = { ...users, columns: users.columns.map((c) => ({ ...c, primaryKey: false })), primaryKey: { name: "pk_users", columns: ["id"] } };
    expect(findConstraints(named, { name: "users_pkey", type: "primary" })).toEqual([]);
  });
  test("by structure: columns, a CHECK's text or the columns it names, the primary key", () => {
    expect(findConstraints(users, { type: "foreign", columns: ["role_id"] }).map((c) => [c.type, c.name])).toEqual([["foreign", undefined]]);
    expect(findConstraints(users, { type: "check", columns: ["status"] }).map((c) => c.def)).toEqual([{ condition: "status IN ('active', 'banned')" }]);
    expect(findConstraints(users, { check: `("status" in ('active','banned'))` })).toHaveLength(1);
    expect(findConstraints(users, { type: "primary" }).map((c) => c.def)).toEqual([{ columns: ["id"] }]);
    expect(findConstraints(users, { type: "unique", columns: ["role_id"] })).toEqual([]);
  });
});
