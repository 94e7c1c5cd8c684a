import { describe, expect, test } from "bun:test";
import { ConfigError } from "../errors.ts";
import { parseDotenv } from "./dotenv.ts";

describe("parseDotenv", () => {
  test("KEY=VALUE, export, comments, quotes", () => {
    const text = [
      "# a comment",
      "",
      "DATABASE_URL=postgresql://u:p@db/app",
      "export A = spaced value  # trailing comment",
      "B='single # kept \\n as is'",
      'C="double \\"quoted\\"\\nnext"',
      'D="two',
      'lines"',
      "E=",
      "F=a#b",
    ].join("\n");
    expect(parseDotenv(text, ".env")).toEqual({
      DATABASE_URL: "postgresql://u:p@db/app",
      A: "spaced value",
      B: "single # kept \\n as is",
      C: 'double "quoted"\nnext',
      D: "two\nlines",
      E: "",
      F: "a#b",
    });
  });

  test("a line that is not KEY=VALUE, or an unclosed quote, names the file and line", () => {
    expect(() => parseDotenv("A=1\nnot a line\n", "/app/.env")).toThrow(new ConfigError('/app/.env:2: expected KEY=VALUE; got "not a line"'));
    expect(() => parseDotenv('A="open\n', "/app/.env")).toThrow("/app/.env:1: the value of A has no closing \"");
  });
});
