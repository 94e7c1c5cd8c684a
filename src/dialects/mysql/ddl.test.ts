import { describe, expect, test } from "bun:test";
import { UnsupportedOperationError } from "../../errors.ts";
import type { ColumnDef, DefaultValue, Op } from "../../operations/ops.ts";
import type { TableModel } from "../../schema/model.ts";
import type { CompileContext } from "../dialect.ts";
import { MysqlCompiler } from "./ddl.ts";
import { mysqlDialect } from "./dialect.ts";
import { rememberForeignKeyIndexes } from "./foreign_key_indexes.ts";
import { mysqlLockName } from "./lock.ts";
import { mysqlType } from "./types.ts";

const compiler = new MysqlCompiler();
const offline: CompileContext = { table: async () => undefined };
const t = { name: "users" };

/** The SQL of an op, one statement per array element. */
async function sql(op: Op, ctx: CompileContext = offline): Promise<string[]> {
  return (await compiler.compile(op, ctx)).map((s) => compiler.inline(s));
}

function withTable(model: Partial<TableModel> & { columns: readonly ColumnDef[] }): CompileContext {
  return { table: async () => ({ table: t, foreignKeys: [], uniques: [], checks: [], indexes: [], ...model }) };
}

async function rejects(op: Op, pattern: RegExp, ctx: CompileContext = offline): Promise<void> {
  const promise = compiler.compile(op, ctx);
  await expect(promise).rejects.toBeInstanceOf(UnsupportedOperationError);
  await expect(promise).rejects.toThrow(pattern);
}

describe("types", () => {
  test("portable names map to MySQL types", () => {
    const cases: [string, string][] = [
      ["integer", "INT"],
      ["bigint", "BIGINT"],
      ["smallint", "SMALLINT"],
      ["serial", "INT"],
      ["text", "TEXT"],
      ["varchar(40)", "VARCHAR(40)"],
      ["varchar", "VARCHAR(255)"],
      ["string", "VARCHAR(255)"],
      ["char(2)", "CHAR(2)"],
      ["boolean", "BOOLEAN"],
      ["numeric(10,2)", "DECIMAL(10, 2)"],
      ["real", "FLOAT"],
      ["double", "DOUBLE"],
      ["date", "DATE"],
      ["time", "TIME"],
      ["timestamp", "DATETIME(6)"],
      ["timestamp(3)", "DATETIME(3)"],
      ["timestamptz", "DATETIME(6)"],
      ["json", "JSON"],
      ["jsonb", "JSON"],
      ["uuid", "CHAR(36)"],
      ["binary", "BLOB"],
      ["binary(16)", "VARBINARY(16)"],
      ["enum('a','it''s')", "ENUM('a', 'it''s')"],
      ["enum(a,b)", "ENUM('a', 'b')"],
      ["int unsigned", "int unsigned"],
      ["mediumtext", "mediumtext"],
    ];
    for (const [portable, mysql] of cases) expect([portable, mysqlType(portable)]).toEqual([portable, mysql]);
    expect(mysqlType({ raw: "TIMESTAMP(6)" })).toBe("TIMESTAMP(6)");
  });

  test("types MySQL lacks fail with a hint", () => {
    expect(() => mysqlType("interval")).toThrow(/no interval type/);
    expect(() => mysqlType("text[]")).toThrow(/no array types; use json/);
    expect(() => mysqlType("numeric")).toThrow(/write numeric\(precision, scale\)/);
  });
});

describe("literals", () => {
  test("strings, booleans, dates, bytes", () => {
    expect(compiler.literal("it's a \\ path")).toBe("'it''s a \\\\ path'");
    expect(compiler.literal(true)).toBe("1");
    expect(compiler.literal(false)).toBe("0");
    expect(compiler.literal(null)).toBe("NULL");
    expect(compiler.literal(12.5)).toBe("12.5");
    expect(compiler.literal(new Date("2024-01-02T03:04:05.678Z"))).toBe("'2024-01-02 03:04:05.678'");
    expect(compiler.literal(new Uint8Array([1, 255]))).toBe("X'01ff'");
    expect(compiler.literal({ a: "b" })).toBe(`'{"a":"b"}'`);
    expect(() => compiler.literal(Number.NaN)).toThrow(/no NaN/);
  });

  test("inline leaves a ? inside quotes alone", () => {
    expect(mysqlDialect.inline({ sql: "SELECT '?', `a?`, ? -- ?\n", params: ["x"] })).toBe("SELECT '?', `a?`, 'x' -- ?\n");
  });

  test("identifiers are quoted with doubled backticks", () => {
    expect(compiler.quoteIdentifier("we`ird name")).toBe("`we``ird name`");
  });
});

describe("tables", () => {
  test("createTable with every kind of element", async () => {
    const op: Op = {
      kind: "createTable",
      table: t,
      ifNotExists: true,
      comment: "People's accounts",
      columns: [
        { name: "id", type: "integer", primaryKey: true, autoincrement: true },
        { name: "email", type: "varchar(200)", nullable: false, unique: true, comment: "login" },
        { name: "org_id", type: "integer", references: { table: "orgs", column: "id", onDelete: "cascade" } },
        { name: "active", type: "boolean", default: true },
        { name: "bio", type: "text", default: "none" },
        { name: "created", type: "timestamp", default: { sql: "now()" } },
        { name: "age", type: "integer", check: "age >= 0" },
      ],
      uniques: [{ name: "uq_org_email", columns: ["org_id", "email"] }],
      checks: [{ name: "ck_email", condition: "email <> ''" }],
      foreignKeys: [{ name: "fk_parent", columns: ["org_id"], refTable: "orgs", refSchema: "other", refColumns: ["id"], onUpdate: "restrict" }],
    };
    expect(await sql(op)).toEqual([
      "CREATE TABLE IF NOT EXISTS `users` (\n" +
        "    `id` INT NOT NULL AUTO_INCREMENT,\n" +
        "    `email` VARCHAR(200) NOT NULL UNIQUE COMMENT 'login',\n" +
        "    `org_id` INT,\n" +
        "    `active` BOOLEAN DEFAULT 1,\n" +
        "    `bio` TEXT DEFAULT ('none'),\n" +
        "    `created` DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),\n" +
        "    `age` INT CHECK (age >= 0),\n" +
        "    PRIMARY KEY (`id`),\n" +
        "    CONSTRAINT `uq_org_email` UNIQUE (`org_id`, `email`),\n" +
        "    CONSTRAINT `ck_email` CHECK (email <> ''),\n" +
        "    CONSTRAINT `fk_parent` FOREIGN KEY (`org_id`) REFERENCES `other`.`orgs` (`id`) ON UPDATE RESTRICT,\n" +
        "    FOREIGN KEY (`org_id`) REFERENCES `orgs` (`id`) ON DELETE CASCADE\n" +
        ") COMMENT='People''s accounts'",
    ]);
  });

  test("serial implies AUTO_INCREMENT and NOT NULL; a composite key is a table element", async () => {
    expect(
      await sql({
        kind: "createTable",
        table: { name: "t", schema: "app" },
        columns: [
          { name: "a", type: "serial" },
          { name: "b", type: "bigint" },
        ],
        primaryKey: { name: "pk_t", columns: ["a", "b"] },
      }),
    ).toEqual(["CREATE TABLE `app`.`t` (\n    `a` INT NOT NULL AUTO_INCREMENT,\n    `b` BIGINT,\n    CONSTRAINT `pk_t` PRIMARY KEY (`a`, `b`)\n)"]);
  });

  test("deferrable foreign keys are refused", async () => {
    await rejects(
      { kind: "createForeignKey", name: "fk", table: t, foreignKey: { columns: ["a"], refTable: "o", refColumns: ["id"], deferrable: true } },
      /deferrable, which MySQL does not support/,
    );
  });

  test("dropTable, renameTable, setTableComment", async () => {
    expect(await sql({ kind: "dropTable", table: t, ifExists: true })).toEqual(["DROP TABLE IF EXISTS `users`"]);
    expect(await sql({ kind: "renameTable", table: { name: "a", schema: "s" }, newName: "b" })).toEqual(["RENAME TABLE `s`.`a` TO `s`.`b`"]);
    expect(await sql({ kind: "setTableComment", table: t, comment: "x'y" })).toEqual(["ALTER TABLE `users` COMMENT='x''y'"]);
    expect(await sql({ kind: "setTableComment", table: t, comment: null })).toEqual(["ALTER TABLE `users` COMMENT=''"]);
  });
});

describe("columns", () => {
  test("addColumn, with its foreign key in the same ALTER", async () => {
    expect(await sql({ kind: "addColumn", table: t, column: { name: "n", type: "varchar(10)", nullable: false, default: "x", comment: "c" } })).toEqual([
      "ALTER TABLE `users` ADD COLUMN `n` VARCHAR(10) NOT NULL DEFAULT 'x' COMMENT 'c'",
    ]);
    expect(await sql({ kind: "addColumn", table: t, column: { name: "org", type: "integer", references: "orgs.id" } })).toEqual([
      "ALTER TABLE `users` ADD COLUMN `org` INT, ADD FOREIGN KEY (`org`) REFERENCES `orgs` (`id`)",
    ]);
  });

  test("dropColumn", async () => {
    expect(await sql({ kind: "dropColumn", table: t, column: "n" })).toEqual(["ALTER TABLE `users` DROP COLUMN `n`"]);
  });

  test("alterColumn restates the column from the existing* hints", async () => {
    expect(
      await sql({
        kind: "alterColumn",
        table: t,
        column: "n",
        type: "bigint",
        existingNullable: false,
        existingDefault: 0,
        existingComment: "count",
        existingAutoincrement: false,
      }),
    ).toEqual(["ALTER TABLE `users` MODIFY COLUMN `n` BIGINT NOT NULL DEFAULT 0 COMMENT 'count'"]);
    const none = { existingComment: null, existingAutoincrement: false } as const;
    expect(await sql({ kind: "alterColumn", table: t, column: "n", nullable: true, existingType: "varchar(20)", default: null, ...none })).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `n` VARCHAR(20) NULL",
    ]);
    expect(await sql({ kind: "alterColumn", table: t, column: "id", autoincrement: true, existingType: "integer", existingNullable: false, existingDefault: null, existingComment: null })).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `id` INT NOT NULL AUTO_INCREMENT",
    ]);
  });

  test("alterColumn on an unknown table asks for every part it would otherwise drop", async () => {
    await expect(sql({ kind: "alterColumn", table: t, column: "n", type: "varchar(50)", existingNullable: false })).rejects.toThrow(/pass existingDefault \(e\.g\. existingDefault: null when it has none\)/);
    await expect(sql({ kind: "alterColumn", table: t, column: "n", type: "varchar(50)", existingNullable: false, existingDefault: "x" })).rejects.toThrow(/existingComment/);
  });

  test("alterColumn with a rename and a change uses CHANGE COLUMN", async () => {
    expect(
      await sql({ kind: "alterColumn", table: t, column: "a", newName: "b", comment: "new", existingType: "text", existingNullable: true, existingDefault: null, existingAutoincrement: false }),
    ).toEqual(["ALTER TABLE `users` CHANGE COLUMN `a` `b` TEXT NULL COMMENT 'new'"]);
  });

  test("alterColumn fills what the hints lack from the table's definition", async () => {
    const ctx = withTable({
      columns: [{ name: "n", type: { raw: "varchar(20)" }, nullable: false, default: "a", comment: "kept" }],
    });
    expect(await sql({ kind: "alterColumn", table: t, column: "n", nullable: true }, ctx)).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `n` varchar(20) NULL DEFAULT 'a' COMMENT 'kept'",
    ]);
    expect(await sql({ kind: "alterColumn", table: t, column: "n", comment: null }, ctx)).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `n` varchar(20) NOT NULL DEFAULT 'a'",
    ]);
  });

  test("alterColumn: a generated column made plain, and a column made generated (MODIFY, no NULL after the expression)", async () => {
    const ctx = withTable({ columns: [{ name: "title", type: "text" }, { name: "slug", type: { raw: "varchar(300)" }, generated: { sql: "lower(`title`)" } }] });
    expect(await sql({ kind: "alterColumn", table: t, column: "slug", generated: null }, ctx)).toEqual(["ALTER TABLE `users` MODIFY COLUMN `slug` varchar(300) NULL"]);
    expect(await sql({ kind: "alterColumn", table: t, column: "slug", comment: "kept generated" }, ctx)).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `slug` varchar(300) GENERATED ALWAYS AS (lower(`title`)) STORED COMMENT 'kept generated'",
    ]);
    // Offline, from the hints alone.
    expect(
      await sql({ kind: "alterColumn", table: t, column: "slug", generated: { sql: "upper(`title`)" }, existingType: "text", existingNullable: true, existingDefault: null, existingComment: null, existingAutoincrement: false }),
    ).toEqual(["ALTER TABLE `users` MODIFY COLUMN `slug` TEXT GENERATED ALWAYS AS (upper(`title`)) STORED"]);
  });

  test("a NOT NULL generated column: written for MySQL 8, refused on MariaDB with what to do (its grammar has no place for it)", async () => {
    const op: Op = { kind: "addColumn", table: t, column: { name: "slug", type: "varchar(100)", nullable: false, generated: { sql: "lower(`title`)" } } };
    const mysql8 = new MysqlCompiler({ name: "MySQL 8.0.36", expressionIndexes: true });
    expect((await mysql8.compile(op, offline)).map((s) => s.sql)).toEqual(["ALTER TABLE `users` ADD COLUMN `slug` VARCHAR(100) GENERATED ALWAYS AS (lower(`title`)) STORED NOT NULL"]);
    const mariadb = new MysqlCompiler({ name: "MariaDB 10.11.19", expressionIndexes: false, generatedNotNull: false });
    await expect(mariadb.compile(op, offline)).rejects.toThrow("MariaDB 10.11.19 takes no NOT NULL on a generated column (MySQL 8 does); leave nullable out, or add a CHECK (`slug` IS NOT NULL)");
  });

  test("alterColumn names the existing* field it needs", async () => {
    await rejects({ kind: "alterColumn", table: t, column: "n", nullable: false }, /current type is unknown .*pass existingType/);
    await rejects({ kind: "alterColumn", table: t, column: "n", type: "bigint" }, /current nullability is unknown .*pass existingNullable/);
  });

  test("default-only and rename-only changes need no hints", async () => {
    expect(await sql({ kind: "alterColumn", table: t, column: "n", default: "x" })).toEqual(["ALTER TABLE `users` ALTER COLUMN `n` SET DEFAULT 'x'"]);
    expect(await sql({ kind: "alterColumn", table: t, column: "n", default: null })).toEqual(["ALTER TABLE `users` ALTER COLUMN `n` DROP DEFAULT"]);
    expect(await sql({ kind: "alterColumn", table: t, column: "n", default: { sql: "now()" }, existingType: "timestamp" })).toEqual([
      "ALTER TABLE `users` ALTER COLUMN `n` SET DEFAULT CURRENT_TIMESTAMP(6)",
    ]);
    expect(await sql({ kind: "alterColumn", table: t, column: "a", newName: "b" })).toEqual(["ALTER TABLE `users` RENAME COLUMN `a` TO `b`"]);
    expect(await sql({ kind: "alterColumn", table: t, column: "a", newName: "b", default: 1 })).toEqual([
      "ALTER TABLE `users` ALTER COLUMN `a` SET DEFAULT 1",
      "ALTER TABLE `users` RENAME COLUMN `a` TO `b`",
    ]);
    expect(await sql({ kind: "alterColumn", table: t, column: "a" })).toEqual([]);
  });

  // SET DEFAULT takes no ON UPDATE clause (a syntax error) and keeps the column's (a default without it would not drop it).
  test("a default with or without ON UPDATE CURRENT_TIMESTAMP, to or from one that has it, is a MODIFY", async () => {
    const hints = { existingType: "datetime(3)", existingNullable: false, existingComment: null, existingAutoincrement: false } as const;
    expect(await sql({ kind: "alterColumn", table: t, column: "at", default: { sql: "CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP" }, existingDefault: { sql: "now()" }, ...hints })).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)",
    ]);
    expect(await sql({ kind: "alterColumn", table: t, column: "at", default: { sql: "now()" }, existingDefault: { sql: "current_timestamp(3) ON UPDATE current_timestamp(3)" }, ...hints })).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)",
    ]);
    const ctx = withTable({ columns: [{ name: "at", type: { raw: "datetime(3)" }, nullable: true, default: { sql: "current_timestamp(3) ON UPDATE current_timestamp(3)" } }] });
    expect(await sql({ kind: "alterColumn", table: t, column: "at", default: null }, ctx)).toEqual(["ALTER TABLE `users` MODIFY COLUMN `at` datetime(3) NULL"]);
    expect(await sql({ kind: "alterColumn", table: t, column: "at", default: { sql: "'2000-01-01' ON UPDATE now()" } }, ctx)).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `at` datetime(3) NULL DEFAULT '2000-01-01' ON UPDATE now()",
    ]);
  });

  // MySQL 8 takes an expression default only in parentheses ("DEFAULT uuid()" is a syntax error); MariaDB takes both.
  test("an expression default is written in parentheses; literals, the current time and ON UPDATE as they are", async () => {
    const dflt = async (type: string, value: DefaultValue) =>
      (await sql({ kind: "alterColumn", table: t, column: "c", default: value, existingType: type }))[0]!.replace("ALTER TABLE `users` ALTER COLUMN `c` SET DEFAULT ", "");
    expect(await dflt("char(36)", { sql: "uuid()" })).toBe("(uuid())");
    expect(await dflt("integer", { sql: "1 + 2" })).toBe("(1 + 2)");
    expect(await dflt("integer", { sql: "(1 + 2)" })).toBe("(1 + 2)");
    expect(await dflt("date", { sql: "curdate()" })).toBe("(curdate())");
    for (const literal of ["0", "-1.5", "1e3", "'x'", "'it''s'", "b'1'", "x'0F'", "NULL", "TRUE", "false"]) expect(await dflt("integer", { sql: literal })).toBe(literal);
    expect(await dflt("datetime(3)", { sql: "now()" })).toBe("CURRENT_TIMESTAMP(3)");
    expect(await dflt("integer", 5)).toBe("5");
    expect(await dflt("text", { sql: "'x'" })).toBe("('x')");
    expect(await dflt("json", { sql: "'{}'" })).toBe("('{}')");
    expect(await dflt("text", "x")).toBe("('x')");
  });

  // MySQL refuses DATETIME(6) DEFAULT CURRENT_TIMESTAMP(3) ("Invalid default value"); MariaDB keeps the (3).
  test("a current-time default restated by MODIFY takes the column's new precision", async () => {
    expect(await sql({ kind: "alterColumn", table: t, column: "at", type: "datetime(6)", existingType: "datetime(3)", existingNullable: true, existingDefault: { sql: "current_timestamp(3)" }, existingComment: null, existingAutoincrement: false })).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `at` DATETIME(6) NULL DEFAULT CURRENT_TIMESTAMP(6)",
    ]);
    expect(await sql({ kind: "alterColumn", table: t, column: "at", type: "datetime", existingType: "datetime(3)", existingNullable: true, existingDefault: { sql: "current_timestamp(3) ON UPDATE current_timestamp(3)" }, existingComment: null, existingAutoincrement: false })).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `at` DATETIME NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP",
    ]);
    // Without a type to go by, a written precision stays.
    expect(await sql({ kind: "alterColumn", table: t, column: "at", default: { sql: "now(3)" } })).toEqual(["ALTER TABLE `users` ALTER COLUMN `at` SET DEFAULT now(3)"]);
  });
});

describe("indexes", () => {
  test("createIndex: unique, several columns, method, expression", async () => {
    expect(await sql({ kind: "createIndex", name: "ix", table: t, columns: ["a", "b"], unique: true, method: "btree" })).toEqual([
      "CREATE UNIQUE INDEX `ix` ON `users` (`a`, `b`) USING BTREE",
    ]);
    expect(await sql({ kind: "createIndex", name: "ft", table: { name: "t", schema: "s" }, columns: ["body"], method: "fulltext" })).toEqual([
      "CREATE FULLTEXT INDEX `ft` ON `s`.`t` (`body`)",
    ]);
    const mysql8 = new MysqlCompiler({ name: "MySQL 8.0.36", expressionIndexes: true });
    const expression: Op = { kind: "createIndex", name: "ix", table: t, columns: [{ expression: "lower(email)" }], ifNotExists: true };
    expect((await mysql8.compile(expression, offline)).map((s) => mysql8.inline(s))).toEqual(["CREATE INDEX IF NOT EXISTS `ix` ON `users` ((lower(email)))"]);
    // A column prefix, as reflection reads it, stays bare (wrapped it would be an expression).
    expect(await sql({ kind: "createIndex", name: "ix", table: t, columns: [{ expression: "`no``te`(20)" }, "a"] })).toEqual([
      "CREATE INDEX `ix` ON `users` (`no``te`(20), `a`)",
    ]);
  });

  test("createIndex: a descending key part is DESC after its column, prefix or expression", async () => {
    expect(await sql({ kind: "createIndex", name: "ix", table: t, columns: [{ name: "at", order: "desc" }, { name: "b", order: "asc" }, { expression: "`note`(20)", order: "desc" }] })).toEqual([
      "CREATE INDEX `ix` ON `users` (`at` DESC, `b`, `note`(20) DESC)",
    ]);
    const mysql8 = new MysqlCompiler({ name: "MySQL 8.0.36", expressionIndexes: true });
    const op: Op = { kind: "createIndex", name: "ix", table: t, columns: [{ expression: "lower(email)", order: "desc" }] };
    expect((await mysql8.compile(op, offline)).map((s) => s.sql)).toEqual(["CREATE INDEX `ix` ON `users` ((lower(email)) DESC)"]);
  });

  test("NULLS FIRST / LAST and operator classes are refused with one line, for a column, a prefix or an expression", async () => {
    const mysql8 = new MysqlCompiler({ name: "MySQL 8.0.36", expressionIndexes: true });
    const refused = (columns: Extract<Op, { kind: "createIndex" }>["columns"]) => mysql8.compile({ kind: "createIndex", name: "ix", table: t, columns }, offline);
    await expect(refused(["a", { name: "at", order: "desc", nulls: "last" }])).rejects.toThrow(`Index "ix" key "at" has nulls: "last" (NULLS LAST), which MySQL does not have (PostgreSQL does): leave nulls out`);
    await expect(refused([{ name: "at", nulls: "last" }])).rejects.toThrow(`key "at" has nulls: "last"`);
    await expect(refused([{ expression: "`note`(20)", nulls: "first" }])).rejects.toThrow("key (`note`(20)) has nulls");
    await expect(refused([{ expression: "lower(email)", opclass: "text_pattern_ops" }])).rejects.toThrow(`Index "ix" key (lower(email)) has opclass "text_pattern_ops" (an operator class), which MySQL does not have (PostgreSQL does): leave opclass out`);
    await expect(refused([{ name: "email", opclass: "text_pattern_ops" }])).rejects.toThrow(`key "email" has opclass`);
  });

  test("INCLUDE columns are refused: MySQL has no covering indexes of that kind", async () => {
    await expect(compiler.compile({ kind: "createIndex", name: "ix", table: t, columns: ["a"], include: ["b"] }, offline)).rejects.toThrow(
      `Index "ix" has include columns (b), which MySQL does not have (PostgreSQL does)`,
    );
  });

  test("an expression key part is refused where the server lacks it, and offline where its version is unknown", async () => {
    const op: Op = { kind: "createIndex", name: "ix_lower", table: t, columns: [{ expression: "lower(email)" }] };
    const mariadb = new MysqlCompiler({ name: "MariaDB 10.11.19", expressionIndexes: false });
    const promise = mariadb.compile(op, offline);
    await expect(promise).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(promise).rejects.toThrow(
      'Index "ix_lower" has an expression key part (lower(email)): MariaDB 10.11.19 has no expression indexes (MySQL has them from 8.0.13, MariaDB not at all); index a generated column instead',
    );
    await rejects(op, /offline the server's version is not known, so this cannot be checked: name it \(server_version = 8\.0\.36 in the config, or --server-version\), run it online against the server, or index a generated column/);
  });

  test("createIndex refuses partial indexes and foreign methods", async () => {
    await rejects({ kind: "createIndex", name: "ix", table: t, columns: ["a"], where: "a > 0" }, /no partial indexes/);
    await rejects({ kind: "createIndex", name: "ix", table: t, columns: ["a"], method: "gin" }, /method "gin"/);
  });

  test("dropIndex needs the table", async () => {
    expect(await sql({ kind: "dropIndex", name: "ix", table: t })).toEqual(["DROP INDEX `ix` ON `users`"]);
    expect(await sql({ kind: "dropIndex", name: "ix", table: t, ifExists: true })).toEqual(["DROP INDEX IF EXISTS `ix` ON `users`"]);
    await rejects({ kind: "dropIndex", name: "ix" }, /needs the table on MySQL/);
  });
});

describe("constraints", () => {
  test("create each kind", async () => {
    expect(await sql({ kind: "createPrimaryKey", name: "pk", table: t, columns: ["id"] })).toEqual([
      "ALTER TABLE `users` ADD CONSTRAINT `pk` PRIMARY KEY (`id`)",
    ]);
    expect(
      await sql({ kind: "createForeignKey", name: "fk", table: t, foreignKey: { columns: ["o"], refTable: "orgs", refColumns: ["id"], onDelete: "set null" } }),
    ).toEqual(["ALTER TABLE `users` ADD CONSTRAINT `fk` FOREIGN KEY (`o`) REFERENCES `orgs` (`id`) ON DELETE SET NULL"]);
    expect(await sql({ kind: "createUniqueConstraint", name: "uq", table: t, columns: ["a", "b"] })).toEqual([
      "ALTER TABLE `users` ADD CONSTRAINT `uq` UNIQUE (`a`, `b`)",
    ]);
    expect(await sql({ kind: "createCheckConstraint", name: "ck", table: t, condition: "a > 0" })).toEqual([
      "ALTER TABLE `users` ADD CONSTRAINT `ck` CHECK (a > 0)",
    ]);
  });

  test("dropConstraint uses the statement of its type", async () => {
    const drop = (type: "primary" | "foreign" | "unique" | "check") => sql({ kind: "dropConstraint", name: "c", table: t, type });
    expect(await drop("primary")).toEqual(["ALTER TABLE `users` DROP PRIMARY KEY"]);
    expect(await drop("foreign")).toEqual(["ALTER TABLE `users` DROP FOREIGN KEY `c`"]);
    expect(await drop("unique")).toEqual(["ALTER TABLE `users` DROP INDEX `c`"]);
    expect(await drop("check")).toEqual(["ALTER TABLE `users` DROP CONSTRAINT `c`"]);
  });

  test("dropConstraint learns the type from existing or the table, else asks for it", async () => {
    expect(
      await sql({ kind: "dropConstraint", name: "u", table: t, existing: { kind: "createUniqueConstraint", name: "u", table: t, columns: ["a"] } }),
    ).toEqual(["ALTER TABLE `users` DROP INDEX `u`"]);
    const ctx = withTable({ columns: [], foreignKeys: [{ name: "fk_o", columns: ["o"], refTable: "orgs", refColumns: ["id"] }] });
    expect(await sql({ kind: "dropConstraint", name: "fk_o", table: t }, ctx)).toEqual(["ALTER TABLE `users` DROP FOREIGN KEY `fk_o`"]);
    await rejects({ kind: "dropConstraint", name: "c", table: t }, /pass \{ type: "primary" \| "foreign" \| "unique" \| "check" \}/);
  });

  test("dropConstraint of a foreign key drops its own index, giving another key that relied on it one of its own", async () => {
    const keys = [
      { name: "fk_a", columns: ["o"], refTable: "a", refColumns: ["id"] },
      { name: "fk_b", columns: ["o"], refTable: "b", refColumns: ["id"] },
    ];
    // InnoDB keeps one index for both keys, made for (and named after) fk_a.
    const model = rememberForeignKeyIndexes({ table: t, columns: [], foreignKeys: keys, uniques: [], checks: [], indexes: [] }, new Map([["fk_a", "fk_a"]]));
    expect(await sql({ kind: "dropConstraint", name: "fk_a", table: t, type: "foreign" }, { table: async () => model })).toEqual([
      "ALTER TABLE `users` DROP FOREIGN KEY `fk_a`, DROP INDEX `fk_a`, ADD INDEX `fk_b` (`o`)",
    ]);
    // Alone on its index: the key, then the index.
    const alone = rememberForeignKeyIndexes({ ...model, foreignKeys: [keys[0]!] }, new Map([["fk_a", "fk_a"]]));
    expect(await sql({ kind: "dropConstraint", name: "fk_a", table: t, type: "foreign" }, { table: async () => alone })).toEqual([
      "ALTER TABLE `users` DROP FOREIGN KEY `fk_a`",
      "DROP INDEX `fk_a` ON `users`",
    ]);
  });

  test("dropConstraint of a primary key gives a foreign key it served an index of its own, in the same statement", async () => {
    const unnamed = { columns: ["o"], refTable: "a", refColumns: ["id"] };
    const fk = { name: "fk_a", ...unnamed };
    const model: TableModel = { table: t, columns: [{ name: "o", type: "integer", primaryKey: true }], foreignKeys: [fk], uniques: [], checks: [], indexes: [] };
    const drop = (m: TableModel) => sql({ kind: "dropConstraint", name: "PRIMARY", table: t, type: "primary" }, { table: async () => m });
    expect(await drop(model)).toEqual(["ALTER TABLE `users` DROP PRIMARY KEY, ADD INDEX `fk_a` (`o`)"]);
    // An unnamed key (users_ibfk_1) is given the index InnoDB would give it: its first column's name.
    expect(await drop({ ...model, foreignKeys: [unnamed] })).toEqual(["ALTER TABLE `users` DROP PRIMARY KEY, ADD INDEX `o` (`o`)"]);
    // A key with an index of its own, or another index on its columns, needs none.
    expect(await drop(rememberForeignKeyIndexes({ ...model }, new Map([["fk_a", "fk_a"]])))).toEqual(["ALTER TABLE `users` DROP PRIMARY KEY"]);
    expect(await drop(rememberForeignKeyIndexes({ ...model, foreignKeys: [unnamed] }, new Map([["users_ibfk_1", "o"]])))).toEqual(["ALTER TABLE `users` DROP PRIMARY KEY"]);
    expect(await drop({ ...model, uniques: [{ name: "uq", columns: ["o", "p"] }] })).toEqual(["ALTER TABLE `users` DROP PRIMARY KEY"]);
  });

  test("dropIndex of a descending index a foreign key relied on gives the key an index of its own first", async () => {
    const fk = { name: "fk_a", columns: ["o"], refTable: "a", refColumns: ["id"] };
    const ix = { kind: "createIndex" as const, name: "ix", table: t, columns: [{ name: "o", order: "desc" as const }, "p"] };
    const ctx = withTable({ columns: [], foreignKeys: [fk], indexes: [ix] });
    expect(await sql({ kind: "dropIndex", name: "ix", table: t }, ctx)).toEqual(["CREATE INDEX `fk_a` ON `users` (`o`)", "DROP INDEX `ix` ON `users`"]);
  });
});

describe("schemas, enums, sequences, data", () => {
  test("a schema is a database; dropping one needs cascade", async () => {
    expect(await sql({ kind: "createSchema", name: "app", ifNotExists: true })).toEqual(["CREATE DATABASE IF NOT EXISTS `app`"]);
    expect(await sql({ kind: "dropSchema", name: "app", cascade: true, ifExists: true })).toEqual(["DROP DATABASE IF EXISTS `app`"]);
    await rejects({ kind: "dropSchema", name: "app" }, /DROP DATABASE on MySQL, which drops every table in it: pass \{ cascade: true \}/);
  });

  test("enums and sequences are refused with a hint", async () => {
    await rejects({ kind: "createEnum", name: "mood", values: ["a"] }, /no named enum types: give the column an inline type/);
    await rejects({ kind: "recreateEnum", name: "mood", values: ["a"], previous: ["a", "b"] }, /^recreateEnum is not supported on MySQL, which has no named enum types: give the column an inline type such as "enum\('a','b'\)" and change it with alterColumn$/);
    await rejects({ kind: "createSequence", name: "s" }, /no sequences: use an AUTO_INCREMENT column/);
  });

  test("execute passes through; bulkInsert binds and inlines", async () => {
    expect(await sql({ kind: "execute", sql: "UPDATE t SET a = ? WHERE b = '?'", params: ["x"] })).toEqual(["UPDATE t SET a = 'x' WHERE b = '?'"]);
    expect(await sql({ kind: "bulkInsert", table: t, rows: [{ a: 1, b: "x" }, { a: 2, c: true }] })).toEqual([
      // Rows with other keys go in their own INSERT, so that a key left out gets its column's default.
      "INSERT INTO `users` (`a`, `b`) VALUES (1, 'x')",
      "INSERT INTO `users` (`a`, `c`) VALUES (2, 1)",
    ]);
  });

  test("bulkInsert keeps statements moderate", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ id: i, body: "x".repeat(1000) }));
    const statements = await compiler.compile({ kind: "bulkInsert", table: t, rows }, offline);
    expect(statements.length).toBeGreaterThan(1);
    expect(statements.reduce((n, s) => n + (s.params?.length ?? 0), 0)).toBe(10000);
    for (const s of statements) expect(compiler.inline(s).length).toBeLessThan(1 << 20);
  });

  test("batchAlterTable is its ops as plain ALTERs", async () => {
    expect(
      await sql({
        kind: "batchAlterTable",
        table: t,
        ops: [
          { kind: "addColumn", table: t, column: { name: "x", type: "integer" } },
          { kind: "dropConstraint", name: "fk", table: t, type: "foreign" },
        ],
      }),
    ).toEqual(["ALTER TABLE `users` ADD COLUMN `x` INT", "ALTER TABLE `users` DROP FOREIGN KEY `fk`"]);
  });
});

describe("dialect", () => {
  test("version table SQL", () => {
    const vt = mysqlDialect.versionTable({ name: "migrator_version", schema: null });
    expect(vt.create(true)).toBe(
      "CREATE TABLE IF NOT EXISTS `migrator_version` (\n    `version_num` VARCHAR(128) NOT NULL,\n    CONSTRAINT `migrator_version_pkc` PRIMARY KEY (`version_num`)\n)",
    );
    expect(vt.exists()).toEqual({
      sql: "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
      params: ["migrator_version"],
    });
    expect(mysqlDialect.versionTable({ name: "v", schema: "other" }).exists().params).toEqual(["other", "v"]);
  });

  test("lock names fit in 64 characters", () => {
    expect(mysqlLockName("app", ".migrator_version")).toBe("migrator:app:.migrator_version");
    const long = mysqlLockName("d".repeat(64), ".v");
    expect(long.length).toBe(64);
    expect(long).not.toBe(mysqlLockName("e".repeat(64), ".v"));
  });

  test("capabilities", () => {
    expect(mysqlDialect.capabilities).toMatchObject({ transactionalDdl: false, alterColumn: true, schemas: false, partialIndexes: false, comments: true });
  });
});

describe("offline script lines", () => {
  test("compound statements get a DELIMITER; a trailing comment keeps the ; off its line", () => {
    const trigger = "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END";
    expect(compiler.scriptStatement(trigger)).toBe(`DELIMITER //\n${trigger}\n//\nDELIMITER ;`);
    expect(compiler.scriptStatement("SELECT 1")).toBe("SELECT 1;");
    expect(compiler.scriptStatement("SELECT 1 # note")).toBe("SELECT 1 # note\n;");
  });
});

describe("generated columns and unnamed constraints", () => {
  test("a generated column's clause follows its type; MODIFY keeps it", async () => {
    expect(await sql({ kind: "addColumn", table: t, column: { name: "total", type: "integer", generated: { sql: "a + b", stored: false } } })).toEqual([
      "ALTER TABLE `users` ADD COLUMN `total` INT GENERATED ALWAYS AS (a + b) VIRTUAL",
    ]);
    const ctx = withTable({ columns: [{ name: "total", type: "integer", nullable: true, generated: { sql: "a + b", stored: true } }] });
    expect(await sql({ kind: "alterColumn", table: t, column: "total", nullable: false }, ctx)).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `total` INT GENERATED ALWAYS AS (a + b) STORED NOT NULL",
    ]);
  });

  test("offline, an unnamed foreign key is found in information_schema when the script runs", async () => {
    const ctx = withTable({ columns: [{ name: "role_id", type: "integer" }], foreignKeys: [{ columns: ["role_id"], refTable: "roles", refColumns: ["id"] }] });
    const out = await sql({ kind: "dropConstraint", table: t, type: "foreign", columns: ["role_id"] }, ctx);
    expect(out[0]).toStartWith("SET @migrator_drop = (SELECT CONCAT('ALTER TABLE `users` ', 'DROP FOREIGN KEY '");
    expect(out[0]).toContain("HAVING GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION SEPARATOR ',') = 'role_id'");
    expect(out.slice(1, 4)).toEqual(["PREPARE migrator_drop FROM @migrator_drop", "EXECUTE migrator_drop", "DEALLOCATE PREPARE migrator_drop"]);
    // The index InnoDB made for it goes too, when it is there.
    expect(out[4]).toContain("COALESCE(");
  });

  test("ifExists: nothing when the table has no such constraint or column", async () => {
    const ctx = withTable({ columns: [{ name: "id", type: "integer" }] });
    expect(await sql({ kind: "dropConstraint", name: "ck_x", table: t, type: "check", ifExists: true }, ctx)).toEqual([]);
    expect(await sql({ kind: "dropColumn", table: t, column: "nope", ifExists: true }, ctx)).toEqual([]);
    expect(await sql({ kind: "dropConstraint", name: "ck_x", table: t, type: "check", ifExists: true })).toEqual(["ALTER TABLE `users` DROP CONSTRAINT IF EXISTS `ck_x`"]);
  });
});

describe("the primary key without its name, on a table not known offline", () => {
  test("is the table's PRIMARY KEY", async () => {
    expect(await sql({ kind: "dropConstraint", table: t, type: "primary" })).toEqual(["ALTER TABLE `users` DROP PRIMARY KEY"]);
  });
});
