import { describe, expect, test } from "bun:test";
import type { Op } from "../operations/ops.ts";
import type { ViewModel } from "../schema/model.ts";
import type { Change } from "./change.ts";
import { compareViews, readersFirst } from "./compare_views.ts";
import { orderChanges } from "./order.ts";
import { postgresDialect } from "../dialects/postgres/dialect.ts";

const v = (name: string, query: string, extra: Partial<ViewModel> = {}): ViewModel => ({ name, query, ...extra });

function diff(from: ViewModel[], to: ViewModel[]): Change[] {
  const changes: Change[] = [];
  compareViews(from, to, to, (op, step, key, safety = "additive", note) => changes.push({ op, step, key, safety, ...(note ? { note } : {}) }));
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

  test("readersFirst: a reader before what it reads; unrelated ones by name", () => {
    expect(readersFirst([v("a", "SELECT 1"), v("c", "SELECT * FROM b"), v("b", "SELECT * FROM a")]).map((x) => x.name)).toEqual(["c", "b", "a"]);
    expect(readersFirst([v("y", "SELECT 1"), v("x", "SELECT 2")]).map((x) => x.name)).toEqual(["x", "y"]);
  });
});
