import { expect, test } from "bun:test";
import { quoteName } from "./quote_name.ts";

test("a name is quoted, each quote character inside it doubled", () => {
  expect(quoteName("users", '"')).toBe('"users"');
  expect(quoteName('a"b""c', '"')).toBe('"a""b""""c"');
  expect(quoteName("a`b", "`")).toBe("`a``b`");
  expect(quoteName('a"b', "`")).toBe('`a"b`');
  expect(quoteName("", '"')).toBe('""');
  expect(quoteName("it's", "'")).toBe("'it''s'");
});
