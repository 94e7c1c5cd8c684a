import { describe, expect, test } from "bun:test";
import type { Op } from "../operations/ops.ts";
import type { ViewModel } from "../schema/model.ts";
import type { Change } from "./change.ts";
import { compareViews, ordered } from "./compare_views.ts";
import { orderChanges } from "./order.ts";
import { postgresDialect } from "../dialects/postgres/dialect.ts";

const v = (name: string, query: string, extra: Partial<ViewModel> = {}): ViewModel => ({ name, query, ...extra });

function diff(from: ViewModel[], to: ViewModel[], hidden: ViewModel[] = [], unresolved: string[] = []): Change[] {
  const changes: Change[] = [];
  const add = (op: Op, step: number, key: string, safety: Change["safety"] = "additive", note?: string) => changes.push({ op, step, key, safety, ...(note ? { note } : {}) });
  compareViews({ from, to, declared: to, hidden, remake: () => false }, add, unresolved);
  return orderChanges(changes, postgresDialect.capabilities);
}

const shown = (ops: readonly Op[]) => ops.map((op) => `${op.kind} ${"name" in op ? op.name : ""}`);

describe("compareViews", () => {
  test("the same query, written with other white space and a trailing semicolon, is no difference", () => {
    expect(diff([v("a", " SELECT id\n  FROM t;")], [v("a", "SELECT id FROM t")])).toEqual([]);
  });

  test("a missing view is made, an undeclared one dropped (destructive), a changed one dropped and made again", () => {
    const changes = diff([v("gone", "SELECT 1"), v("changed", "SELECT id FROM t")], [v("changed", "SELECT id FROM t WHERE id > 0"), v("new", "SELECT 2")]);
    expect(shown(changes.map((c) => c.op))).toEqual(["dropView changed", "dropView gone", "createView changed", "createView new"]);
    expect(changes.find((c) => c.op.kind === "dropView" && c.op.name === "gone")?.safety).toBe("destructive");
    expect(changes.find((c) => c.op.kind === "dropView" && c.op.name === "changed")?.safety).toBe("additive");
    // The downgrade needs the view as it was.
    const drop = changes.find((c) => c.op.kind === "dropView" && c.op.name === "changed")!.op;
    expect(drop.kind === "dropView" && drop.existing?.query).toBe("SELECT id FROM t");
  });

  test("a check option changed is a difference", () => {
    expect(shown(diff([v("a", "SELECT id FROM t")], [v("a", "SELECT id FROM t", { checkOption: "local" })]).map((c) => c.op))).toEqual(["dropView a", "createView a"]);
  });

  test("a view reading one made again goes and comes back with it, in dependency order", () => {
    const base = v("base", "SELECT id FROM t");
    const top = v("top", 'SELECT id FROM "mid"');
    const mid = v("mid", "SELECT id FROM base");
    const changes = diff([top, mid, base], [top, mid, v("base", "SELECT id FROM t WHERE id > 1")]);
    expect(shown(changes.map((c) => c.op))).toEqual(["dropView top", "dropView mid", "dropView base", "createView base", "createView mid", "createView top"]);
  });

  test("ordered: a reader before what it reads (or after); unrelated ones by name; a column alias named like a view is no dependency", () => {
    expect(ordered([v("a", "SELECT 1"), v("c", "SELECT * FROM b"), v("b", "SELECT * FROM a")], true).map((x) => x.name)).toEqual(["c", "b", "a"]);
    expect(ordered([v("a", "SELECT 1"), v("c", "SELECT * FROM b"), v("b", "SELECT * FROM a")], false).map((x) => x.name)).toEqual(["a", "b", "c"]);
    expect(ordered([v("y", "SELECT 1"), v("x", "SELECT 2")], false).map((x) => x.name)).toEqual(["x", "y"]);
    expect(ordered([v("counts", "SELECT count(*) AS summary FROM users"), v("summary", "SELECT summary FROM counts")], false).map((x) => x.name)).toEqual(["counts", "summary"]);
  });

  test("a view the filters leave out that reads one made again is made again as it is; one that reads a view dropped is left, and said", () => {
    const hidden = v("report", "SELECT id FROM base", { kept: { comment: "kept" } });
    const changes = diff([v("base", "SELECT id FROM t")], [v("base", "SELECT id FROM t WHERE id > 1")], [hidden]);
    expect(shown(changes.map((c) => c.op))).toEqual(["dropView report", "dropView base", "createView base", "createView report"]);
    expect(changes.at(-1)!.op).toEqual({ kind: "createView", name: "report", query: "SELECT id FROM base", comment: "kept" });
    const unresolved: string[] = [];
    const dropped = diff([v("base", "SELECT id FROM t")], [], [hidden], unresolved);
    expect(shown(dropped.map((c) => c.op))).toEqual(["dropView base"]);
    expect(unresolved).toEqual(['View base is dropped, but view report, which the schema leaves out, reads it: change or drop report first']);
  });

  test("a view whose definition cannot be read (MySQL without SHOW VIEW) is not compared, and said", () => {
    const unresolved: string[] = [];
    expect(diff([v("secret", "")], [v("secret", "SELECT 1")], [], unresolved)).toEqual([]);
    expect(unresolved[0]).toContain("SHOW VIEW");
  });
});
