import { expect, test } from "bun:test";
import { mentionsIdentifier, renameIdentifier } from "./identifiers.ts";

test("names outside strings and comments, in every quoting style, case-insensitively", () => {
  expect(mentionsIdentifier(`"Price" > 0`, "price")).toBe(true);
  expect(mentionsIdentifier(`[price] > 0`, "price")).toBe(true);
  expect(mentionsIdentifier(`'price' = kind`, "price")).toBe(false);
  expect(renameIdentifier(`a > 0 AND "a" <> \`a\` AND [a] = 'a'`, "a", "b")).toBe(`b > 0 AND "b" <> \`b\` AND [b] = 'a'`);
});

test("comments, E'' strings, dollar quotes and numbers are not names", () => {
  expect(mentionsIdentifier("x > 0 -- price\n", "price")).toBe(false);
  expect(mentionsIdentifier("x > 0 /* price */", "price")).toBe(false);
  expect(mentionsIdentifier("x <> E'it\\'s price' AND y", "price")).toBe(false);
  expect(mentionsIdentifier("x <> $$price$$", "price")).toBe(false);
  expect(mentionsIdentifier("x < 1e5", "e5")).toBe(false);
  expect(renameIdentifier("café > 0 AND caf < 1", "café", "prix")).toBe("prix > 0 AND caf < 1");
});
