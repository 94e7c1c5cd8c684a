import { describe, expect, test } from "bun:test";
import { redactSecrets, redactUrl, urlSecrets } from "./redact.ts";

const PASSWORD = "p#a;s%s@w:rd";

describe("redactUrl", () => {
  test.each([
    ["postgresql://app:secret@h:5432/db", "postgresql://app:***@h:5432/db"],
    ["postgresql+psycopg2://app:secret@h/db", "postgresql+psycopg2://app:***@h/db"],
    [`postgresql://user:${PASSWORD}@h/db`, "postgresql://user:***@h/db"],
    ["postgresql://user:p%23a%40ss@h/db", "postgresql://user:***@h/db"],
    ["postgresql://u:pa?ss@h/db", "postgresql://u:***@h/db"],
    ["postgresql://u:pa/ss?x@h/db", "postgresql://u:***@h/db"],
    ["postgresql://u:pw@h/db?application_name=a@b", "postgresql://u:***@h/db?application_name=a@b"],
    ["postgresql://h/db?user=u&password=secret&sslmode=require", "postgresql://h/db?user=u&password=***&sslmode=require"],
    ["libsql://db.turso.io?authToken=eyJhbGci", "libsql://db.turso.io?authToken=***"],
    ["user:secret@host/db", "user:***@host/db"],
    ["postgresql:u:secret@h", "postgresql:***@h"],
    ["postgresql://u@h/db", "postgresql://u@h/db"],
    ["postgresql://h/db", "postgresql://h/db"],
    ["sqlite:////tmp/a:b@c.db", "sqlite:////tmp/a:b@c.db"],
    ["not a url at all", "not a url at all"],
  ])("%s", (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe("urlSecrets", () => {
  test("password as written and decoded, and secret parameters", () => {
    expect(urlSecrets("postgresql://u:p%40ss@h/db?sslpassword=k3y&x=1").sort()).toEqual(["k3y", "p%40ss", "p@ss"]);
    expect(urlSecrets(`postgresql://user:${PASSWORD}@h/db`)).toEqual([PASSWORD]);
    expect(urlSecrets("postgresql://h/db")).toEqual([]);
    expect(urlSecrets("user:secret@host")).toEqual(["secret"]);
  });
});

describe("redactSecrets", () => {
  const forms = [
    ["raw", PASSWORD],
    ["fully encoded", encodeURIComponent(PASSWORD)],
    ["fully encoded, lower-case hex", encodeURIComponent(PASSWORD).toLowerCase()],
    ["partly encoded", "p%23a;s%25s%40w:rd"],
    ["INI-escaped", "p#a;s%%s@w:rd"],
    ["INI-escaped and encoded", "p%%23a%%3Bs%%25s%%40w%%3Ard"],
    ["JSON-escaped", JSON.stringify('q"uo\\te').slice(1, -1)],
  ];
  test.each(forms)("removes the %s form", (_, form) => {
    const message = `connect failed: password authentication with "${form}" rejected`;
    const out = redactSecrets(message, [PASSWORD, 'q"uo\\te']);
    expect(out).toBe('connect failed: password authentication with "***" rejected');
  });

  test("removes every occurrence and longer secrets first", () => {
    expect(redactSecrets("abc abcdef abc", ["abc", "abcdef"])).toBe("*** *** ***");
  });

  test("masks any URL password in the text, even unknown ones", () => {
    expect(redactSecrets("cannot reach postgresql://u:hunter2@h/db now", [])).toBe("cannot reach postgresql://u:***@h/db now");
    expect(redactSecrets(`at mysql://u:${PASSWORD}@h/db.`, [])).toBe("at mysql://u:***@h/db.");
  });

  test("empty secrets are ignored; regex characters are literal", () => {
    expect(redactSecrets("a.b a-b", ["", "a.b"])).toBe("*** a-b");
    expect(redactSecrets("x (y)+ z", ["(y)+"])).toBe("x *** z");
  });

  test("a space may appear as + (form encoding)", () => {
    expect(redactSecrets("pw=my+pass", ["my pass"])).toBe("pw=***");
  });
});
