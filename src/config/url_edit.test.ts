import { expect, test } from "bun:test";
import { parseDatabaseUrl } from "./url.ts";
import { withDatabase, withQueryParam } from "./url_edit.ts";

test("withQueryParam appends, replaces, and encodes", () => {
  expect(withQueryParam("postgresql://u:p@h/db", "search_path", "tenant_a")).toBe("postgresql://u:p@h/db?search_path=tenant_a");
  expect(withQueryParam("postgresql://u:p@h/db?sslmode=disable&search_path=x", "search_path", '"T 1"')).toBe(
    "postgresql://u:p@h/db?sslmode=disable&search_path=%22T%201%22",
  );
  expect(parseDatabaseUrl(withQueryParam("postgresql://u:p@h/db", "search_path", '"T 1"')).params["search_path"]).toBe('"T 1"');
});

test("withDatabase swaps the database and keeps user info, port and query", () => {
  expect(withDatabase("mysql://root:s3@cr/et@127.0.0.1:3306/test?ssl=false", "tenant_b")).toBe("mysql://root:s3@cr/et@127.0.0.1:3306/tenant_b?ssl=false");
  expect(withDatabase("mysql://root@127.0.0.1", "t")).toBe("mysql://root@127.0.0.1/t");
  const parsed = parseDatabaseUrl(withDatabase("mysql://root:p%40ss@h:3307/a", "b"));
  expect([parsed.database, parsed.password, parsed.port]).toEqual(["b", "p@ss", 3307]);
});
