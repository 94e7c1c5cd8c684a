import { expect, test } from "bun:test";
import type { Config } from "../config/types.ts";
import { isBookkeepingTable } from "./session.ts";

test("schema comparisons leave out the version, history and lease tables", () => {
  const skip = isBookkeepingTable({ versionTable: "migrator_version", versionTableSchema: null } as unknown as Config);
  expect(skip({ name: "migrator_version" })).toBe(true);
  expect(skip({ name: "migrator_history" })).toBe(true);
  expect(skip({ name: "migrator_lock" })).toBe(true);
  expect(skip({ name: "migrator_lock", schema: "other" })).toBe(false);
  expect(skip({ name: "users" })).toBe(false);
});
