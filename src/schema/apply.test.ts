import { describe, expect, test } from "bun:test";
import type { ForeignKeyDef, Op } from "../operations/ops.ts";
import { applyAlterations, applyOp, tableFromCreate, type SchemaState } from "./apply.ts";
import { SchemaObjectNotFoundError } from "./errors.ts";
import { mentionsIdentifier, renameIdentifier } from "./identifiers.ts";
import type { TableModel } from "./model.ts";

const users = { name: "users" };
const create: Op = {
  kind: "createTable",
  table: users,
  columns: [
    { name: "id", type: "integer", primaryKey: true, autoincrement: true },
    { name: "email", type: "varchar(100)", nullable: false, unique: true },
    { name: "org_id", type: "integer", references: "orgs.id" },
    { name: "age", type: "integer", check: "age >= 0" },
  ],
  checks: [{ name: "ck_email", condition: `"email" LIKE '%@%'` }],
};

function state(...ops: Op[]): SchemaState {
  const s: SchemaState = new Map();
  for (const op of ops) applyOp(s, op);
  return s;
}

describe("applyOp", () => {
  test("createTable: normal form with column constraints moved to the table's lists", () => {
    expect(state(create).get("users")).toEqual({
      table: users,
      columns: [
        { name: "id", type: "integer", nullable: false, primaryKey: true, autoincrement: true },
        { name: "email", type: "varchar(100)", nullable: false },
        { name: "org_id", type: "integer", nullable: true },
        { name: "age", type: "integer", nullable: true },
      ],
      foreignKeys: [{ columns: ["org_id"], refTable: "orgs", refColumns: ["id"] }],
      uniques: [{ columns: ["email"] }],
      checks: [{ condition: "age >= 0" }, { name: "ck_email", condition: `"email" LIKE '%@%'` }],
      indexes: [],
    });
  });

  test("composite and named primary keys are the table's; a single unnamed one is flagged on the column", () => {
    const m = tableFromCreate({
      kind: "createTable",
      table: { name: "t" },
      columns: [{ name: "a", type: "int" }, { name: "b", type: "int" }],
      primaryKey: { name: "pk_t", columns: ["a", "b"] },
    });
    expect(m.primaryKey).toEqual({ name: "pk_t", columns: ["a", "b"] });
    expect(m.columns).toEqual([{ name: "a", type: "int", nullable: false }, { name: "b", type: "int", nullable: false }]);
  });

  test("renameTable, setTableComment, dropTable; renamed tables' referrers follow", () => {
    const s = state(
      create,
      { kind: "createTable", table: { name: "orgs" }, columns: [{ name: "id", type: "integer", primaryKey: true }] },
      { kind: "createIndex", name: "ix_email", table: users, columns: ["email"] },
      { kind: "renameTable", table: { name: "orgs" }, newName: "teams" },
      { kind: "renameTable", table: users, newName: "people" },
      { kind: "setTableComment", table: { name: "people" }, comment: "humans" },
    );
    expect([...s.keys()]).toEqual(["teams", "people"]);
    const people = s.get("people")!;
    expect(people.comment).toBe("humans");
    expect(people.indexes[0]!.table).toEqual({ name: "people" });
    expect(people.foreignKeys[0]!.refTable).toBe("teams");
    applyOp(s, { kind: "setTableComment", table: { name: "people" }, comment: null });
    expect("comment" in s.get("people")!).toBe(false);
    applyOp(s, { kind: "dropTable", table: { name: "PEOPLE" } });
    expect([...s.keys()]).toEqual(["teams"]);
  });

  test("renameTable: keys of other schemas follow when they name the default schema (public.orgs), not when they mean their own", () => {
    const fk = (name: string, refSchema?: string): ForeignKeyDef => ({ name, columns: ["org_id"], refTable: "orgs", refColumns: ["id"], ...(refSchema ? { refSchema } : {}) });
    const s = state(
      { kind: "createTable", table: { name: "orgs" }, columns: [{ name: "id", type: "integer", primaryKey: true }] },
      { kind: "createTable", table: { name: "orgs", schema: "crm" }, columns: [{ name: "id", type: "integer", primaryKey: true }] },
      { kind: "createTable", table: { name: "contacts", schema: "crm" }, columns: [{ name: "org_id", type: "integer" }], foreignKeys: [fk("to_public", "public"), fk("to_own")] },
      { kind: "renameTable", table: { name: "orgs" }, newName: "teams" },
    );
    expect(s.get("crm.contacts")!.foreignKeys.map((k) => [k.name, k.refSchema, k.refTable])).toEqual([["to_public", "public", "teams"], ["to_own", undefined, "orgs"]]);
  });

  test("columns: add, alter (type, nullable, default, rename, comment, autoincrement), drop", () => {
    const s = state(
      create,
      { kind: "addColumn", table: users, column: { name: "name", type: "text", default: "anon", unique: true } },
      { kind: "alterColumn", table: users, column: "name", type: "varchar(20)", nullable: false, comment: "display name" },
      { kind: "alterColumn", table: users, column: "name", default: null, newName: "nick" },
      { kind: "alterColumn", table: users, column: "id", autoincrement: false },
      { kind: "createIndex", name: "ix_nick", table: users, columns: ["nick", { expression: "lower(nick)" }], where: "nick <> ''" },
    );
    const m = s.get("users")!;
    expect(m.columns.at(-1)).toEqual({ name: "nick", type: "varchar(20)", nullable: false, comment: "display name" });
    expect(m.columns[0]).toEqual({ name: "id", type: "integer", nullable: false, primaryKey: true });
    expect(m.uniques.at(-1)).toEqual({ columns: ["nick"] });
    expect(m.indexes).toEqual([
      { kind: "createIndex", name: "ix_nick", table: users, columns: ["nick", { expression: "lower(nick)" }], where: "nick <> ''" },
    ]);
    // Dropping a column drops the indexes and constraints that involve it.
    applyOp(s, { kind: "dropColumn", table: users, column: "nick" });
    applyOp(s, { kind: "dropColumn", table: users, column: "age" });
    expect(s.get("users")!.indexes).toEqual([]);
    expect(s.get("users")!.uniques).toEqual([{ columns: ["email"] }]);
    expect(s.get("users")!.checks).toEqual([{ name: "ck_email", condition: `"email" LIKE '%@%'` }]);
  });

  test("constraints and indexes: create and drop by name", () => {
    const s = state(
      create,
      { kind: "createUniqueConstraint", name: "uq_email", table: users, columns: ["email"] },
      { kind: "createCheckConstraint", name: "ck_age", table: users, condition: "age < 200" },
      { kind: "createForeignKey", name: "fk_org", table: users, foreignKey: { columns: ["org_id"], refTable: "orgs", refColumns: ["id"] } },
      { kind: "createIndex", name: "ix_age", table: users, columns: ["age"] },
      { kind: "createIndex", name: "ix_org", table: users, columns: ["org_id"] },
      { kind: "dropIndex", name: "ix_age" },
      { kind: "dropConstraint", name: "uq_email", table: users },
      { kind: "dropConstraint", name: "ck_age", table: users, type: "check" },
      { kind: "createPrimaryKey", name: "pk_users", table: users, columns: ["id", "email"] },
    );
    const m = s.get("users")!;
    expect(m.indexes.map((i) => i.name)).toEqual(["ix_org"]);
    expect(m.uniques).toEqual([{ columns: ["email"] }]);
    expect(m.checks.map((c) => c.name)).toEqual([undefined, "ck_email"]);
    expect(m.foreignKeys.map((f) => f.name)).toEqual([undefined, "fk_org"]);
    expect(m.primaryKey).toEqual({ name: "pk_users", columns: ["id", "email"] });
    expect(m.columns.some((c) => c.primaryKey)).toBe(false);
    applyOp(s, { kind: "dropConstraint", name: "pk_users", table: users });
    expect(s.get("users")!.primaryKey).toBeUndefined();
  });

  test("a renamed column is renamed in the generated columns computed from it (a rebuild creates them anew)", () => {
    const model = tableFromCreate({
      kind: "createTable",
      table: { name: "lines" },
      columns: [{ name: "qty", type: "integer" }, { name: "twice", type: "integer", generated: { sql: "qty * 2 + \"qty\"", stored: true } }],
    });
    const renamed = applyAlterations(model, [{ kind: "alterColumn", table: { name: "lines" }, column: "qty", newName: "quantity" }]);
    expect(renamed.columns.map((c) => [c.name, c.generated?.sql])).toEqual([["quantity", undefined], ["twice", `quantity * 2 + "quantity"`]]);
  });

  // MySQL's one object for both (UNIQUE KEY): autogenerate online cannot tell which op made it and drops it as a constraint.
  test("dropConstraint of a unique constraint by name drops a unique index of that name when no constraint has it", () => {
    const s = state(create, { kind: "createIndex", name: "uq_age", table: users, columns: ["age"], unique: true }, { kind: "createIndex", name: "ix_org", table: users, columns: ["org_id"] });
    applyOp(s, { kind: "dropConstraint", name: "uq_age", table: users, type: "unique" });
    expect(s.get("users")!.indexes.map((i) => i.name)).toEqual(["ix_org"]);
    // Not a plain index, nor when the type says otherwise.
    applyOp(s, { kind: "dropConstraint", name: "ix_org", table: users, type: "unique" });
    applyOp(s, { kind: "createIndex", name: "uq_org", table: users, columns: ["org_id"], unique: true });
    applyOp(s, { kind: "dropConstraint", name: "uq_org", table: users, type: "check" });
    expect(s.get("users")!.indexes.map((i) => i.name)).toEqual(["ix_org", "uq_org"]);
  });

  // The server renames the column in the foreign keys that reference it too (PostgreSQL, MySQL, SQLite).
  test("a renamed column is renamed in the foreign keys that reference it, its own table's and others'", () => {
    const cats = { name: "cats" };
    const s = state(
      { kind: "createTable", table: cats, columns: [{ name: "id", type: "integer", primaryKey: true }, { name: "parent_id", type: "integer", references: "cats.id" }] },
      { kind: "createTable", table: { name: "items" }, columns: [{ name: "cat_id", type: "integer", references: "cats.id" }, { name: "id", type: "integer" }] },
      { kind: "alterColumn", table: cats, column: "id", newName: "cat_id" },
    );
    expect(s.get("cats")!.foreignKeys.map((fk) => [fk.columns, fk.refColumns])).toEqual([[["parent_id"], ["cat_id"]]]);
    expect(s.get("items")!.foreignKeys.map((fk) => [fk.columns, fk.refColumns])).toEqual([[["cat_id"], ["cat_id"]]]);
    // A column of the same name in another table is another column.
    applyOp(s, { kind: "alterColumn", table: { name: "items" }, column: "id", newName: "item_id" });
    expect(s.get("items")!.foreignKeys.map((fk) => fk.refColumns)).toEqual([["cat_id"]]);
  });

  test("a batch of renames and index changes alone renames the keys that reference the column (RENAME COLUMN in place); a batch that also changes a type does not (a rebuild keeps them as written)", () => {
    const p = { name: "p" };
    const base = [
      { kind: "createTable", table: p, columns: [{ name: "id", type: "integer", primaryKey: true }, { name: "code", type: "text", unique: true }] },
      { kind: "createTable", table: { name: "c" }, columns: [{ name: "pc", type: "text", references: "p.code" }] },
    ] as const;
    const renamed = state(...base, { kind: "batchAlterTable", table: p, ops: [{ kind: "alterColumn", table: p, column: "code", newName: "new_code" }, { kind: "createIndex", name: "ix_p_id", table: p, columns: ["id"] }] });
    expect(renamed.get("c")!.foreignKeys.map((fk) => fk.refColumns)).toEqual([["new_code"]]);
    const mixed = state(...base, { kind: "batchAlterTable", table: p, ops: [{ kind: "alterColumn", table: p, column: "code", newName: "new_code", type: "varchar(20)" }] });
    expect(mixed.get("c")!.foreignKeys.map((fk) => fk.refColumns)).toEqual([["code"]]);
  });

  // The server rewrites the expressions that name a renamed column, generated columns' too.
  test("a renamed column is renamed in the generation expressions of other columns", () => {
    const s = state(
      { kind: "createTable", table: { name: "docs" }, columns: [{ name: "price", type: "integer" }, { name: "vat", type: "integer", generated: { sql: "price * 2", stored: false } }] },
      { kind: "alterColumn", table: { name: "docs" }, column: "price", newName: "amount" },
    );
    expect(s.get("docs")!.columns[1]!.generated).toEqual({ sql: "amount * 2", stored: false });
  });

  test("batchAlterTable applies each op; execute, bulkInsert and unknown tables change nothing", () => {
    const s = state(create, {
      kind: "batchAlterTable",
      table: users,
      ops: [
        { kind: "alterColumn", table: users, column: "email", newName: "mail" },
        { kind: "dropColumn", table: users, column: "age" },
      ],
    });
    expect(s.get("users")!.columns.map((c) => c.name)).toEqual(["id", "mail", "org_id"]);
    expect(s.get("users")!.checks).toEqual([{ name: "ck_email", condition: `"mail" LIKE '%@%'` }]);
    const before = s.get("users");
    for (const op of [
      { kind: "execute", sql: "ALTER TABLE users ADD x int" },
      { kind: "bulkInsert", table: users, rows: [{ id: 1 }] },
      { kind: "addColumn", table: { name: "ghost" }, column: { name: "x", type: "int" } },
      { kind: "alterColumn", table: users, column: "ghost", nullable: false },
    ] satisfies Op[]) {
      applyOp(s, op);
    }
    expect(s.get("users")).toBe(before!);
    expect(s.has("ghost")).toBe(false);
  });
});

describe("applyAlterations", () => {
  const model: TableModel = state(create).get("users")!;

  test("is strict about names the table does not have", () => {
    expect(() => applyAlterations(model, [{ kind: "dropColumn", table: users, column: "nope" }])).toThrow(
      new SchemaObjectNotFoundError(`Table "users" has no column "nope"; its columns are "id", "email", "org_id", "age"`),
    );
    expect(() => applyAlterations(model, [{ kind: "dropIndex", name: "ix", table: users }])).toThrow(`Table "users" has no index "ix"`);
    expect(() => applyAlterations(model, [{ kind: "addColumn", table: users, column: { name: "email", type: "text" } }])).toThrow(
      `Table "users" already has a column "email"`,
    );
  });

  test("leaves the input untouched", () => {
    const copy = structuredClone(model);
    applyAlterations(model, [{ kind: "alterColumn", table: users, column: "email", newName: "mail", type: "text" }]);
    expect(model).toEqual(copy);
  });
});

describe("identifiers in expressions", () => {
  test("a renamed column is renamed in the generated columns that read it, as the server does", () => {
    const t: Op = { kind: "createTable", table: users, columns: [{ name: "email", type: "text" }, { name: "lc", type: "text", generated: { sql: "lower(email)" } }] };
    const s = state(t, { kind: "alterColumn", table: users, column: "email", newName: "mail" });
    expect(s.get("users")!.columns.map((c) => [c.name, c.generated?.sql])).toEqual([["mail", undefined], ["lc", "lower(mail)"]]);
  });

  test("rename keeps quoting and skips string literals", () => {
    expect(renameIdentifier(`"email" LIKE '%email%' AND email <> [email] AND emails = 1`, "email", "mail")).toBe(
      `"mail" LIKE '%email%' AND mail <> [mail] AND emails = 1`,
    );
    expect(renameIdentifier("a > 0", "a", "new name")).toBe(`"new name" > 0`);
    expect(mentionsIdentifier("lower(Email)", "email")).toBe(true);
    expect(mentionsIdentifier("'email' = x", "email")).toBe(false);
  });
});

test("a named key whose one column starts counting keeps its name, as PostgreSQL, a SQLite rebuild and reflection have it", () => {
  const tallies = { name: "tallies" };
  const s = state(
    { kind: "createTable", table: tallies, columns: [{ name: "k", type: "integer", nullable: false }, { name: "n", type: "integer" }] },
    { kind: "createPrimaryKey", name: "pk_tallies", table: tallies, columns: ["k"] },
    { kind: "alterColumn", table: tallies, column: "k", autoincrement: true },
  );
  const t = s.get("tallies")!;
  // Dropping the name here made a later downgrade that adds the key back name it tallies_pkey, and an
  // earlier one that drops pk_tallies fail (autogenerate fuzzer, PostgreSQL seed 7026).
  expect(t.primaryKey).toEqual({ name: "pk_tallies", columns: ["k"] });
  expect(t.columns[0]).toEqual({ name: "k", type: "integer", nullable: false, autoincrement: true });
});
