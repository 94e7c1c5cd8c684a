import { describe, expect, test } from "bun:test";
import { ScriptError } from "../errors.ts";
import { parseSqlRevision, readSqlHeader, splitStatements } from "./sql_revision.ts";

const P = "/m/versions/abc.sql";
const FILE = `-- revision: abc
-- down_revision: p1, p2
-- branch_labels: billing
-- depends_on: none
-- message: create account
-- create_date: 2024-05-01T12:00:00.000+00:00
-- (other comments are ignored)

-- migrate:up
CREATE TABLE account (id integer PRIMARY KEY, name text DEFAULT 'a;b');
INSERT INTO account VALUES (1, 'x');

-- migrate:down transaction:false
DROP TABLE account;
`;

describe("readSqlHeader", () => {
  test("reads the header comments", () => {
    expect(readSqlHeader(FILE, P)).toEqual({
      revision: "abc",
      downRevisions: ["p1", "p2"],
      branchLabels: ["billing"],
      dependsOn: [],
      message: "create account",
      path: P,
      createDate: "2024-05-01T12:00:00.000+00:00",
    });
  });

  test("undefined without -- revision:, ScriptError without -- down_revision:", () => {
    expect(readSqlHeader("-- migrate:up\nSELECT 1;\n", P)).toBeUndefined();
    expect(() => readSqlHeader("-- revision: a\n-- migrate:up\n", P)).toThrow(/down_revision: none/);
    expect(readSqlHeader("-- revision: a\n-- down_revision:\n", P)?.downRevisions).toEqual([]);
  });

  test("Windows line endings", () => {
    const crlf = FILE.replaceAll("\n", "\r\n");
    expect(readSqlHeader(crlf, P)).toMatchObject({ revision: "abc", downRevisions: ["p1", "p2"], message: "create account" });
    expect(parseSqlRevision(crlf, P).down).toMatchObject({ statements: ["DROP TABLE account"], transaction: false });
  });

  test("ignores header-like comments inside the sections", () => {
    expect(readSqlHeader("-- revision: a\n-- down_revision: none\n-- migrate:up\n-- revision: b\n", P)?.revision).toBe("a");
  });
});

describe("parseSqlRevision", () => {
  test("splits sections into statements, with transaction options", () => {
    const rev = parseSqlRevision(FILE, P);
    expect(rev.up).toMatchObject({
      statements: ["CREATE TABLE account (id integer PRIMARY KEY, name text DEFAULT 'a;b')", "INSERT INTO account VALUES (1, 'x')"],
      transaction: true,
    });
    expect(rev.down).toMatchObject({ statements: ["DROP TABLE account"], transaction: false });
  });

  test("down section is optional; up is required", () => {
    expect(parseSqlRevision("-- revision: a\n-- down_revision: none\n-- migrate:up\nSELECT 1\n", P).down).toBeNull();
    expect(() => parseSqlRevision("-- revision: a\n-- down_revision: none\nSELECT 1;\n", P)).toThrow(/no "-- migrate:up"/);
    expect(() => parseSqlRevision("-- migrate:up\nSELECT 1;\n", P)).toThrow(/no "-- revision: <id>" header/);
  });

  test("rejects SQL outside the sections, duplicate sections and unknown options", () => {
    const head = "-- revision: a\n-- down_revision: none\n";
    expect(() => parseSqlRevision(`${head}SELECT 0;\n-- migrate:up\nSELECT 1;\n`, P)).toThrow(/SQL before/);
    expect(() => parseSqlRevision(`${head}-- migrate:up\n-- migrate:up\n`, P)).toThrow(/appears twice/);
    expect(() => parseSqlRevision(`${head}-- migrate:up nontransactional\n`, P)).toThrow(/unknown option "nontransactional"/);
  });
});

describe("splitStatements", () => {
  test("semicolons in quotes, identifiers and comments do not split", () => {
    const sql = `SELECT 'it''s; fine', "a;b", \`c;d\` -- comment; here
FROM t; /* block; /* nested; */ still; */ SELECT 2;
-- only a comment;
`;
    expect(splitStatements(sql)).toEqual([
      "SELECT 'it''s; fine', \"a;b\", `c;d` -- comment; here\nFROM t",
      "SELECT 2",
    ]);
  });

  test("dollar quotes, tagged or not, but not $1 parameters", () => {
    const sql = `CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;
DO $body$ BEGIN PERFORM 1; $$ inner; END $body$;
SELECT $1, a$b FROM t WHERE x = $2;`;
    expect(splitStatements(sql)).toEqual([
      "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql",
      "DO $body$ BEGIN PERFORM 1; $$ inner; END $body$",
      "SELECT $1, a$b FROM t WHERE x = $2",
    ]);
  });

  test("E'' strings honour backslashes; ordinary strings do not", () => {
    expect(splitStatements("SELECT E'a\\';b'; SELECT 'c:\\'; SELECT 3")).toEqual(["SELECT E'a\\';b'", "SELECT 'c:\\'", "SELECT 3"]);
    expect(splitStatements("SELECT 'a\\';b'; SELECT 2", "x", { backslashEscapes: true })).toEqual(["SELECT 'a\\';b'", "SELECT 2"]);
  });

  test("keeps BEGIN ... END bodies of triggers whole (SQLite), but not transaction BEGIN", () => {
    const sql = `CREATE TRIGGER t AFTER INSERT ON a BEGIN
  UPDATE b SET n = CASE WHEN n > 0 THEN n + 1 ELSE 1 END;
  INSERT INTO log VALUES (1);
END;
BEGIN;
SELECT 1;
COMMIT;`;
    expect(splitStatements(sql)).toEqual([
      "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE b SET n = CASE WHEN n > 0 THEN n + 1 ELSE 1 END;\n  INSERT INTO log VALUES (1);\nEND",
      "BEGIN",
      "SELECT 1",
      "COMMIT",
    ]);
  });

  test("MySQL procedures with END IF keep their body", () => {
    const sql = "CREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END IF; SELECT 2; END; SELECT 3;";
    expect(splitStatements(sql)).toEqual(["CREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END IF; SELECT 2; END", "SELECT 3"]);
  });

  test("unterminated quotes and comments, and DELIMITER, are ScriptErrors with a line", () => {
    expect(() => splitStatements("SELECT 1;\nSELECT 'oops", "f.sql")).toThrow("f.sql: unterminated ' quote starting at line 2");
    expect(() => splitStatements("/* x", "f.sql")).toThrow(/unterminated \/\* comment/);
    expect(() => splitStatements("SELECT $$ x", "f.sql")).toThrow(/dollar quote \$\$/);
    expect(() => splitStatements("DELIMITER //\nCREATE PROCEDURE p() BEGIN END //\n", "f.sql")).toThrow(ScriptError);
    expect(() => splitStatements("DELIMITER //\n", "f.sql")).toThrow(/DELIMITER.*not supported/);
  });

  test("statement without final semicolon, leading comments dropped", () => {
    expect(splitStatements("-- setup\n/* c */ SELECT 1\n")).toEqual(["SELECT 1"]);
    expect(splitStatements("  ;;  ")).toEqual([]);
  });
});

describe("splitStatements with a dialect's rules", () => {
  test("MySQL: backslash escapes and # comments", () => {
    const mysql = { hashComments: true, dollarQuotes: false, backslashEscapes: true };
    expect(splitStatements("INSERT INTO t VALUES ('it\\'s; ok'); # a note; still a note\nSELECT 1;", "x", mysql)).toEqual([
      "INSERT INTO t VALUES ('it\\'s; ok')",
      "SELECT 1",
    ]);
    expect(() => splitStatements("INSERT INTO t VALUES ('it\\'s; ok');", "x")).toThrow("unterminated");
  });

  test("PostgreSQL: dollar quotes; MySQL: $ may be part of a name", () => {
    expect(splitStatements("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; SELECT 2;", "x")).toHaveLength(2);
    expect(splitStatements("SELECT a$ FROM t; SELECT 2;", "x", { dollarQuotes: false })).toEqual(["SELECT a$ FROM t", "SELECT 2"]);
  });

  test("comments nest unless nestedComments is false", () => {
    expect(() => splitStatements("/* a /* b */ SELECT 1;", "x")).toThrow(/unterminated \/\* comment/);
    expect(splitStatements("/* a /* b */ SELECT 1;", "x", { nestedComments: false })).toEqual(["SELECT 1"]);
  });

  test("the same lexer as placeholders: ELSE'...' is not an E'' string, non-ASCII names take $", () => {
    expect(splitStatements("SELECT CASE WHEN a THEN 1 ELSE'c:\\' END; SELECT 2")).toEqual(["SELECT CASE WHEN a THEN 1 ELSE'c:\\' END", "SELECT 2"]);
    expect(splitStatements("SELECT é$$ FROM t; SELECT 2")).toEqual(["SELECT é$$ FROM t", "SELECT 2"]);
    expect(() => splitStatements("SELECT E'a\\';", "f.sql")).toThrow("f.sql: unterminated E' quote starting at line 1");
  });
});


describe("the rerunnable header", () => {
  const source = (header: string) => `-- revision: r1\n-- down_revision: none\n${header}\n-- migrate:up\nCREATE TABLE t (id int);\n`;
  test("true, false, absent, and anything else refused", () => {
    expect(parseSqlRevision(source("-- rerunnable: true"), "r1.sql").rerunnable).toBe(true);
    expect(parseSqlRevision(source("-- rerunnable: false"), "r1.sql").rerunnable).toBe(false);
    expect(parseSqlRevision(source(""), "r1.sql").rerunnable).toBe(false);
    expect(() => parseSqlRevision(source("-- rerunnable: yes"), "r1.sql")).toThrow('"-- rerunnable: yes" must be true or false');
  });
});
