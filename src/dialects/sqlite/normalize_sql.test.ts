import { describe, expect, test } from "bun:test";
import { normalizeSql } from "./normalize_sql.ts";

describe("normalizeSql", () => {
  test("the same expression written with different spacing reads the same", () => {
    const forms = ["length(name)>0 AND price>=0", "length( name ) > 0  AND\n\tprice >= 0", "(length (name)>0 and price >=0)".replace("and", "AND"), "length(name)/* why */>0 AND price>= 0"];
    for (const f of forms) expect(normalizeSql(f)).toBe("length(name) > 0 AND price >= 0");
  });

  test("strings and quoted identifiers are kept as written", () => {
    expect(normalizeSql(`b  <>  'x,  y'`)).toBe(`b <> 'x,  y'`);
    expect(normalizeSql(`"my  col" IN ( 'a' ,'b' )`)).toBe(`"my  col" IN ('a', 'b')`);
    expect(normalizeSql(`[odd name]||'--not a comment'`)).toBe(`[odd name] || '--not a comment'`);
  });

  test("signs, exponents, blobs, qualified names and keywords before parentheses", () => {
    expect(normalizeSql("a>-1 AND b=- 2.5e-3")).toBe("a > -1 AND b = -2.5e-3");
    expect(normalizeSql("a - -1")).toBe("a - -1");
    expect(normalizeSql("CASE WHEN a<0 THEN -1 ELSE+1 END")).toBe("CASE WHEN a < 0 THEN -1 ELSE +1 END");
    expect(normalizeSql("x'00ff' = t . b")).toBe("x'00ff' = t.b");
    expect(normalizeSql("NOT EXISTS(SELECT 1)AND a IN(1,2)")).toBe("NOT EXISTS (SELECT 1) AND a IN (1, 2)");
    expect(normalizeSql("coalesce(a,0)*-(b)")).toBe("coalesce(a, 0) * -(b)");
    expect(normalizeSql("json_extract(j,'$.a')->>'b'")).toBe("json_extract(j, '$.a') ->> 'b'");
  });

  test("parentheses around the whole text go; others stay", () => {
    expect(normalizeSql("((a > 0))")).toBe("a > 0");
    expect(normalizeSql("(a) + (b)")).toBe("(a) + (b)");
    expect(normalizeSql(" ( lower(email) ) ")).toBe("lower(email)");
  });

  test("types read as the compiler writes them", () => {
    expect(normalizeSql("numeric ( 10 ,2 )")).toBe("numeric(10, 2)");
    expect(normalizeSql("DOUBLE   PRECISION")).toBe("DOUBLE PRECISION");
  });

  test("a quoted name of the table's columns reads bare (SQLite's RENAME COLUMN quotes it); others stay quoted", () => {
    const bare = new Set(["qty", "email"]);
    expect(normalizeSql(`"qty" >= 0 AND lower([email]) <> \`Email\``, bare)).toBe("qty >= 0 AND lower(email) <> Email");
    // A name outside the set (a keyword column, a string SQLite reads from double quotes), a function,
    // a table qualifier and a collation keep their quotes.
    expect(normalizeSql(`"order" > 0 AND "x" = 'qty' AND "qty"(1) AND "qty".a AND b COLLATE "qty"`, bare)).toBe(`"order" > 0 AND "x" = 'qty' AND "qty"(1) AND "qty".a AND b COLLATE "qty"`);
    expect(normalizeSql(`"qty" > 0`)).toBe(`"qty" > 0`);
  });

  test("idempotent", () => {
    for (const s of ["a>-1", "x'ab'||'c'", "a - -1", "a / *b", "f( - 1 , 2 )", "CAST(a AS INTEGER) % 2 = 0"]) {
      const once = normalizeSql(s);
      expect(normalizeSql(once)).toBe(once);
    }
  });
});
