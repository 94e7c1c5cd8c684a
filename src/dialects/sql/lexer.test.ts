import { describe, expect, test } from "bun:test";
import { scanQuoted, skipToken, tokens, unquote, type QuoteSyntax } from "./lexer.ts";

const MYSQL: QuoteSyntax = { hashComments: true, dollarQuotes: false, backslashEscapes: true };
const SQLITE: QuoteSyntax = { dollarQuotes: false, nestedComments: false, bracketIdentifiers: true };

/** The text of the quoted token or comment at the first occurrence of `at` in `sql`. */
function span(sql: string, at: string, syntax: QuoteSyntax = {}): string {
  const i = sql.indexOf(at);
  return sql.slice(i, skipToken(sql, i, syntax));
}

describe("strings and quoted identifiers", () => {
  test("'...' with '' doubling; a backslash is an ordinary character by default", () => {
    expect(span("x = 'it''s' AND y", "'")).toBe("'it''s'");
    expect(span("'c:\\' , 1", "'")).toBe("'c:\\'");
  });

  test("backslashEscapes: in '...' and \"...\", never in `...`", () => {
    expect(span("'it\\'s' , 1", "'", MYSQL)).toBe("'it\\'s'");
    expect(span('"a\\"b" , 1', '"', MYSQL)).toBe('"a\\"b"');
    expect(span("`a\\` , 1", "`", MYSQL)).toBe("`a\\`");
  });

  test("PostgreSQL E'...' escapes, from the E or from the quote, only when E is a word of its own", () => {
    expect(scanQuoted("E'a\\'b' x", 0)).toEqual({ kind: "string", start: 0, end: 7, open: "E'", terminated: true });
    expect(span("(e'a\\'b') x", "'")).toBe("'a\\'b'");
    // ELSE'...' is ELSE followed by an ordinary string: the E ends a word (the placeholder lexer got this wrong).
    expect(span("ELSE'c:\\' END, ?", "'")).toBe("'c:\\'");
    expect(scanQuoted("ELSE'c:\\'", 3)).toBeUndefined();
  });

  test("\"...\" and `...` are identifiers with doubling; [...] only with bracketIdentifiers", () => {
    expect(scanQuoted('"a""b" x', 0)).toMatchObject({ kind: "identifier", end: 6 });
    expect(scanQuoted("`a``b` x", 0)).toMatchObject({ kind: "identifier", end: 6 });
    expect(scanQuoted("[a;b] x", 0, SQLITE)).toMatchObject({ kind: "identifier", end: 5, open: "[" });
    expect(scanQuoted("[1]", 0)).toBeUndefined();
  });

  test("an unclosed quote runs to the end and says so", () => {
    expect(scanQuoted("x 'abc", 2)).toEqual({ kind: "string", start: 2, end: 6, open: "'", terminated: false });
    expect(scanQuoted("E'ab\\'", 0)).toMatchObject({ end: 6, terminated: false });
    expect(scanQuoted("[ab", 0, SQLITE)).toMatchObject({ end: 3, terminated: false });
  });
});

describe("comments", () => {
  test("-- to the end of the line (the newline is not part of it); always terminated", () => {
    expect(scanQuoted("-- a ' b\nSELECT", 0)).toEqual({ kind: "comment", start: 0, end: 8, open: "--", terminated: true });
    expect(scanQuoted("-- last", 0)).toMatchObject({ end: 7, terminated: true });
  });

  test("# only with hashComments", () => {
    expect(span("# a; b\nc", "#", MYSQL)).toBe("# a; b");
    expect(scanQuoted("# a", 0)).toBeUndefined();
  });

  test("/* */ nests by default (the placeholder lexer did not nest); nestedComments: false ends at the first */", () => {
    const sql = "/* a /* b */ ? */ ?";
    expect(span(sql, "/*")).toBe("/* a /* b */ ? */");
    expect(span(sql, "/*", SQLITE)).toBe("/* a /* b */");
    expect(scanQuoted("/* a /* b */", 0)).toMatchObject({ end: 12, terminated: false });
  });
});

describe("dollar quotes", () => {
  test("$$...$$ and $tag$...$tag$, tags may hold non-ASCII letters", () => {
    expect(span("AS $$ a; 'b $$ x", "$")).toBe("$$ a; 'b $$");
    expect(span("DO $body$ $$ inner $body$ x", "$")).toBe("$body$ $$ inner $body$");
    expect(span("$é$ ? $é$ ?", "$")).toBe("$é$ ? $é$");
    expect(scanQuoted("$$ x", 0)).toMatchObject({ kind: "dollarQuoted", open: "$$", end: 4, terminated: false });
  });

  test("not after an identifier character (the placeholder lexer did not check), not $1, not when off", () => {
    expect(scanQuoted("a$b$c", 1)).toBeUndefined();
    expect(scanQuoted("é$$", 1)).toBeUndefined();
    expect(scanQuoted("$1", 0)).toBeUndefined();
    expect(scanQuoted("$$ x $$", 0, MYSQL)).toBeUndefined();
  });

  test("long tags are found (the placeholder lexer looked at 64 characters only)", () => {
    const tag = `$${"t".repeat(70)}$`;
    expect(skipToken(`${tag} ? ${tag} ?`, 0)).toBe(tag.length * 2 + 3);
  });
});

describe("tokens", () => {
  test("cover the text: words (names, numbers, $1), spaces, single other characters", () => {
    const sql = "SELECT E'x', \"a\"\"b\" -- c\n, 1e5, $1, a$b FROM t";
    const list = [...tokens(sql)];
    expect(list.map((t) => sql.slice(t.start, t.end)).join("")).toBe(sql);
    expect(list.filter((t) => t.kind !== "space").map((t) => [t.kind, sql.slice(t.start, t.end)])).toEqual([
      ["word", "SELECT"],
      ["string", "E'x'"],
      ["other", ","],
      ["identifier", '"a""b"'],
      ["comment", "-- c"],
      ["other", ","],
      ["word", "1e5"],
      ["other", ","],
      ["word", "$1"],
      ["other", ","],
      ["word", "a$b"],
      ["word", "FROM"],
      ["word", "t"],
    ]);
  });

  test("non-ASCII letters belong to words", () => {
    expect([...tokens("café > 0")].map((t) => t.kind)).toEqual(["word", "space", "other", "space", "word"]);
  });
});

test("unquote undoes doubling, not backslashes", () => {
  expect(unquote('"a""b"')).toBe('a"b');
  expect(unquote("`a``b`")).toBe("a`b");
  expect(unquote("'it''s'")).toBe("it's");
  expect(unquote("[a b]")).toBe("a b");
  expect(unquote("'a\\'")).toBe("a\\");
  expect(unquote("plain")).toBe("plain");
});
