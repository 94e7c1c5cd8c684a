import { describe, expect, test } from "bun:test";
import { canonicalViewQuery } from "./view_query.ts";

describe("canonicalViewQuery", () => {
  test("collapses white space runs, trims, and drops trailing semicolons", () => {
    expect(canonicalViewQuery(" SELECT users.id,\n    users.name\n   FROM users\n  WHERE users.active;")).toBe("SELECT users.id, users.name FROM users WHERE users.active");
    expect(canonicalViewQuery("\tselect 1 ; ;\n")).toBe("select 1");
    expect(canonicalViewQuery("select\r\n\t1")).toBe("select 1");
    expect(canonicalViewQuery("")).toBe("");
    expect(canonicalViewQuery(" ; ")).toBe("");
  });

  test("keeps string literals and quoted identifiers as they are", () => {
    expect(canonicalViewQuery("select  'a   b;'  AS  \"x  y\"  from  `t  u` ;")).toBe("select 'a   b;' AS \"x  y\" from `t  u`");
    expect(canonicalViewQuery("select 'it''s   x'   as s")).toBe("select 'it''s   x' as s");
  });

  test("a semicolon inside the query is kept; only trailing ones go", () => {
    expect(canonicalViewQuery("select ';'  ;")).toBe("select ';'");
    expect(canonicalViewQuery("select 1; select 2;")).toBe("select 1; select 2");
  });

  test("the line break after a line comment stays, so the comment does not swallow what follows", () => {
    expect(canonicalViewQuery("select 1 -- one\n   , 2")).toBe("select 1 -- one\n, 2");
    expect(canonicalViewQuery("select 1 -- ends here;")).toBe("select 1 -- ends here;");
  });

  test("the dialect's quoting rules decide where a string ends", () => {
    const mysql = { hashComments: true, dollarQuotes: false, backslashEscapes: true, nestedComments: false };
    expect(canonicalViewQuery("select 'it\\'s   x'   as  s", mysql)).toBe("select 'it\\'s   x' as s");
    expect(canonicalViewQuery("select 1 # note\n  , 2", mysql)).toBe("select 1 # note\n, 2");
  });
});
