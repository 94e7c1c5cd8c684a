import { configErrorOf } from "./testing.ts";
import { describe, expect, test } from "bun:test";
import { parseIni } from "./ini.ts";
import { resolveIniSection } from "./ini_section.ts";

const resolve = (text: string, section = "main", env: Record<string, string | undefined> = {}, here = "/proj") =>
  resolveIniSection(parseIni(text, "test.ini"), section, { defaults: { here }, env });

const errorOf = configErrorOf;

describe("parseIni", () => {
  test("sections in order, both delimiters, lower-cased keys, lines", () => {
    const doc = parseIni("[b]\nKey = 1\n[a]\nOther: two words \n", "f.ini");
    expect(doc.sections.map((s) => [s.name, s.line])).toEqual([["b", 1], ["a", 3]]);
    expect(doc.sections[0]?.entries.get("key")).toEqual({ key: "key", value: "1", line: 2 });
    expect(doc.sections[1]?.entries.get("other")?.value).toBe("two words");
  });

  test("splits at the first = or :, keeping the rest of the value", () => {
    const doc = parseIni("[s]\nurl = postgresql://u:p=w@h:5432/db\nk: a = b\n");
    expect(doc.sections[0]?.entries.get("url")?.value).toBe("postgresql://u:p=w@h:5432/db");
    expect(doc.sections[0]?.entries.get("k")?.value).toBe("a = b");
  });

  test("only full-line comments: # and ; inside a value are kept", () => {
    const doc = parseIni("# top\n; also\n[s]\n  # indented comment\nurl = postgresql://u:pa#ss;x@h/db  # not a comment\n");
    const s = doc.sections[0]!;
    expect([...s.entries.keys()]).toEqual(["url"]);
    expect(s.entries.get("url")?.value).toBe("postgresql://u:pa#ss;x@h/db  # not a comment");
  });

  test("continuation lines join with newlines; comments inside are skipped, inner blank lines kept", () => {
    const doc = parseIni("[s]\nlocs = a\n   b\n   # skipped\n\n   c\n\nnext = 1\n");
    const s = doc.sections[0]!;
    expect(s.entries.get("locs")?.value).toBe("a\nb\n\nc");
    expect(s.entries.get("next")).toEqual({ key: "next", value: "1", line: 8 });
  });

  test("a value may start on the continuation line; empty values are empty strings", () => {
    const doc = parseIni("[s]\nlist =\n  one\n  two\nempty =\nalso:\n");
    const s = doc.sections[0]!;
    expect(s.entries.get("list")?.value).toBe("\none\ntwo");
    expect(s.entries.get("empty")?.value).toBe("");
    expect(s.entries.get("also")?.value).toBe("");
  });

  test("CRLF and a BOM are accepted", () => {
    const doc = parseIni("\uFEFF[s]\r\na = 1\r\n  2\r\n");
    expect(doc.sections[0]?.entries.get("a")?.value).toBe("1\n2");
  });

  test("[DEFAULT] is kept apart from the sections", () => {
    const doc = parseIni("[DEFAULT]\nx = 1\n[s]\ny = 2\n");
    expect(doc.sections.map((s) => s.name)).toEqual(["s"]);
    expect(doc.defaults.get("x")?.value).toBe("1");
  });

  test("errors name the file and line", () => {
    expect(errorOf(() => parseIni("a = 1\n", "f.ini")).message).toBe(
      'f.ini:1: expected a [section] header before "a = 1"',
    );
    expect(errorOf(() => parseIni("[s]\n\nnovalue\n", "f.ini")).message).toContain("f.ini:3:");
    expect(errorOf(() => parseIni("[s]\n= 1\n", "f.ini")).message).toContain("f.ini:2:");
    expect(errorOf(() => parseIni("[s]\nA = 1\na = 2\n", "f.ini")).message).toBe(
      'f.ini:3: Key "a" in [s] is defined twice (first on line 2); remove one of them',
    );
    expect(errorOf(() => parseIni("[s]\n[t]\n[s]\n", "f.ini")).message).toContain("f.ini:3: Section [s] is defined twice");
  });
});

describe("resolveIniSection", () => {
  test("%(name)s from the section, [DEFAULT] and supplied defaults; %% is %", () => {
    const text = "[DEFAULT]\nroot = %(here)s/db\n[main]\nscript_location = %(root)s/migrations\nfile_template = %%(rev)s_%%(slug)s\n";
    expect(resolve(text)).toEqual({
      here: "/proj",
      root: "/proj/db",
      script_location: "/proj/db/migrations",
      file_template: "%(rev)s_%(slug)s",
    });
  });

  test("references are case-insensitive and resolve in the asking section", () => {
    const text = "[DEFAULT]\ndsn = %(NAME)s.db\n[main]\nname = app\n[other]\nname = logs\n";
    expect(resolve(text).dsn).toBe("app.db");
    expect(resolve(text, "other").dsn).toBe("logs.db");
  });

  test("a password with # ; % @ : survives", () => {
    const text = "[main]\nurl = postgresql://user:p#a;s%%s@w:rd@db.example.com:5432/app\n";
    expect(resolve(text).url).toBe("postgresql://user:p#a;s%s@w:rd@db.example.com:5432/app");
  });

  test("supplied defaults are literal, even with a %", () => {
    expect(resolve("[main]\np = %(here)s/x\n", "main", {}, "/a%b").p).toBe("/a%b/x");
  });

  test("${VAR} and ${VAR:-fallback} from the env, after interpolation", () => {
    const text = "[main]\nurl = ${DATABASE_URL}\nother = ${NOPE:-sqlite:///%(here)s/app.db}\n";
    const out = resolve(text, "main", { DATABASE_URL: "postgres://u:%(x)s@h/db" });
    expect(out.url).toBe("postgres://u:%(x)s@h/db");
    expect(out.other).toBe("sqlite:////proj/app.db");
  });

  test("a missing variable without a fallback is a ConfigError naming it and the place", () => {
    const e = errorOf(() => resolve("[main]\n\nurl = ${DB_URL}\n"));
    expect(e.message).toContain('"DB_URL" is not set');
    expect(e.message).toContain("[main] url (test.ini:3)");
  });

  test("bad % and unknown references are errors with file:line", () => {
    expect(errorOf(() => resolve("[main]\npw = 50%off\n")).message).toContain("[main] pw (test.ini:2)");
    expect(errorOf(() => resolve("[main]\npw = 50%off\n")).message).toContain('write "%%"');
    expect(errorOf(() => resolve("[main]\na = %(nope)s\n")).message).toContain('Unknown reference "%(nope)s" in [main] a (test.ini:2)');
  });

  test("cycles and over-deep chains stop", () => {
    expect(errorOf(() => resolve("[main]\na = %(b)s\nb = %(a)s\n")).message).toContain("a -> b -> a");
    const chain = ["[main]", ...Array.from({ length: 12 }, (_, i) => `k${i} = %(k${i + 1})s`), "k12 = end"].join("\n");
    expect(errorOf(() => resolve(chain)).message).toContain("more than 10 levels");
    const shorter = ["[main]", ...Array.from({ length: 9 }, (_, i) => `k${i} = %(k${i + 1})s`), "k9 = end"].join("\n");
    expect(resolve(shorter).k0).toBe("end");
  });

  test("a missing section lists the others; skip() leaves a key out", () => {
    expect(errorOf(() => resolve("[a]\n[b]\n", "c")).message).toBe("No section [c] in test.ini; sections: [a], [b]");
    const doc = parseIni("[main]\nurl = ${GONE}\nx = 1\n");
    expect(resolveIniSection(doc, "main", { env: {}, skip: (key) => key === "url" })).toEqual({ x: "1" });
  });
});
