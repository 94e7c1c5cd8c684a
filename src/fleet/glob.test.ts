import { expect, test } from "bun:test";
import { globMatcher } from "./glob.ts";

test("* and ? match; _ . and % are themselves; commas list several patterns", () => {
  const match = globMatcher("tenant_*, shop_??");
  expect(["tenant_a", "tenant_", "shop_12"].every(match)).toBe(true);
  expect(["tenantXa", "tenant", "shop_1", "shop_123", "xtenant_a"].some(match)).toBe(false);
  expect(globMatcher("a.b%")("a.b%")).toBe(true);
  expect(globMatcher("a.b%")("axb%")).toBe(false);
  expect(globMatcher("")("")).toBe(false);
});
