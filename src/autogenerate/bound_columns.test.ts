import { describe, expect, test } from "bun:test";
import type { ViewsOver } from "../dialects/dialect.ts";
import type { Op } from "../operations/ops.ts";
import { STEP, type Change } from "./change.ts";
import { reportBound, touchedColumns, touchesColumns } from "./bound_columns.ts";
import { historyOf } from "./testing.ts";

const change = (op: Op): Change => ({ op, step: STEP.alterColumn, key: "", safety: "additive" });
const users: Op = { kind: "createTable", table: { name: "users" }, columns: [{ name: "id", type: "integer" }, { name: "mood", type: "mood" }] };
const none: ViewsOver = { views: [], blockers: [], bindings: [] };
const vUsers: ViewsOver = { ...none, views: [{ kind: "createView", name: "v_users", query: "SELECT ..." }, { kind: "createView", name: "v_top", schema: "rpt", query: "SELECT ..." }] };

function report(t: ReturnType<typeof touchedColumns>[number], over: ViewsOver) {
  const unresolved: string[] = [];
  const warnings: string[] = [];
  reportBound(t, over, unresolved, warnings);
  return { unresolved, warnings };
}

describe("what the server binds to the columns a revision changes", () => {
  test("the changes that may meet a view, by the names the database has (before the revision's renames)", () => {
    const changes = [
      change({ kind: "renameTable", table: { name: "people" }, newName: "users" }),
      change({ kind: "alterColumn", table: { name: "users" }, column: "mail", newName: "email" }),
      change({ kind: "alterColumn", table: { name: "users" }, column: "email", type: "text" }),
      change({ kind: "alterColumn", table: { name: "users" }, column: "id", nullable: false }),
      change({ kind: "dropColumn", table: { name: "users" }, column: "old" }),
      change({ kind: "dropColumn", table: { name: "users" }, column: "slug" }),
      change({ kind: "addColumn", table: { name: "users" }, column: { name: "slug", type: "text", generated: { sql: "lower(name)" } } }),
      change({ kind: "dropTable", table: { name: "gone" } }),
      change({ kind: "recreateEnum", name: "mood", values: ["a"] }),
    ];
    expect(touchesColumns(changes)).toBe(true);
    expect(touchesColumns([changes[3]!])).toBe(false);
    expect(touchedColumns(changes, historyOf([users])).map((t) => [t.what, t.change])).toEqual([
      ["people.mail", "type"],
      ["people.old", "drop"],
      ["people.slug", "recompute"],
      ["gone", "drop"],
      ["users.mood", "enum"],
    ]);
  });

  test("a type change under views that can be made again: a warning naming them; under one that cannot, a difference check fails on", () => {
    const [t] = touchedColumns([change({ kind: "alterColumn", table: { name: "users" }, column: "email", type: "text" })], historyOf([]));
    expect(report(t!, none)).toEqual({ unresolved: [], warnings: [] });
    expect(report(t!, vUsers)).toEqual({
      unresolved: [],
      warnings: ["The type change of users.email drops and makes again, as it runs, the views that read it (PostgreSQL refuses it under them): v_users and rpt.v_top"],
    });
    expect(report(t!, { ...vUsers, blockers: [{ view: "materialized view m", why: "it is a materialized view (its rows and indexes would be lost)", at: { name: "m" }, onlyMaterialized: true }] }).unresolved).toEqual([
      "users.email changes type under views migrator cannot make again as they were (materialized view m: it is a materialized view (its rows and indexes would be lost)): drop them before the change and make them again after (op.execute)",
    ]);
  });

  test("a drop, a generated column recomputed or an enum recreated under a view, and triggers and policies: differences with the statements to use; a table's own go with it", () => {
    const touched = touchedColumns(
      [
        change({ kind: "dropColumn", table: { name: "users" }, column: "email" }),
        change({ kind: "dropTable", table: { name: "users" } }),
      ],
      historyOf([]),
    );
    const one: ViewsOver = { ...none, views: [vUsers.views[0]!] };
    expect(report(touched[0]!, one).unresolved).toEqual([
      "View v_users reads users.email, which this revision drops: PostgreSQL refuses while it exists; drop it first and make it again after, if it still applies (op.dropView / op.createView)",
    ]);
    const trigger = { kind: "trigger", name: "t1", owner: { name: "users" }, drop: "DROP TRIGGER t1 ON users", create: "CREATE TRIGGER t1 ..." } as const;
    const policy = { kind: "policy", name: "p", owner: { name: "teams" }, drop: "DROP POLICY p ON teams", create: "CREATE POLICY p ON teams ..." } as const;
    expect(report(touched[0]!, { ...none, bindings: [trigger, policy] }).unresolved).toEqual([
      `Trigger t1 on users reads users.email, which this revision drops: PostgreSQL refuses while the trigger exists; drop or change the trigger first: op.execute("DROP TRIGGER t1 ON users")`,
      `Policy p on teams reads users.email, which this revision drops: PostgreSQL refuses while the policy exists; drop or change the policy first: op.execute("DROP POLICY p ON teams")`,
    ]);
    // Dropping the table drops its own trigger; another table's policy that reads it stays in the way.
    expect(report(touched[1]!, { ...none, bindings: [trigger, policy] }).unresolved).toEqual([
      `Policy p on teams reads users, which this revision drops: PostgreSQL refuses while the policy exists; drop or change the policy first: op.execute("DROP POLICY p ON teams")`,
    ]);
    const [retyped] = touchedColumns([change({ kind: "alterColumn", table: { name: "users" }, column: "email", type: "text" })], historyOf([]));
    expect(report(retyped!, { ...none, bindings: [trigger] }).unresolved).toEqual([
      `Trigger t1 on users reads users.email: PostgreSQL refuses to change its type while the trigger exists; put op.execute("DROP TRIGGER t1 ON users") before the change and op.execute("CREATE TRIGGER t1 ...") after it (and the same around the downgrade's)`,
    ]);
  });
});
