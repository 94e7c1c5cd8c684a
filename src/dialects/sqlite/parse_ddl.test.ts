import { expect, test } from "bun:test";
import { parseCreateIndex, parseTableConstraints, splitTopLevel } from "./parse_ddl.ts";

test("splitTopLevel ignores commas in parentheses and quotes", () => {
  expect(splitTopLevel(`a INT, b NUMERIC(10, 2), c TEXT DEFAULT 'x, y', "d,e" INT`)).toEqual([
    "a INT",
    "b NUMERIC(10, 2)",
    "c TEXT DEFAULT 'x, y'",
    `"d,e" INT`,
  ]);
});

test("constraints of a CREATE TABLE, column-level and table-level, in order", () => {
  const sql = `CREATE TABLE "t" ( -- comment, with a comma
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    [owner] INT NOT NULL CONSTRAINT fk_owner REFERENCES owners (id) ON DELETE CASCADE NOT NULL,
    code TEXT UNIQUE CHECK (length(code) = 3) /* , */,
    CONSTRAINT uq_pair UNIQUE (owner, code),
    CHECK (id > 0),
    FOREIGN KEY (code) REFERENCES codes (code) NOT DEFERRABLE
  )`;
  expect(parseTableConstraints(sql)).toEqual([
    { type: "primary", columns: ["id"] },
    { type: "foreign", name: "fk_owner", columns: ["owner"], refTable: "owners" },
    { type: "unique", columns: ["code"] },
    { type: "check", columns: ["code"], condition: "length(code) = 3" },
    { type: "unique", name: "uq_pair", columns: ["owner", "code"] },
    { type: "check", columns: [], condition: "id > 0" },
    { type: "foreign", columns: ["code"], refTable: "codes", deferrable: false },
  ]);
});

test("CREATE INDEX: columns, expressions, WHERE", () => {
  expect(parseCreateIndex(`CREATE UNIQUE INDEX "ix" ON "t" ("a", lower(b)) WHERE a IS NOT NULL`)).toEqual({
    unique: true,
    columns: ["a", { expression: "lower(b)" }],
    where: "a IS NOT NULL",
  });
  expect(parseCreateIndex(`CREATE INDEX ix ON t (a)`)).toEqual({ unique: false, columns: ["a"] });
});

test("SQLite's lexical rules: [names] with commas or --, comments that do not nest, non-ASCII names", () => {
  expect(splitTopLevel("[a,b] INT, c INT")).toEqual(["[a,b] INT", "c INT"]);
  const sql = `CREATE TABLE t (
    [x--y] INT UNIQUE, /* a /* b */
    café TEXT CHECK (café <> 'a/*'),
    "q""r" INT PRIMARY KEY
  )`;
  expect(parseTableConstraints(sql)).toEqual([
    { type: "unique", columns: ["x--y"] },
    { type: "check", columns: ["café"], condition: "café <> 'a/*'" },
    { type: "primary", columns: ['q"r'] },
  ]);
});

test("ON DELETE SET NULL / SET DEFAULT does not end the REFERENCES clause before DEFERRABLE", () => {
  const sql = `CREATE TABLE t (a INT REFERENCES p ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED NOT NULL, b INT, ` +
    `CONSTRAINT fk_b FOREIGN KEY (b) REFERENCES p (id) ON UPDATE SET DEFAULT ON DELETE NO ACTION DEFERRABLE)`;
  expect(parseTableConstraints(sql)).toEqual([
    { type: "foreign", columns: ["a"], refTable: "p", deferrable: true, initiallyDeferred: true },
    { type: "foreign", name: "fk_b", columns: ["b"], refTable: "p", deferrable: true },
  ]);
});

test("CREATE INDEX: ASC / DESC after a column or an expression is the key's order", () => {
  expect(parseCreateIndex(`CREATE INDEX ix ON t ("a" DESC, b ASC, lower(c) DESC)`)?.columns).toEqual([
    { name: "a", order: "desc" },
    "b",
    { expression: "lower(c)", order: "desc" },
  ]);
});
