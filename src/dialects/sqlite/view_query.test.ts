import { expect, test } from "bun:test";
import { UnsupportedOperationError } from "../../errors.ts";
import { sqliteViewQuery } from "./view_query.ts";

test("the SELECT after the view's name (and column list), as written", () => {
  const q = (sql: string) => sqliteViewQuery(sql, "v");
  expect(q(`CREATE VIEW "v" AS SELECT id, name FROM users WHERE active`)).toBe("SELECT id, name FROM users WHERE active");
  expect(q(`CREATE VIEW IF NOT EXISTS v AS SELECT 1`)).toBe("SELECT 1");
  expect(q(`CREATE TEMP VIEW v as select 1`)).toBe("select 1");
  expect(q(`create temporary view if not exists main.v As\n  select 1\n`)).toBe("select 1");
  expect(q("CREATE VIEW `a s` AS SELECT 'AS' AS x")).toBe("SELECT 'AS' AS x");
  expect(q(`CREATE VIEW [my view] /* AS not here */ AS SELECT 2`)).toBe("SELECT 2");
  expect(q(`CREATE VIEW "as"."as"(a, "b)", c) AS SELECT 1, 2, (3)`)).toBe("SELECT 1, 2, (3)");
  expect(q(`CREATE VIEW v(a) AS WITH x AS (SELECT 1) SELECT * FROM x`)).toBe("WITH x AS (SELECT 1) SELECT * FROM x");
});

test("text that is no CREATE VIEW is refused with a typed error", () => {
  expect(() => sqliteViewQuery("CREATE TABLE v (a)", "v")).toThrow(UnsupportedOperationError);
  expect(() => sqliteViewQuery("CREATE VIEW v SELECT 1", "v")).toThrow(UnsupportedOperationError);
});
