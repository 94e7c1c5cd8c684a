import { describe, expect, test } from "bun:test";
import { conventionName, fitName, hash8 } from "./naming.ts";

describe("naming convention", () => {
  test("Alembic's tokens", () => {
    const parts = { table: "users", columns: ["org_id", "email"], refTable: "orgs", expression: "a > 0" };
    expect(conventionName("uq_%(table_name)s_%(column_0_N_name)s", parts, 0)).toBe("uq_users_org_id_email");
    expect(conventionName("fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", parts, 0)).toBe("fk_users_org_id_orgs");
    expect(conventionName("ck_%(table_name)s_%(expression_hash)s", parts, 0)).toBe(`ck_users_${hash8("a > 0")}`);
  });

  test("a name over the limit is cut with a stable hash of the whole, and never re-diffs", () => {
    const long = `ix_${"a".repeat(70)}`;
    const cut = fitName(long, 63);
    expect(new TextEncoder().encode(cut).length).toBe(63);
    expect(cut).toBe(fitName(long, 63));
    expect(cut.endsWith(`_${hash8(long)}`)).toBe(true);
    // Two names that share their first 63 bytes stay apart.
    expect(fitName(`${long}_x`, 63)).not.toBe(fitName(`${long}_y`, 63));
    expect(fitName("short", 63)).toBe("short");
    expect(fitName(long, 0)).toBe(long);
  });

  test("a multi-byte character is never cut in two", () => {
    const cut = fitName(`ix_${"é".repeat(40)}`, 63);
    expect(cut).not.toContain("\uFFFD");
    expect(new TextEncoder().encode(cut).length).toBeLessThanOrEqual(63);
  });
});
