import { describe, expect, test } from "bun:test";
import { sqliteType } from "../dialects/sqlite/types.ts";
import { asWrittenBy, portableNormalizer as norm } from "./normalize.ts";

/** Two spellings that must compare equal (same) or not (differ) through one of the normalizer's texts. */
function check<T>(text: (x: T) => string) {
  return { same: (a: T, b: T) => expect(text(a)).toBe(text(b)), differ: (a: T, b: T) => expect(text(a)).not.toBe(text(b)) };
}
const type = check(norm.type);
const expression = check(norm.expression);
const dflt = check(norm.default);

describe("Normalizer: equivalent spellings fold, different meanings do not", () => {
  test("types: synonyms, MySQL display widths, numeric scale 0", () => {
    type.same("varchar(20)", { raw: "character varying(20)" });
    type.same("integer", { raw: "int(11)" });
    type.same("bigint", { raw: "bigint(20)" });
    type.same("boolean", { raw: "tinyint(1)" });
    type.same("numeric(10)", { raw: "decimal(10,0)" });
    type.differ("boolean", { raw: "tinyint(4)" });
    type.differ("numeric(10,2)", "numeric(10)");
    type.differ("varchar(20)", "varchar(30)");
    type.differ("integer", "bigint");
  });

  test("types: an integer synonym followed by MySQL's attributes (unsigned, zerofill) is the same type", () => {
    type.same("integer unsigned", "INT UNSIGNED");
    type.same("integer unsigned", { raw: "int(10) unsigned" });
    type.same("smallint unsigned", { raw: "smallint(5) unsigned" });
    type.same("bigint unsigned zerofill", { raw: "bigint(20) unsigned zerofill" });
    type.differ("int unsigned", "int");
    type.differ("int unsigned", "bigint unsigned");
    type.differ("interval", "integer");
    type.differ("int4range", "integer");
  });

  test("types: PostgreSQL's long time spellings with a precision, and bit varying", () => {
    type.same("timestamptz(3)", { raw: "timestamp(3) with time zone" });
    type.same("timestamp(3)", { raw: "timestamp(3) without time zone" });
    type.same("timestamptz", { raw: "timestamp with time zone" });
    type.same("time(3)", { raw: "time(3) without time zone" });
    type.same("timetz", { raw: "time with time zone" });
    type.same("timetz(2)", { raw: "time(2) with time zone" });
    type.same("varbit(8)", { raw: "bit varying(8)" });
    type.same("timestamptz(3)[]", { raw: "timestamp(3) with time zone[]" });
    type.differ("timestamptz(3)", "timestamp(3)");
    type.differ("timestamptz(3)", "timestamptz(6)");
    type.differ("time", "timetz");
  });

  test("expressions: now() and CURRENT_TIMESTAMP, IN lists in PostgreSQL's spellings", () => {
    expression.same("now()", "CURRENT_TIMESTAMP");
    expression.same("current_timestamp()", "CURRENT_TIMESTAMP");
    expression.same("now(6)", "current_timestamp(6)");
    expression.differ("now()", "clock_timestamp()");
    expression.differ("current_timestamp(3)", "current_timestamp");
    const inList = "status IN ('x', 'y')";
    expression.same(inList, "((status)::text = ANY ((ARRAY['x'::character varying, 'y'::character varying])::text[]))");
    expression.same(inList, "status::text = ANY (ARRAY['x'::character varying::text, 'y'::character varying::text])");
    expression.same(inList, "status::text = ANY (ARRAY['x', 'y'])");
    expression.same("status NOT IN ('x','y')", "((status)::text <> ALL ((ARRAY['x'::character varying, 'y'::character varying])::text[]))");
    expression.differ(inList, "status IN ('x', 'z')");
    expression.differ(inList, "status NOT IN ('x', 'y')");
    expression.differ("lower(email)", "email");
    expression.differ("a::integer > 0", "a > 0");
  });

  test("literals keep their text: a cast inside a string is not a cast", () => {
    expression.differ("c = 'a::text'", "c = 'a'");
    expression.differ("c = 'now()'", "c = 'current_timestamp'");
  });

  test("defaults: a value and its SQL literal are one default", () => {
    dflt.same("{}", { sql: "'{}'::jsonb" });
    dflt.same("x", { sql: "'x'::character varying" });
    dflt.same("it's", { sql: "'it''s'" });
    dflt.same(true, 1);
    dflt.same(true, { sql: "TRUE" });
    dflt.same(false, { sql: "0" });
    dflt.same(5, { sql: "5" });
    dflt.same(undefined, { sql: "NULL" });
    dflt.same({ sql: "now()" }, { sql: "CURRENT_TIMESTAMP" });
    dflt.differ("{}", "[]");
    dflt.differ(1, 2);
    dflt.differ(undefined, "");
    dflt.differ({ sql: "now()" }, { sql: "'now()'" });
  });

  test("defaults: ON UPDATE CURRENT_TIMESTAMP (MySQL) is part of the default, its precisions follow the column's", () => {
    dflt.same({ sql: "CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP" }, { sql: "current_timestamp() on update current_timestamp()" });
    dflt.same({ sql: "CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)" }, { sql: "current_timestamp ON UPDATE now()" });
    dflt.differ({ sql: "CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP" }, { sql: "CURRENT_TIMESTAMP" });
    dflt.differ({ sql: "NULL ON UPDATE CURRENT_TIMESTAMP" }, undefined);
  });
});

describe("asWrittenBy: types compared as the dialect writes them", () => {
  test("portable names a dialect writes alike are one type; others stay apart; a refused type is compared as written", () => {
    const written = check(asWrittenBy(norm, (t) => sqliteType(t)).type);
    written.same("timestamp", "datetime");
    written.same("jsonb", "json");
    written.same("decimal(10,2)", { raw: "NUMERIC(10, 2)" });
    written.differ("datetime", "date");
    written.differ("text", "varchar(20)");
    const refusing = check(asWrittenBy(norm, () => { throw new Error("unknown type"); }).type);
    refusing.same("int", "integer");
    refusing.differ("timestamp", "datetime");
  });
});
