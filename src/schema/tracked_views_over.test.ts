import { describe, expect, test } from "bun:test";
import type { Op } from "../operations/ops.ts";
import { SchemaTracker } from "./tracker.ts";

const users = { name: "users" };
const made = (...ops: Op[]) => {
  const tracker = new SchemaTracker();
  for (const op of [{ kind: "createTable", table: users, columns: [{ name: "id", type: "integer" }, { name: "email", type: "text" }, { name: "score", type: "integer" }] } as Op, ...ops]) tracker.record(op);
  return tracker;
};
const around = async (tracker: SchemaTracker, column = "email") => (await tracker.viewsOver([{ table: users, column }])).views.map((v) => v.name);

describe("the views an offline script goes around (tracked_views_over.ts)", () => {
  test("those that read the column's table and name the column or select *, then their readers, each after what it reads", async () => {
    const t = made(
      { kind: "createView", name: "emails", query: "SELECT id, email FROM users" },
      { kind: "createView", name: "everything", query: "SELECT * FROM users" },
      { kind: "createView", name: "scores", query: "SELECT id, score FROM users" },
      { kind: "createView", name: "email_ids", query: "SELECT id FROM emails" },
    );
    expect(await around(t)).toEqual(["emails", "everything", "email_ids"]);
    expect(await around(t, "score")).toEqual(["everything", "scores"]);
  });

  test("count(*) and a product select no column; a materialized view is never made again offline", async () => {
    const t = made(
      { kind: "createView", name: "counted", query: "SELECT count(*) AS n FROM users" },
      { kind: "createView", name: "doubled", query: "SELECT id * 2 AS twice FROM users" },
      { kind: "createView", name: "frozen", query: "SELECT id, email FROM users", materialized: true },
    );
    expect(await t.viewsOver([{ table: users, column: "email" }])).toEqual({ views: [], blockers: [], bindings: [] });
  });

  test("forgotten once raw SQL names it, its table is renamed or dropped, a column of it renamed or dropped, or its schema dropped", async () => {
    const v = { kind: "createView", name: "v", query: "SELECT id, email FROM users" } as const;
    expect(await around(made(v))).toEqual(["v"]);
    expect(await around(made(v, { kind: "execute", sql: "DROP VIEW v" }))).toEqual([]);
    expect(await around(made(v, { kind: "execute", sql: "UPDATE users SET score = 0" }))).toEqual(["v"]);
    // A view that followed its table to a new name must not be made again from its old text over a new table of that name.
    expect(await around(made(v, { kind: "renameTable", table: users, newName: "old_users" }, { kind: "createTable", table: users, columns: [{ name: "email", type: "text" }] }))).toEqual([]);
    expect(await around(made(v, { kind: "alterColumn", table: users, column: "score", newName: "points" }))).toEqual([]);
    expect(await around(made(v, { kind: "dropColumn", table: users, column: "score" }))).toEqual([]);
    expect(await around(made({ ...v, schema: "rpt" }, { kind: "dropSchema", name: "rpt", cascade: true }))).toEqual([]);
  });
});
