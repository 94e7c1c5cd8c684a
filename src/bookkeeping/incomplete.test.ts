import { describe, expect, test } from "bun:test";
import { incompleteRevisionError } from "./incomplete.ts";
import type { HistoryRow } from "./row.ts";

const row = (state: "started" | "failed", error: string | null): HistoryRow => ({
  id: 2,
  revision: "a1",
  direction: "upgrade",
  state,
  statements: 1,
  checksum: null,
  startedAt: "2026-12-03T09:13:07.430Z",
  finishedAt: null,
  durationMs: null,
  runBy: "app",
  host: "vm",
  toolVersion: "0.1.0",
  error,
});

describe("incompleteRevisionError", () => {
  test("an interrupted revision: the next statement may have run", () => {
    const message = incompleteRevisionError(row("started", null), []).message;
    expect(message).toContain("was interrupted");
    expect(message).toContain("1 of its statements had completed and stay applied (statement 2 may have run too if the run died right after it)");
    expect(message).toContain("resume at statement 2");
  });

  test("a failed revision: the run recorded its failure, so it did not die after a statement", () => {
    const message = incompleteRevisionError(row("failed", "Table 'ffail.nope' doesn't exist"), ["x"]).message;
    expect(message).toContain(`failed (Table 'ffail.nope' doesn't exist)`);
    expect(message).toContain("1 of its statements had completed and stay applied, and the version table is still at \"x\"");
    expect(message).not.toContain("may have run too");
  });
});
