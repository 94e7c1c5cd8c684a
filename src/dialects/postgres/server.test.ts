import { describe, expect, test } from "bun:test";
import { effectiveLockMode } from "./lock.ts";
import { readServer, versionText } from "./server.ts";

describe("what a PostgreSQL session reads at connect", () => {
  test("a pooler: BackendKeyData names another process than pg_backend_pid()", () => {
    const row = { pid: 10457, version: "150020", recovery: false, read_only: "off", schema: "public" };
    expect(readServer(row, 3539463328)).toEqual({ pid: 10457, versionNum: 150020, pooled: true, readOnly: undefined, currentSchema: "public" });
    expect(readServer(row, 10457).pooled).toBe(false);
    expect(readServer(row, undefined).pooled).toBe(false);
  });

  test("a standby and a read-only default say why", () => {
    expect(readServer({ pid: 1, version: "180004", recovery: true, read_only: "on" }, 1).readOnly).toBe("is a hot standby (in recovery)");
    expect(readServer({ pid: 1, version: "180004", recovery: false, read_only: "on" }, 1).readOnly).toBe("has default_transaction_read_only = on");
    expect(versionText(180004)).toBe("18.4");
  });

  test("auto is the transaction lock behind a pooler, the session lock otherwise; an explicit mode wins", () => {
    const pooled = { pid: 10457, versionNum: 150020, pooled: true, readOnly: undefined, currentSchema: "public" };
    const direct = { ...pooled, pooled: false };
    expect(effectiveLockMode("auto", pooled)).toBe("xact");
    expect(effectiveLockMode("auto", direct)).toBe("session");
    expect(effectiveLockMode("auto", undefined)).toBe("session");
    expect(effectiveLockMode("session", pooled)).toBe("session");
    expect(effectiveLockMode("xact", direct)).toBe("xact");
  });
});
