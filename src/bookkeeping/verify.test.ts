import { describe, expect, test } from "bun:test";
import { RevisionGraph } from "../script/graph.ts";
import { revision } from "../script/revision.ts";
import type { HistoryRow } from "./row.ts";
import { isIncomplete } from "./row.ts";
import { checkHistory, historyMatches } from "./verify.ts";

const graph = RevisionGraph.build([revision("a", null, { path: "a.ts" }), revision("b", "a", { path: "b.ts" }), revision("c", "b", { path: "c.ts" })]);
let id = 0;
const row = (revision: string, direction: HistoryRow["direction"], state: HistoryRow["state"], checksum: string | null = null, statements = 1): HistoryRow => ({
  id: ++id, revision, direction, state, statements, checksum, startedAt: "2026-12-01T00:00:00.000Z", finishedAt: null, durationMs: null, runBy: null, host: null, toolVersion: null, error: null,
});
const files: Record<string, string> = { "a.ts": "sum-a", "b.ts": "sum-b2", "c.ts": "sum-c" };

describe("checkHistory", () => {
  test("changed files, revisions without a checksum, unknown version rows and missing files", () => {
    const rows = [row("a", "upgrade", "completed", "sum-a"), row("b", "upgrade", "completed", "sum-b"), row("gone", "upgrade", "completed", "x"), row("old", "upgrade", "completed", "y"), row("old", "downgrade", "completed")];
    const check = checkHistory(graph, ["b", "zz"], rows, (p) => files[p]!);
    expect(check).toEqual({
      changed: [{ revision: "b", path: "b.ts", recorded: "sum-b", current: "sum-b2" }],
      missing: ["gone"],
      unknown: ["zz"],
      unrecorded: [],
    });
    expect(historyMatches(check)).toBe(false);
  });

  test("a repair's checksum replaces the upgrade's; revisions applied before the history are unrecorded, not changed", () => {
    const rows = [row("b", "upgrade", "completed", "sum-b"), row("b", "repair", "completed", "sum-b2")];
    const check = checkHistory(graph, ["b"], rows, (p) => files[p]!);
    expect(check).toEqual({ changed: [], missing: [], unknown: [], unrecorded: ["a"] });
    expect(historyMatches(check)).toBe(true);
  });

  test("a failed or started row carries no checksum to compare with", () => {
    expect(checkHistory(graph, ["a"], [row("a", "upgrade", "failed", "other", 0)], (p) => files[p]!).changed).toEqual([]);
  });
});

describe("isIncomplete", () => {
  test("started rows, and failed rows with statements that stay applied", () => {
    expect(isIncomplete(row("a", "upgrade", "started", null, 0))).toBe(true);
    expect(isIncomplete(row("a", "upgrade", "failed", null, 2))).toBe(true);
    expect(isIncomplete(row("a", "upgrade", "failed", null, 0))).toBe(false);
    expect(isIncomplete(row("a", "upgrade", "cleared", null, 2))).toBe(false);
    expect(isIncomplete(row("a", "upgrade", "completed", null, 2))).toBe(false);
  });
});
