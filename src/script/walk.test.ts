import { describe, expect, test } from "bun:test";
import { RevisionRangeError, UsageError } from "../errors.ts";
import { historyRevisions, iterateRevisions } from "./walk.ts";
import { BRANCHES, DEPS, LABELS, LINEAR, MERGED, THREE } from "./testing.ts";

// `alembic history -r ...` as printed by Alembic 1.8.1 (newest first).
describe("history ranges", () => {
  test("line", () => {
    const g = LINEAR();
    expect(historyRevisions(g, null, [])).toEqual(["4444dd", "3333cc", "2222bb", "1111aa"]);
    expect(historyRevisions(g, "2222bb:3333cc", [])).toEqual(["3333cc", "2222bb"]);
    expect(historyRevisions(g, ":2222bb", [])).toEqual(["2222bb", "1111aa"]);
    expect(historyRevisions(g, "3333cc:", [])).toEqual(["4444dd", "3333cc"]);
    expect(historyRevisions(g, "current:", ["2222bb"])).toEqual(["4444dd", "3333cc", "2222bb"]);
    expect(historyRevisions(g, ":current", ["2222bb"])).toEqual(["2222bb", "1111aa"]);
    expect(historyRevisions(g, "-2:", [])).toEqual(["4444dd", "3333cc", "2222bb"]);
    expect(historyRevisions(g, "2222bb:+1", [])).toEqual(["3333cc", "2222bb"]);
    expect(() => historyRevisions(g, "3333cc:2222bb", [])).toThrow(RevisionRangeError);
    expect(() => historyRevisions(g, "3333cc", [])).toThrow(UsageError);
  });
  test("branches", () => {
    const g = BRANCHES();
    expect(historyRevisions(g, null, [])).toEqual(["b2left", "b1left", "c2rght", "c1rght", "a0base"]);
    expect(historyRevisions(g, "left@base:left@head", [])).toEqual(["b2left", "b1left", "a0base"]);
    expect(historyRevisions(g, ":b2left", [])).toEqual(["b2left", "b1left", "a0base"]);
    expect(historyRevisions(g, "b1left:", [])).toEqual(["b2left", "b1left"]);
    expect(historyRevisions(g, "current:", ["b1left", "c1rght"])).toEqual(["b2left", "b1left", "c2rght", "c1rght"]);
    expect(historyRevisions(g, "-1:", [])).toEqual(["b2left", "b1left", "c2rght", "c1rght"]);
  });
  test("merge, dependsOn, merge of three", () => {
    const m = MERGED();
    expect(historyRevisions(m, null, [])).toEqual(["e1tail", "d1merg", "b2left", "b1left", "c2rght", "c1rght", "a0base"]);
    expect(historyRevisions(m, "c1rght:d1merg", [])).toEqual(["d1merg", "c2rght", "c1rght"]);
    expect(historyRevisions(m, "b2left:", [])).toEqual(["e1tail", "d1merg", "b2left"]);
    const d = DEPS();
    expect(historyRevisions(d, null, [])).toEqual(["x3last", "y2next", "y1base", "x2next", "x1base"]);
    expect(historyRevisions(d, "x2next:", [])).toEqual(["x3last", "x2next"]);
    expect(historyRevisions(d, ":y1base", [])).toEqual(["y1base", "x2next", "x1base"]);
    expect(historyRevisions(THREE(), null, [])).toEqual(["s1merg", "p1pppp", "q1qqqq", "r1rrrr", "m0root"]);
  });
  test("labels; a relative start walking down to base means from base", () => {
    const g = LABELS();
    expect(historyRevisions(g, "mid@base:", [])).toEqual(["3333cc", "2222bb", "1111aa"]);
    // Alembic 1.8.1 refuses "-3:" here ("base" is not an ancestor); we read it as from base.
    expect(historyRevisions(g, "-3:", [])).toEqual(["3333cc", "9999zz", "2222bb", "1111aa"]);
    expect(() => historyRevisions(g, ":-1", [])).toThrow(RevisionRangeError);
  });
  test("empty version table: current means the open end", () => {
    expect(historyRevisions(LINEAR(), "current:", [])).toEqual(["4444dd", "3333cc", "2222bb", "1111aa"]);
  });
});

test("iterateRevisions without history's defaults", () => {
  const g = LINEAR();
  expect(iterateRevisions(g, "heads", ["2222bb"])).toEqual(["4444dd", "3333cc"]);
  expect(iterateRevisions(g, ["4444dd"], "2222bb", { downgrade: true })).toEqual(["4444dd", "3333cc"]);
  expect(iterateRevisions(g, ["4444dd"], "2222bb", { downgrade: true, inclusive: true })).toEqual(["4444dd", "3333cc", "2222bb"]);
});
