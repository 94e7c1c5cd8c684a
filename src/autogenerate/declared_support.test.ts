import { expect, test } from "bun:test";
import { POSTGRES_CAPABILITIES } from "../dialects/postgres/dialect.ts";
import { SQLITE_CAPABILITIES } from "../dialects/sqlite/dialect.ts";
import { defineSchema, table } from "./declare.ts";
import { checkDeclaredSupport } from "./declared_support.ts";

const schema = (options: Parameters<typeof table>[2]) => defineSchema({ tables: [table({ name: "t", schema: "app" }, [{ name: "a", type: "int" }], options)] });

test("a declared key with nulls or opclass is refused where the dialect cannot write it, even PostgreSQL's default nulls", () => {
  const nulls = schema({ indexes: [{ name: "ix_t_a", columns: [{ name: "a", nulls: "last" }] }] });
  expect(() => checkDeclaredSupport(nulls, SQLITE_CAPABILITIES, "sqlite")).toThrow(`Table "app.t" in the declared schema: index "ix_t_a" key "a" has nulls: "last" (NULLS LAST), which sqlite does not have (PostgreSQL does): leave nulls out`);
  const opclass = schema({ indexes: [{ columns: [{ expression: "lower(a)", opclass: "text_pattern_ops" }] }] });
  expect(() => checkDeclaredSupport(opclass, SQLITE_CAPABILITIES, "sqlite")).toThrow(`index key (lower(a)) has opclass "text_pattern_ops"`);
  expect(() => checkDeclaredSupport(nulls, POSTGRES_CAPABILITIES, "postgres")).not.toThrow();
  expect(() => checkDeclaredSupport(opclass, POSTGRES_CAPABILITIES, "postgres")).not.toThrow();
  expect(() => checkDeclaredSupport(schema({ indexes: [{ columns: [{ name: "a", order: "desc" }] }] }), SQLITE_CAPABILITIES, "sqlite")).not.toThrow();
});

test("a declared sequence is refused where migrator makes none (a revision that fails when it runs was written)", () => {
  const withSequence = defineSchema({ tables: [], sequences: [{ name: "n", schema: "app" }] });
  expect(() => checkDeclaredSupport(withSequence, SQLITE_CAPABILITIES, "sqlite")).toThrow(`Sequence "app.n" in the declared schema: migrator makes sequences on PostgreSQL only, not on sqlite; number the column instead (autoincrement: true)`);
  expect(() => checkDeclaredSupport(withSequence, POSTGRES_CAPABILITIES, "postgres")).not.toThrow();
});
