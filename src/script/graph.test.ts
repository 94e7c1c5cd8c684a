import { describe, expect, test } from "bun:test";
import {
  AmbiguousRevisionError,
  BranchLabelError,
  CycleError,
  DuplicateRevisionError,
  MissingParentError,
  ScriptError,
} from "../errors.ts";
import { RevisionGraph } from "./graph.ts";
import { BRANCHES, DEPS, LABELS, LINEAR, MERGED, R, THREE } from "./testing.ts";

describe("RevisionGraph.build validation", () => {
  test("duplicate id", () => {
    expect(() => RevisionGraph.build([R("aaaa"), R("aaaa")])).toThrow(DuplicateRevisionError);
  });
  test("reserved or malformed ids; the first revision at fault is the one reported", () => {
    for (const id of ["", "head", "heads", "base", "current", "a@b", "a+b", "a-b"]) {
      expect(() => RevisionGraph.build([R("aaaa"), R(id, "aaaa")])).toThrow(/is reserved or contains/);
    }
    expect(() => RevisionGraph.build([R("aaaa"), R("aaaa"), R("head")])).toThrow(DuplicateRevisionError);
    expect(() => RevisionGraph.build([R("head"), R("aaaa"), R("aaaa")])).toThrow(/"head" is reserved/);
    // Ids are looked for in their text joined by line breaks: one holding a line break is not taken for a reserved one.
    expect(RevisionGraph.build([R("x\nhead"), R("base\ny", "x\nhead")]).heads).toEqual(["base\ny"]);
  });
  test("missing downRevision and dependsOn", () => {
    expect(() => RevisionGraph.build([R("aaaa", "bbbb")])).toThrow(MissingParentError);
    expect(() => RevisionGraph.build([R("aaaa", null, [], ["zzzz"])])).toThrow(/dependsOn "zzzz"/);
  });
  test("cycle, reported as a path", () => {
    const e = (() => {
      try {
        RevisionGraph.build([R("aaaa", "cccc"), R("bbbb", "aaaa"), R("cccc", "bbbb"), R("root")]);
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(CycleError);
    expect((e as CycleError).revisions).toEqual(["bbbb", "cccc", "aaaa", "bbbb"]);
    expect(() => RevisionGraph.build([R("aaaa", "aaaa")])).toThrow(CycleError);
    expect(() => RevisionGraph.build([R("aaaa", null, [], ["bbbb"]), R("bbbb", "aaaa")])).toThrow(CycleError);
  });
  test("branch label clashes with a label, an id, or a reserved word", () => {
    expect(() => RevisionGraph.build([R("aaaa", null, ["x"]), R("bbbb", "aaaa", ["x"])])).toThrow(BranchLabelError);
    expect(() => RevisionGraph.build([R("aaaa", null, ["bbbb"]), R("bbbb", "aaaa")])).toThrow(/already used by revision "bbbb"/);
    expect(() => RevisionGraph.build([R("aaaa", null, ["heads"])])).toThrow(BranchLabelError);
  });
  test("ids with @ + - are refused", () => {
    expect(() => RevisionGraph.build([R("ab-1")])).toThrow(ScriptError);
  });
  test("dependsOn by label, by id prefix; ambiguous prefix", () => {
    const g = RevisionGraph.build([R("aaaa11", null, ["lib"]), R("bbbb22"), R("cccc33", "bbbb22", [], ["lib", "bbbb"])]);
    expect(g.dependencies("cccc33")).toEqual(["aaaa11", "bbbb22"]);
    expect(g.normalizedParents("cccc33")).toEqual(["bbbb22", "aaaa11"]);
    expect(() => RevisionGraph.build([R("ab11"), R("ab22"), R("cc33", null, [], ["ab"])])).toThrow(AmbiguousRevisionError);
  });
});

describe("heads, bases, order (id order where Alembic uses the directory listing)", () => {
  test("branches", () => {
    const g = BRANCHES();
    expect(g.heads).toEqual(["b2left", "c2rght"]);
    expect(g.bases).toEqual(["a0base"]);
    expect(g.children("a0base")).toEqual(["b1left", "c1rght"]);
    expect(g.revisions.map((r) => r.revision)).toEqual(["a0base", "b1left", "b2left", "c1rght", "c2rght"]);
  });
  test("dependsOn: heads, real heads, bases; normalized parents", () => {
    const g = DEPS();
    expect(g.heads).toEqual(["x3last", "y2next"]);
    expect(g.realHeads).toEqual(["x3last", "y2next"]);
    expect(g.bases).toEqual(["x1base", "y1base"]);
    expect(g.normalizedParents("y1base")).toEqual(["x2next"]);
    expect(g.children("x2next")).toEqual(["x3last"]);
    expect(g.children("x2next", true)).toEqual(["x3last", "y1base"]);
    expect(g.revisions.map((r) => r.revision)).toEqual(["x1base", "x2next", "x3last", "y1base", "y2next"]);
  });
  test("a dependency on a revision that nothing else follows is not a real head", () => {
    const g = RevisionGraph.build([R("aaaa"), R("bbbb", null, [], ["aaaa"])]);
    expect(g.heads).toEqual(["aaaa", "bbbb"]);
    expect(g.realHeads).toEqual(["bbbb"]);
  });
  test("dependsOn already implied by an ancestor's dependsOn is dropped from normalized parents", () => {
    const g = RevisionGraph.build([R("aaaa"), R("bbbb", null, [], ["aaaa"]), R("cccc", "bbbb", [], ["aaaa"])]);
    expect(g.dependencies("cccc")).toEqual(["aaaa"]);
    expect(g.normalizedParents("cccc")).toEqual(["bbbb"]);
  });
  test("ancestors and descendants, with and without dependsOn", () => {
    const g = DEPS();
    expect(new Set(g.ancestors(["y2next"]))).toEqual(new Set(["y2next", "y1base", "x2next", "x1base"]));
    expect(g.ancestors(["y2next"], false).sort()).toEqual(["y1base", "y2next"]);
    expect(g.descendants(["x2next"]).sort()).toEqual(["x2next", "x3last", "y1base", "y2next"]);
    expect(g.descendants(["x2next"], false).sort()).toEqual(["x2next", "x3last"]);
  });
  test("merge of three", () => {
    const g = THREE();
    expect(g.heads).toEqual(["s1merg"]);
    expect(g.parents("s1merg")).toEqual(["p1pppp", "q1qqqq", "r1rrrr"]);
  });
});

describe("branch labels are inherited as Alembic does (checked with Alembic 1.8.1)", () => {
  test("descendants inherit; the branch point does not", () => {
    const g = BRANCHES();
    expect(g.labelsOf("a0base")).toEqual([]);
    expect(g.labelsOf("b2left")).toEqual(["left"]);
    expect(g.labelsOf("c2rght")).toEqual(["right"]);
    expect(g.labelOwner("left")).toBe("b1left");
  });
  test("after a merge both labels apply", () => {
    const g = MERGED();
    expect(g.labelsOf("d1merg")).toEqual(["left", "right"]);
    expect(g.labelsOf("e1tail")).toEqual(["left", "right"]);
  });
  test("labels walk down a line until a branch point", () => {
    const g = RevisionGraph.build([R("1111aa"), R("2222bb", "1111aa", ["mid"]), R("3333cc", "2222bb")]);
    expect(g.labelsOf("1111aa")).toEqual(["mid"]);
    const l = LABELS();
    expect(l.labelsOf("1111aa")).toEqual([]);
    expect(l.labelsOf("3333cc")).toEqual(["mid"]);
    expect(l.normalizedParents("9999zz")).toEqual(["2222bb"]);
  });
});

test("5,000 linear revisions: build and heads", () => {
  const revs = Array.from({ length: 5000 }, (_, i) => R(`r${String(i).padStart(5, "0")}`, i ? `r${String(i - 1).padStart(5, "0")}` : null));
  const g = RevisionGraph.build(revs.reverse());
  expect(g.heads).toEqual(["r04999"]);
  expect(g.bases).toEqual(["r00000"]);
  expect(g.revisions.length).toBe(5000);
  expect(LINEAR().heads).toEqual(["4444dd"]);
});
