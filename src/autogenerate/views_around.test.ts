import { describe, expect, test } from "bun:test";
import type { Capabilities } from "../dialects/dialect.ts";
import { POSTGRES_CAPABILITIES } from "../dialects/postgres/dialect.ts";
import type { Op } from "../operations/ops.ts";
import type { ColumnBinding, DatabaseModel, ViewModel } from "../schema/model.ts";
import { compare } from "./compare.ts";
import { declaredModel } from "./declared.ts";
import { defineSchema, table, type SchemaDefinition } from "./declare.ts";
import { portableNormalizer } from "./normalize.ts";
import { renderOp } from "./render.ts";
import { reverse } from "../operations/reverse.ts";
import { historyOf } from "./testing.ts";

const users: Op = {
  kind: "createTable",
  table: { name: "users" },
  columns: [
    { name: "id", type: "integer", primaryKey: true },
    { name: "email", type: "varchar(100)" },
    { name: "score", type: "integer" },
  ],
};
const cols = [{ name: "id", type: "integer", primaryKey: true }, { name: "email", type: "varchar(100)" }, { name: "score", type: "integer" }] as const;

function view(name: string, reads: ViewModel["reads"], extra: Partial<ViewModel> = {}): ViewModel {
  return { view: { kind: "createView", name, query: `SELECT ... ${name}` }, materialized: false, reads, ...extra };
}
const vUsers = view("v_users", [{ relation: { name: "users" }, column: "email" }, { relation: { name: "users" }, column: "id" }]);
const vTop = view("v_top", [{ relation: { name: "v_users" }, column: "email" }]);
const vScore = view("v_score", [{ relation: { name: "users" }, column: "score" }]);

function diff(views: ViewModel[], schema: SchemaDefinition, capabilities: Capabilities = POSTGRES_CAPABILITIES, history: Op[] = [users], bindings: ColumnBinding[] = []) {
  const declared = declaredModel(defineSchema(schema), capabilities.maxIdentifierLength);
  const from: DatabaseModel = { ...historyOf(history), views, bindings };
  const result = compare({ from, to: declared.model, portable: declared.model, conventionNames: declared.conventionNames, renames: declared.renames, norm: portableNormalizer, capabilities });
  return { ...result, lines: result.changes.map((c) => renderOp(c.op)), down: [...result.changes].reverse().map((c) => renderOp(reverse(c.op)!)) };
}

describe("views around the changes PostgreSQL refuses under them", () => {
  test("a type change: the views that read the column, and the views that read those, are dropped before and made again after, in dependency order", () => {
    const result = diff([vTop, vScore, vUsers], { tables: [table("users", [cols[0], { name: "email", type: "varchar(200)" }, cols[2]])] });
    expect(result.lines).toEqual([
      `await op.dropView("v_top");`,
      `await op.dropView("v_users");`,
      `await op.alterColumn("users", "email", { type: "varchar(200)", existingType: "varchar(100)", existingNullable: true });`,
      `await op.createView("v_users", "SELECT ... v_users");`,
      `await op.createView("v_top", "SELECT ... v_top");`,
    ]);
    // The downgrade does the same around the reverse change.
    expect(result.down).toEqual([
      `await op.dropView("v_top");`,
      `await op.dropView("v_users");`,
      `await op.alterColumn("users", "email", { type: "varchar(100)", existingType: "varchar(200)" });`,
      `await op.createView("v_users", "SELECT ... v_users");`,
      `await op.createView("v_top", "SELECT ... v_top");`,
    ]);
    expect(result.unresolved).toEqual([]);
  });

  test("a whole-row reference counts as reading every column; a view of a column not changed stays", () => {
    const whole = view("v_all", [{ relation: { name: "users" }, column: null }]);
    const result = diff([whole, vUsers], { tables: [table("users", [cols[0], cols[1], { name: "score", type: "bigint" }])] });
    expect(result.lines.filter((l) => l.includes("View"))).toEqual([`await op.dropView("v_all");`, `await op.createView("v_all", "SELECT ... v_all");`]);
  });

  test("nothing is carried where views do not bind columns (MySQL, SQLite), nor when no change touches what they read", () => {
    const mysqlLike = { ...POSTGRES_CAPABILITIES, viewsBindColumns: false };
    expect(diff([vUsers], { tables: [table("users", [cols[0], { name: "email", type: "varchar(200)" }, cols[2]])] }, mysqlLike).lines.some((l) => l.includes("View"))).toBe(false);
    expect(diff([vUsers], { tables: [table("users", [cols[0], cols[1], cols[2], { name: "age", type: "integer" }])] }).lines).toEqual([
      `await op.addColumn("users", { name: "age", type: "integer" });`,
    ]);
  });

  test("a column or table dropped for good, a materialized view, and a view of a column renamed here are reported, not carried", () => {
    const dropped = diff([vUsers], { tables: [table("users", [cols[0], cols[2]])] });
    expect(dropped.unresolved).toEqual([
      `View "v_users" reads users.email, which this revision drops: PostgreSQL refuses while the view exists; redefine or drop the view first (op.dropView / op.createView in a revision before this one), or keep users.email in the schema`,
    ]);
    expect(dropped.lines.some((l) => l.includes("View"))).toBe(false);
    expect(diff([vUsers], { tables: [] }).unresolved[0]).toStartWith(`View "v_users" reads users, which this revision drops`);
    const mat = diff([{ ...vUsers, materialized: true }], { tables: [table("users", [cols[0], { name: "email", type: "text" }, cols[2]])] });
    expect(mat.unresolved[0]).toStartWith(`Materialized view "v_users" reads a column this revision changes the type of`);
    expect(mat.lines.some((l) => l.includes("View"))).toBe(false);
    const renamed = diff([vUsers], { tables: [table("users", [cols[0], { name: "mail", type: "text", renamedFrom: "email" }, cols[2]])] });
    expect(renamed.unresolved).toEqual([`View "v_users" reads users.email, renamed in this revision, and must be re-created around a type change: make the rename in a revision of its own first`]);
  });

  test("a generated column dropped and added back keeps its views: they go around it", () => {
    const gen: Op = { kind: "createTable", table: { name: "users" }, columns: [...cols, { name: "double", type: "integer", generated: { sql: "score * 2" } }] };
    const vDouble = view("v_double", [{ relation: { name: "users" }, column: "double" }]);
    const result = diff([vDouble], { tables: [table("users", [...cols, { name: "double", type: "integer", generated: { sql: "score * 3" } }])] }, POSTGRES_CAPABILITIES, [gen]);
    expect(result.unresolved).toEqual([]);
    expect(result.lines[0]).toBe(`await op.dropView("v_double");`);
    expect(result.lines.at(-1)).toBe(`await op.createView("v_double", "SELECT ... v_double");`);
  });

  test("an enum type recreated converts every column of the type: their views go around it", () => {
    const mood: Op = { kind: "createEnum", name: "mood", values: ["happy", "sad"] };
    const people: Op = { kind: "createTable", table: { name: "people" }, columns: [{ name: "id", type: "integer", primaryKey: true }, { name: "mood", type: "mood" }] };
    const vMood = view("v_mood", [{ relation: { name: "people" }, column: "mood" }]);
    const result = diff([vMood], { enums: [{ name: "mood", values: ["sad", "happy"] }], tables: [table("people", [{ name: "id", type: "integer", primaryKey: true }, { name: "mood", type: "mood" }])] }, POSTGRES_CAPABILITIES, [mood, people]);
    expect(result.lines[0]).toBe(`await op.dropView("v_mood");`);
    expect(result.lines.some((l) => l.startsWith("await op.recreateEnum("))).toBe(true);
    expect(result.lines.at(-1)).toBe(`await op.createView("v_mood", "SELECT ... v_mood");`);
  });

  test("triggers, policies and SQL-body functions on a changed column are reported with the statements to put around the change; a table's own go with it", () => {
    const trigger: ColumnBinding = { kind: "trigger", name: "t1", owner: { name: "users" }, table: { name: "users" }, column: "email", drop: "DROP TRIGGER t1 ON users", create: "CREATE TRIGGER t1 ..." };
    const policy: ColumnBinding = { kind: "policy", name: "p", owner: { name: "users" }, table: { name: "users" }, column: "score", drop: "DROP POLICY p ON users", create: "CREATE POLICY p ..." };
    const retyped = diff([], { tables: [table("users", [cols[0], { name: "email", type: "text" }, cols[2]])] }, POSTGRES_CAPABILITIES, [users], [trigger, policy]);
    expect(retyped.unresolved).toEqual([
      `Trigger t1 on users reads users.email: PostgreSQL refuses to change its type while the trigger exists; put op.execute("DROP TRIGGER t1 ON users") before the change and op.execute("CREATE TRIGGER t1 ...") after it (and the same around the downgrade's)`,
    ]);
    const dropped = diff([], { tables: [table("users", [cols[0], cols[1]])] }, POSTGRES_CAPABILITIES, [users], [trigger, policy]);
    expect(dropped.unresolved).toEqual([`Policy p on users reads users.score, which this revision drops: PostgreSQL refuses while the policy exists; drop or change the policy first: op.execute("DROP POLICY p ON users")`]);
    expect(diff([], { tables: [] }, POSTGRES_CAPABILITIES, [users], [trigger, policy]).unresolved).toEqual([]);
  });
});
