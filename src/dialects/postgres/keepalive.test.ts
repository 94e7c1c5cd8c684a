import { describe, expect, test } from "bun:test";
import { parseDatabaseUrl } from "../../config/url.ts";
import { PG_URL } from "../../../tests/backend/databases.ts";
import { connectPostgres } from "./connection.ts";
import { serverKeepalive } from "./keepalive.ts";

describe("the server's side of network_timeout", () => {
  test("probes after half the timeout, gives up about a timeout after the last answer", () => {
    expect(serverKeepalive(60_000)).toBe(
      "SELECT set_config('tcp_keepalives_idle', '30', false), set_config('tcp_keepalives_interval', '3', false), " +
        "set_config('tcp_keepalives_count', '10', false), set_config('tcp_user_timeout', '60000', false)",
    );
    expect(serverKeepalive(3000)).toContain("'tcp_keepalives_idle', '2'");
  });

  test("a migration session has them on the server; a read-only one is left as it was", async () => {
    const url = parseDatabaseUrl(PG_URL);
    const settings = "SELECT current_setting('tcp_keepalives_idle') AS idle, current_setting('tcp_user_timeout') AS user_timeout";
    const conn = await connectPostgres(url, { timeoutMs: 5000, tableLockTimeoutMs: 60_000, networkTimeoutMs: 20_000 });
    const reader = await connectPostgres(url, { timeoutMs: 5000, readOnly: true, networkTimeoutMs: 20_000 });
    try {
      expect(await conn.query(settings)).toEqual([{ idle: "10", user_timeout: "20000" }]);
      expect((await reader.query<{ idle: string }>(settings))[0]?.idle).not.toBe("10");
    } finally {
      await conn.close();
      await reader.close();
    }
  });
});
