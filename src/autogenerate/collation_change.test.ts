import { describe, expect, test } from "bun:test";
import { collationChangeNotes } from "./collation_change.ts";

const notes = (from: string | undefined, to: string | undefined, characterSets = true, uniqueKey = false) => collationChangeNotes(from, to, "t.a", { characterSets, uniqueKey });

describe("collationChangeNotes", () => {
  test("another character set may not convert, where collations name one", () => {
    expect(notes("utf8mb4_general_ci", "latin1_swedish_ci")).toEqual([`changes the character set of t.a from utf8mb4 to latin1: values that do not convert make it fail (or become "?" outside strict mode)`]);
    expect(notes("utf8mb4_general_ci", "binary")).toHaveLength(1);
    expect(notes("utf8mb4_general_ci", "utf8mb4_bin")).toEqual([]);
    expect(notes("UTF8MB4_BIN", "utf8mb4_unicode_ci")).toEqual([]);
    // Unknown on either side (offline, the table's default unknown): nothing to say.
    expect(notes("utf8mb4_bin", undefined)).toEqual([]);
    // PostgreSQL's and SQLite's names name no character set.
    expect(notes("en_US", "C", false)).toEqual([]);
  });

  test("a unique key: only a change to a collation that is not binary may make values equal", () => {
    expect(notes("utf8mb4_bin", "utf8mb4_general_ci", true, true)).toEqual(["changes the collation of t.a, which a unique key uses: fails if values become equal under the new one"]);
    expect(notes("utf8mb4_general_ci", "utf8mb4_bin", true, true)).toEqual([]);
    expect(notes("C", "NOCASE", false, true)).toHaveLength(1);
    for (const binary of ["C", "POSIX", "ucs_basic", "BINARY", "latin1_bin"]) expect(notes("NOCASE", binary, false, true)).toEqual([]);
    // The table's default, unknown: may.
    expect(notes("utf8mb4_bin", undefined, true, true)).toHaveLength(1);
    expect(notes("utf8mb4_bin", "latin1_swedish_ci", true, true)).toHaveLength(2);
  });
});
