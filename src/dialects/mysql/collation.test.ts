/** Column collations in MySQL DDL, without a server. */
import { describe, expect, test } from "bun:test";
import type { ColumnDef, Op } from "../../operations/ops.ts";
import type { CompileContext } from "../dialect.ts";
import { MysqlCompiler } from "./ddl.ts";

const compiler = new MysqlCompiler();
const t = { name: "users" };
const offline: CompileContext = { table: async () => undefined };
const withColumn = (column: ColumnDef): CompileContext => ({ table: async () => ({ table: t, columns: [column], foreignKeys: [], uniques: [], checks: [], indexes: [] }) });
const sql = async (op: Op, ctx: CompileContext = offline) => (await compiler.compile(op, ctx)).map((s) => compiler.inline(s));

describe("MySQL collations", () => {
  test("createTable and addColumn write COLLATE right after the type", async () => {
    expect(await sql({ kind: "createTable", table: t, columns: [{ name: "id", type: "integer", primaryKey: true }, { name: "code", type: "varchar(20)", collation: "utf8mb4_bin", nullable: false, default: "x" }] })).toEqual([
      "CREATE TABLE `users` (\n    `id` INT NOT NULL,\n    `code` VARCHAR(20) COLLATE utf8mb4_bin NOT NULL DEFAULT 'x',\n    PRIMARY KEY (`id`)\n)",
    ]);
    expect(await sql({ kind: "addColumn", table: t, column: { name: "tag", type: "text", collation: "latin1_swedish_ci" } })).toEqual([
      "ALTER TABLE `users` ADD COLUMN `tag` TEXT COLLATE latin1_swedish_ci",
    ]);
  });

  test("a collation change is a MODIFY restating the column; null leaves COLLATE out (the table's default)", async () => {
    const current = withColumn({ name: "code", type: { raw: "varchar(20)" }, nullable: false, default: "x", comment: "the code" });
    expect(await sql({ kind: "alterColumn", table: t, column: "code", collation: "utf8mb4_bin" }, current)).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `code` varchar(20) COLLATE utf8mb4_bin NOT NULL DEFAULT 'x' COMMENT 'the code'",
    ]);
    expect(await sql({ kind: "alterColumn", table: t, column: "code", collation: null, existingCollation: "utf8mb4_bin" }, current)).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `code` varchar(20) NOT NULL DEFAULT 'x' COMMENT 'the code'",
    ]);
  });

  test("another change keeps the collation: from the hint, else the table (MODIFY without it would reset it)", async () => {
    const current = withColumn({ name: "code", type: { raw: "varchar(20)" }, nullable: true, collation: "utf8mb4_bin" });
    expect(await sql({ kind: "alterColumn", table: t, column: "code", nullable: false }, current)).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `code` varchar(20) COLLATE utf8mb4_bin NOT NULL",
    ]);
    expect(await sql({ kind: "alterColumn", table: t, column: "code", type: "varchar(40)", existingNullable: true, existingDefault: null, existingComment: null, existingAutoincrement: false, existingCollation: "utf8mb4_unicode_ci" })).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `code` VARCHAR(40) COLLATE utf8mb4_unicode_ci NULL",
    ]);
    // A type that takes no collation does not get the one the column had.
    expect(await sql({ kind: "alterColumn", table: t, column: "code", type: "integer" }, current)).toEqual(["ALTER TABLE `users` MODIFY COLUMN `code` INT NULL"]);
    // A default-only change is ALTER COLUMN ... SET DEFAULT, which leaves the collation alone.
    expect(await sql({ kind: "alterColumn", table: t, column: "code", default: "y" }, current)).toEqual(["ALTER TABLE `users` ALTER COLUMN `code` SET DEFAULT 'y'"]);
  });
});
