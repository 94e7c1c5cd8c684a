import { describe, expect, test } from "bun:test";
import { OperationArgumentError } from "../errors.ts";
import type { Op } from "./ops.ts";
import { fitName } from "../schema/naming.ts";
import { validateOp } from "./validate.ts";

const t = { name: "t" };
const fails = (op: unknown) => {
  try {
    validateOp(op as Op);
  } catch (error) {
    expect(error).toBeInstanceOf(OperationArgumentError);
    return (error as Error).message;
  }
  throw new Error("validateOp accepted the op");
};

describe("validateOp", () => {
  test("a name over the dialect's limit is refused with the name fitName makes of it; drops and limit 0 pass", () => {
    const long = `fk_${"a".repeat(70)}`;
    const limit = { maxBytes: 63, dialect: "postgres" };
    const refused = (op: unknown) => {
      try {
        validateOp(op as Op, limit);
      } catch (error) {
        expect(error).toBeInstanceOf(OperationArgumentError);
        return (error as Error).message;
      }
      throw new Error("validateOp accepted the op");
    };
    expect(refused({ kind: "createForeignKey", name: long, table: t, foreignKey: { columns: ["a"], refTable: "p", refColumns: ["id"] } })).toBe(
      `createForeignKey("t", "${long}"): the constraint name "${long}" is 73 bytes, over the postgres limit of 63 (a longer name would be cut by the server or refused); shorten it, e.g. "${fitName(long, 63)}"`,
    );
    expect(refused({ kind: "batchAlterTable", table: t, ops: [{ kind: "addColumn", table: t, column: { name: long, type: "int" } }] })).toContain(`the column name "${long}"`);
    expect(refused({ kind: "createTable", table: t, columns: [{ name: "a", type: "int" }], uniques: [{ name: "é".repeat(32), columns: ["a"] }] })).toContain("is 64 bytes");
    expect(() => validateOp({ kind: "dropIndex", name: long }, limit)).not.toThrow();
    expect(() => validateOp({ kind: "createIndex", name: long, table: t, columns: ["a"] }, { maxBytes: 0, dialect: "sqlite" })).not.toThrow();
  });

  test("a wrong argument says which one and what it takes", () => {
    expect(fails({ kind: "createTable", table: t, columns: "oops" })).toBe(
      `createTable("t"): columns must be an array of column objects, e.g. [{ name: "id", type: "integer" }]; got the string "oops"`,
    );
    expect(fails({ kind: "createTable", table: t, columns: [{ name: "a" }] })).toBe(`createTable("t"): columns[0] ("a") has no type`);
    expect(fails({ kind: "addColumn", table: { name: "" }, column: { name: "a", type: "int" } })).toContain("the table must be a non-empty name");
    expect(fails({ kind: "createIndex", name: "ix", table: t, columns: [] })).toContain("columns must be a non-empty array");
  });

  test("alterSequence: whole numbers (null for a default bound), increment not 0, at least one option", () => {
    expect(fails({ kind: "alterSequence", name: "n", increment: 1.5 })).toContain("increment must be a whole number (beyond 2^53, a bigint such as 9223372036854775806n); got number 1.5");
    expect(fails({ kind: "alterSequence", name: "n", increment: 0 })).toContain("increment cannot be 0");
    expect(fails({ kind: "alterSequence", name: "n", maxValue: "10" })).toContain("maxValue must be a whole number or null (the default)");
    expect(fails({ kind: "alterSequence", name: "n", start: null })).toContain("start must be a whole number (beyond 2^53");
    // A number beyond 2^53 is not the value written: a bigint is.
    expect(fails({ kind: "alterSequence", name: "n", maxValue: 2 ** 60 })).toContain("maxValue must be a whole number");
    expect(() => validateOp({ kind: "alterSequence", name: "n", maxValue: 2n ** 60n })).not.toThrow();
    expect(fails({ kind: "createSequence", name: "n", as: "int4" })).toContain("as must be one of smallint, integer, bigint");
    expect(fails({ kind: "createSequence", name: "n", increment: 0 })).toContain("increment cannot be 0");
    // existing, which reverse() reads, is checked as createSequence's options.
    expect(fails({ kind: "alterSequence", name: "n", cycle: true, existing: { as: "int" } })).toContain("existing.as must be one of smallint, integer, bigint");
    expect(fails({ kind: "alterSequence", name: "n", cycle: true, existing: { maxValue: 1.5 } })).toContain("existing.maxValue must be a whole number");
    expect(fails({ kind: "alterSequence", name: "n", cycle: true, existing: { maxvalue: 5 } })).toContain("maxvalue");
    expect(fails({ kind: "alterSequence", name: "n", restart: true })).toContain("names no option to change: give one of as, increment, minValue, maxValue, start, cycle");
    expect(fails({ kind: "alterSequence", name: "n", maxValue: null, minVal: 1 })).toContain("minVal");
  });

  test("a materialized view's options: no check option or security options; withData and indexes only on one", () => {
    const mv = { kind: "createView", name: "mv", query: "SELECT 1 AS one", materialized: true };
    expect(fails({ ...mv, checkOption: "local" })).toContain("a materialized view has no check option");
    expect(fails({ ...mv, securityBarrier: true })).toContain("securityBarrier and securityInvoker are a plain view's options");
    expect(fails({ kind: "createView", name: "v", query: "SELECT 1", withData: false })).toContain("withData and indexes are a materialized view's: add materialized: true");
    expect(fails({ ...mv, indexes: ["DROP TABLE x"] })).toContain("indexes must be an array of CREATE INDEX statements");
    expect(fails({ ...mv, withData: "no" })).toContain("withData must be true or false");
    expect(fails({ kind: "dropView", name: "mv", materialized: 1 })).toContain("materialized must be true or false");
  });

  test("a default is a string, a number, a boolean, null or { sql }: a JSON value or an array is refused, not written as DEFAULT undefined", () => {
    const add = (value: unknown) => fails({ kind: "addColumn", table: t, column: { name: "a", type: "jsonb", default: value } });
    expect(add({})).toBe(`addColumn("t"): column ("a").default must be a string, a number, a boolean, null or { sql: "..." } (a JSON or array value as a string: '{}', or { sql: "'{}'::jsonb" }); got an object`);
    expect(add([])).toContain(`.default must be a string, a number, a boolean, null or { sql: "..." }`);
    expect(add({ sql: "" })).toContain(`column ("a").default.sql must be a non-empty string; got the string ""`);
    expect(add(BigInt(1))).toContain(`got bigint 1`);
    expect(fails({ kind: "alterColumn", table: t, column: "a", default: [1] })).toContain(`default must be a string, a number, a boolean, null or { sql: "..." }`);
    for (const ok of ["{}", 0, false, null, { sql: "'{}'::jsonb" }]) expect(() => validateOp({ kind: "addColumn", table: t, column: { name: "a", type: "jsonb", default: ok } })).not.toThrow();
  });

  test("a numbered column takes no default (PostgreSQL: both default and identity specified)", () => {
    expect(fails({ kind: "createTable", table: t, columns: [{ name: "id", type: "integer", autoincrement: true, default: 0 }] })).toBe(
      `createTable("t"): columns[0] ("id") has autoincrement, so it cannot have a default: drop one of them`,
    );
    expect(() => validateOp({ kind: "createTable", table: t, columns: [{ name: "id", type: "integer", autoincrement: true, default: null }] })).not.toThrow();
  });

  test("an index column is a name, { name, order } or { expression, order }, order asc or desc", () => {
    const ix = (columns: unknown[]) => ({ kind: "createIndex", name: "ix", table: t, columns });
    expect(() => validateOp(ix(["a", { name: "b", order: "desc" }, { expression: "lower(c)", order: "asc" }]) as Op)).not.toThrow();
    expect(fails(ix([{ name: "b", order: "down" }]))).toBe(`createIndex("t", "ix"): columns[0].order must be "asc" or "desc"; got the string "down"`);
    expect(fails(ix([{ name: "b", expression: "b" }]))).toContain("columns[0] must be a column name, { name, order, nulls, opclass } or { expression, order, nulls, opclass }, with either name or expression; got both");
    expect(fails(ix([{ name: "b", desc: true }]))).toContain(`columns[0] has an unknown property "desc" (known: name, order, nulls, opclass)`);
    expect(fails(ix([{ expression: "" }]))).toContain("columns[0].expression must be a non-empty string");
    expect(fails(ix([7]))).toContain("columns[0] must be a column name, { name, order, nulls, opclass } or { expression, order, nulls, opclass }; got number 7");
  });

  test("an index key's nulls is first or last, its opclass a name or schema.name without parameters", () => {
    const ix = (columns: unknown[]) => ({ kind: "createIndex", name: "ix", table: t, columns });
    expect(() => validateOp(ix([{ name: "a", order: "desc", nulls: "last" }, { name: "b", opclass: "text_pattern_ops" }, { expression: "lower(c)", opclass: "ext.gin_trgm_ops", nulls: "first" }]) as Op)).not.toThrow();
    expect(fails(ix([{ name: "a", nulls: "LAST" }]))).toBe(`createIndex("t", "ix"): columns[0].nulls must be "first" or "last" (NULLS FIRST / LAST); got the string "LAST"`);
    expect(fails(ix(["a", { name: "b", nulls: true }]))).toContain(`columns[1].nulls must be "first" or "last"`);
    const opclass = `.opclass must be an operator class name, "name" or "schema.name" (e.g. "text_pattern_ops"; parameters such as (siglen=32) are not supported)`;
    expect(fails(ix([{ name: "a", opclass: "gist_trgm_ops(siglen=32)" }]))).toContain(`columns[0]${opclass}; got the string "gist_trgm_ops(siglen=32)"`);
    expect(fails(ix([{ name: "a", opclass: "" }]))).toContain(`columns[0]${opclass}`);
    expect(fails(ix([{ name: "a", opclass: "a.b.c" }]))).toContain(`columns[0]${opclass}`);
    expect(fails(ix([{ name: "a", opclass: 3 }]))).toContain(`columns[0]${opclass}; got number 3`);
    expect(fails(ix([{ name: "a", opclass: "x ops" }]))).toContain(`columns[0]${opclass}`);
  });

  test("nullsNotDistinct is true or false (anything else was ignored by the compiler and taken as true by the compare)", () => {
    expect(fails({ kind: "createIndex", name: "ix", table: t, columns: ["a"], unique: true, nullsNotDistinct: "yes" })).toContain(`nullsNotDistinct must be true or false; got the string "yes"`);
    expect(fails({ kind: "createUniqueConstraint", name: "uq", table: t, columns: ["a"], nullsNotDistinct: 1 })).toContain("nullsNotDistinct must be true or false");
    expect(fails({ kind: "createTable", table: t, columns: [{ name: "a", type: "int" }], uniques: [{ columns: ["a"], nullsNotDistinct: "no" }] })).toContain(
      "nullsNotDistinct must be true or false",
    );
    expect(() => validateOp({ kind: "createUniqueConstraint", name: "uq", table: t, columns: ["a"], nullsNotDistinct: false })).not.toThrow();
  });

  test("include is a non-empty list of column names", () => {
    expect(fails({ kind: "createIndex", name: "ix", table: t, columns: ["a"], include: "b" })).toContain(`include must be a non-empty array of column names; got the string "b"`);
    expect(() => validateOp({ kind: "createIndex", name: "ix", table: t, columns: ["a"], include: ["b"] })).not.toThrow();
  });

  test("an unknown property is an error naming the nearest known one", () => {
    expect(fails({ kind: "createTable", table: t, columns: [{ name: "b", type: "integer", nulable: false }] })).toBe(
      `createTable("t") columns[0] ("b"): unknown property "nulable"; did you mean "nullable"? (known: name, type, nullable, primaryKey, autoincrement, default, unique, comment, references, check, generated, collation)`,
    );
    expect(fails({ kind: "createTable", table: t, columns: [{ name: "a", type: "int" }], primarykey: { columns: ["a"] } })).toContain(`did you mean "primaryKey"?`);
    expect(fails({ kind: "addColumn", table: t, column: { name: "c", type: "int", generated: { sql: "a", stored: true, persisted: true } } })).toContain(`unknown property "persisted"`);
    expect(fails({ kind: "batchAlterTable", table: t, ops: [{ kind: "addColumn", table: t, column: { name: "c", type: "int", defualt: 1 } }] })).toContain(`did you mean "default"?`);
  });

  test("empty names are refused; a CHECK may be unnamed", () => {
    expect(fails({ kind: "createCheckConstraint", name: "", table: t, condition: "flag IN (0, 1)" })).toContain("name must be a non-empty name");
    expect(() => validateOp({ kind: "createCheckConstraint", table: t, condition: "flag IN (0, 1)" })).not.toThrow();
    expect(fails({ kind: "createUniqueConstraint", name: "", table: t, columns: ["a"] })).toContain("name must be a non-empty string");
    expect(fails({ kind: "dropConstraint", table: t })).toContain("say which constraint");
  });

  test("alterColumn: generated is an expression or null, and takes no default with it", () => {
    expect(() => validateOp({ kind: "alterColumn", table: t, column: "c", generated: null, existingGenerated: { sql: "a + b" } })).not.toThrow();
    expect(fails({ kind: "alterColumn", table: t, column: "c", generated: "a + b" })).toContain("generated must be { sql");
    expect(fails({ kind: "alterColumn", table: t, column: "c", generated: { sql: "a", virtual: true } })).toContain(`unknown property "virtual"`);
    expect(fails({ kind: "alterColumn", table: t, column: "c", generated: { sql: "a" }, default: 1 })).toContain("a computed column has no default");
  });

  test("a generated column takes no default or autoincrement", () => {
    expect(fails({ kind: "addColumn", table: t, column: { name: "c", type: "int", generated: { sql: "a" }, default: 1 } })).toContain("cannot have default");
    expect(() => validateOp({ kind: "addColumn", table: t, column: { name: "c", type: "int", generated: { sql: "a + b", stored: false } } })).not.toThrow();
  });

  test("recreateEnum takes a non-empty list of distinct values, and previous alike", () => {
    expect(() => validateOp({ kind: "recreateEnum", name: "mood", values: ["a", "b"], previous: ["b", "c"], schema: "app" })).not.toThrow();
    expect(fails({ kind: "recreateEnum", name: "mood", values: [] })).toBe(`recreateEnum("mood"): values must be a non-empty array of strings; got an array`);
    expect(fails({ kind: "recreateEnum", name: "mood", values: ["a", "a"] })).toBe(`recreateEnum("mood"): values holds "a" twice`);
    expect(fails({ kind: "recreateEnum", name: "mood", values: ["a"], previous: "a" })).toContain("previous must be a non-empty array of strings");
    expect(fails({ kind: "recreateEnum", name: "mood", values: ["a"], previus: ["a"] })).toContain(`did you mean "previous"?`);
  });

  test("createEnum takes distinct values (the server refuses a repeated label when the revision runs)", () => {
    expect(fails({ kind: "createEnum", name: "mood", values: ["a", "b", "a"] })).toBe(`createEnum("mood"): values holds "a" twice`);
    expect(() => validateOp({ kind: "createEnum", name: "mood", values: [] })).not.toThrow();
  });

  test("a collation is one non-empty name; alterColumn also takes null (the default one)", () => {
    expect(fails({ kind: "createTable", table: t, columns: [{ name: "a", type: "text", collation: "" }] })).toBe(
      `createTable("t"): columns[0] ("a").collation must be a collation name such as "C" (PostgreSQL), "utf8mb4_bin" (MySQL) or "NOCASE" (SQLite); leave it out for the default one; got the string ""`,
    );
    expect(fails({ kind: "addColumn", table: t, column: { name: "a", type: "text", collation: 1 } })).toContain(`column ("a").collation must be a collation name`);
    expect(fails({ kind: "addColumn", table: t, column: { name: "a", type: "text", collation: null } })).toContain("got null");
    expect(fails({ kind: "alterColumn", table: t, column: "a", collation: "  " })).toContain(`collation must be a collation name such as "C" (PostgreSQL), "utf8mb4_bin" (MySQL) or "NOCASE" (SQLite), or null for the default one`);
    expect(fails({ kind: "alterColumn", table: t, column: "a", collation: "C", existingCollation: 3 })).toContain("existingCollation must be a collation name");
    expect(fails({ kind: "alterColumn", table: t, column: "a", colation: "C" })).toContain(`did you mean "collation"?`);
    expect(() => validateOp({ kind: "createTable", table: t, columns: [{ name: "a", type: "text", collation: "C" }] })).not.toThrow();
    expect(() => validateOp({ kind: "alterColumn", table: t, column: "a", collation: null, existingCollation: "utf8mb4_bin" })).not.toThrow();
  });
});
