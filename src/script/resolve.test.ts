import { describe, expect, test } from "bun:test";
import { AmbiguousRevisionError, MultipleHeadsError, RevisionRangeError, UnknownRevisionError } from "../errors.ts";
import { RevisionGraph } from "./graph.ts";
import { getRevisions, resolve, resolveOne } from "./resolve.ts";
import { BRANCHES, LABELS, LINEAR, MERGED, R } from "./testing.ts";

// Expected values: tests/alembic_parity/expected.txt (Alembic 1.8.1).
describe("resolve on a line", () => {
  const g = LINEAR();
  test("ids, prefixes, symbols", () => {
    expect(resolve(g, "3333cc", [])).toEqual(["3333cc"]);
    expect(resolve(g, "333", [])).toEqual(["3333cc"]);
    expect(resolve(g, "3", [])).toEqual(["3333cc"]);
    expect(resolve(g, "head", [])).toEqual(["4444dd"]);
    expect(resolve(g, "heads", [])).toEqual(["4444dd"]);
    expect(resolve(g, "base", [])).toEqual([]);
    expect(resolve(g, "current", ["2222bb"])).toEqual(["2222bb"]);
    expect(() => resolve(g, "zzzz", [])).toThrow(UnknownRevisionError);
  });
  test("relative moves", () => {
    expect(resolve(g, "+1", ["2222bb"])).toEqual(["3333cc"]);
    expect(resolve(g, "+2", [])).toEqual(["2222bb"]);
    expect(resolve(g, "2222bb+1", [])).toEqual(["3333cc"]);
    expect(resolve(g, "4444dd-2", [])).toEqual(["2222bb"]);
    expect(resolve(g, "-1", ["4444dd"])).toEqual(["3333cc"]);
    expect(resolve(g, "-4", ["4444dd"])).toEqual([]); // down to base
    expect(() => resolve(g, "+2", ["3333cc"])).toThrow(RevisionRangeError);
    expect(() => resolve(g, "-3", ["2222bb"])).toThrow(RevisionRangeError);
    expect(() => resolve(g, "4444dd+1", [])).toThrow(RevisionRangeError);
    expect(() => resolve(g, "-1", [])).toThrow(RevisionRangeError);
  });
  test("Alembic get_revisions: -n walks down from the graph's heads", () => {
    expect(getRevisions(g, "-1")).toEqual(["3333cc"]);
    expect(getRevisions(g, "-2")).toEqual(["2222bb"]);
  });
  test("ambiguous prefix; short ids are only matched exactly", () => {
    const h = RevisionGraph.build([R("ab11"), R("ab22", "ab11"), R("abc", "ab22")]);
    expect(() => resolve(h, "ab", [])).toThrow(AmbiguousRevisionError);
    expect(resolve(h, "ab2", [])).toEqual(["ab22"]);
    expect(resolve(h, "abc", [])).toEqual(["abc"]);
    expect(() => resolve(h, "abc1", [])).toThrow(UnknownRevisionError);
  });
});

describe("resolve with branches", () => {
  const g = BRANCHES();
  test("labels", () => {
    expect(resolve(g, "left@head", [])).toEqual(["b2left"]);
    expect(resolve(g, "left@heads", [])).toEqual(["b2left"]);
    expect(resolve(g, "left@base", [])).toEqual([]);
    expect(resolve(g, "left", [])).toEqual(["b1left"]);
    expect(resolve(g, "left@b1le", [])).toEqual(["b1left"]);
    expect(resolve(g, "left@a0base", [])).toEqual(["a0base"]);
    expect(resolve(g, "lef", [])).toEqual(["b1left"]); // Alembic matches label prefixes too
    expect(() => resolve(g, "left@c1rght", [])).toThrow(/not on branch "left"/);
    expect(() => resolve(g, "nope@head", [])).toThrow(UnknownRevisionError);
  });
  test("head with two heads", () => {
    expect(resolve(g, "heads", [])).toEqual(["b2left", "c2rght"]);
    expect(() => resolve(g, "head", [])).toThrow(MultipleHeadsError);
    expect(() => resolveOne(g, "heads", [])).toThrow(MultipleHeadsError);
    expect(resolveOne(g, "base", [])).toBeNull();
  });
  test("relative with labels and several current heads", () => {
    expect(resolve(g, "left@+1", [])).toEqual(["a0base"]);
    expect(resolve(g, "right@+1", ["b1left"])).toEqual(["c1rght"]);
    expect(resolve(g, "+1", ["b1left"])).toEqual(["b2left"]);
    expect(() => resolve(g, "+1", ["b1left", "c1rght"])).toThrow(RevisionRangeError);
    expect(resolve(g, "right@-1", ["b2left", "c2rght"])).toEqual(["c1rght"]);
    expect(resolve(g, "left@-2", ["b2left", "c2rght"])).toEqual(["a0base"]);
    // Alembic walks from the first version row; we from the first current head in id order.
    expect(resolve(g, "-1", ["c2rght", "b2left"])).toEqual(["b1left"]);
    expect(() => resolve(g, "a0base+1", [])).toThrow(RevisionRangeError); // two children
  });
});

test("resolve after a merge", () => {
  const g = MERGED();
  expect(resolve(g, "left@head", [])).toEqual(["e1tail"]);
  expect(resolve(g, "right@head", [])).toEqual(["e1tail"]);
  expect(resolve(g, "b2left+1", [])).toEqual(["d1merg"]);
  expect(() => resolve(g, "e1tail-2", [])).toThrow(/several parents/);
  expect(() => resolve(g, "-1", ["d1merg"])).toThrow(RevisionRangeError);
});

test("head-1 and heads+1 with two heads are ambiguous", () => {
  const g = LABELS();
  expect(() => resolve(g, "head-1", [])).toThrow(MultipleHeadsError);
  expect(() => resolve(g, "heads+1", ["3333cc"])).toThrow(MultipleHeadsError);
  expect(resolve(g, "mid@head", [])).toEqual(["3333cc"]);
  expect(resolve(g, "mid@+1", ["1111aa"])).toEqual(["2222bb"]);
  expect(resolve(g, "other", [])).toEqual(["9999zz"]);
});
