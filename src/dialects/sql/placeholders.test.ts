import { expect, test } from "bun:test";
import { mapPlaceholders } from "./placeholders.ts";

const number = (i: number) => `$${i + 1}`;

test("placeholders outside quotes, identifiers, comments and dollar quotes", () => {
  expect(mapPlaceholders(`SELECT ?, '?', "?", \`?\`, $$ ? $$ -- ?\n, ?`, number)).toBe(`SELECT $1, '?', "?", \`?\`, $$ ? $$ -- ?\n, $2`);
});

test("the same rules as splitStatements (the lexer is shared)", () => {
  // ELSE'...' is not an E'' string, so its backslash does not escape the closing quote.
  expect(mapPlaceholders("SELECT CASE WHEN a THEN 'x' ELSE'c:\\' END, ?", number)).toBe("SELECT CASE WHEN a THEN 'x' ELSE'c:\\' END, $1");
  // $b$ after an identifier character is part of the name, not a dollar quote.
  expect(mapPlaceholders("SELECT a$b$c, ?", number)).toBe("SELECT a$b$c, $1");
  // Comments nest (PostgreSQL).
  expect(mapPlaceholders("/* a /* b */ ? */ ?", number)).toBe("/* a /* b */ ? */ $1");
});

test("MySQL: backslash escapes and # comments, no dollar quotes", () => {
  const mysql = { hashComments: true, dollarQuotes: false, backslashEscapes: true };
  expect(mapPlaceholders("SELECT 'it\\'s ?', $$, ? # ?\n", () => "1", mysql)).toBe("SELECT 'it\\'s ?', $$, 1 # ?\n");
});
