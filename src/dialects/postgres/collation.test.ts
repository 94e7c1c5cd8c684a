/** Column collations in PostgreSQL DDL, without a server. */
import { describe, expect, test } from "bun:test";
import { UnsupportedOperationError } from "../../errors.ts";
import type { ColumnDef, Op } from "../../operations/ops.ts";
import type { CompileContext } from "../dialect.ts";
import { postgresDialect as dialect } from "./dialect.ts";

const t = { name: "users" };
const offline: CompileContext = { table: async () => undefined };
const withColumn = (column: ColumnDef): CompileContext => ({ table: async () => ({ table: t, columns: [column], foreignKeys: [], uniques: [], checks: [], indexes: [] }) });
const sql = async (op: Op, ctx: CompileContext = offline) => (await dialect.compile(op, ctx)).map((s) => s.sql);

describe("PostgreSQL collations", () => {
  test("createTable and addColumn write COLLATE after the type, the name quoted as one identifier", async () => {
    expect(await sql({ kind: "createTable", table: t, columns: [{ name: "code", type: "varchar(20)", collation: "C", nullable: false }, { name: "n", type: "text", collation: "en_US.utf8" }] })).toEqual([
      'CREATE TABLE "users" (\n    "code" VARCHAR(20) COLLATE "C" NOT NULL,\n    "n" TEXT COLLATE "en_US.utf8"\n)',
    ]);
    expect(await sql({ kind: "addColumn", table: t, column: { name: "tag", type: "text", collation: "und-x-icu", default: "x" } })).toEqual([
      `ALTER TABLE "users" ADD COLUMN "tag" TEXT COLLATE "und-x-icu" DEFAULT 'x'`,
    ]);
  });

  test("a collation change is ALTER COLUMN ... TYPE with the column's type: from the hint, else the table", async () => {
    expect(await sql({ kind: "alterColumn", table: t, column: "code", collation: "C", existingType: "varchar(20)" })).toEqual([
      'ALTER TABLE "users" ALTER COLUMN "code" TYPE VARCHAR(20) COLLATE "C"',
    ]);
    expect(await sql({ kind: "alterColumn", table: t, column: "code", collation: "POSIX" }, withColumn({ name: "code", type: { raw: "character varying(20)" }, collation: "C" }))).toEqual([
      'ALTER TABLE "users" ALTER COLUMN "code" TYPE character varying(20) COLLATE "POSIX"',
    ]);
    // null: back to the type's default collation, which TYPE without COLLATE gives.
    expect(await sql({ kind: "alterColumn", table: t, column: "code", collation: null, existingType: "text", existingCollation: "C" })).toEqual([
      'ALTER TABLE "users" ALTER COLUMN "code" TYPE TEXT',
    ]);
  });

  test("a collation change with no known type asks for existingType", async () => {
    const promise = dialect.compile({ kind: "alterColumn", table: t, column: "code", collation: "C" }, offline);
    await expect(promise).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(promise).rejects.toThrow(/pass existingType/);
  });

  test("a type change keeps the column's collation (the hint, else the table's); TYPE alone would reset it", async () => {
    expect(await sql({ kind: "alterColumn", table: t, column: "code", type: "varchar(40)", existingCollation: "C" })).toEqual([
      'ALTER TABLE "users" ALTER COLUMN "code" TYPE VARCHAR(40) COLLATE "C"',
    ]);
    expect(await sql({ kind: "alterColumn", table: t, column: "code", type: "varchar(40)" }, withColumn({ name: "code", type: "varchar(20)", collation: "C" }))).toEqual([
      'ALTER TABLE "users" ALTER COLUMN "code" TYPE VARCHAR(40) COLLATE "C"',
    ]);
    expect(await sql({ kind: "alterColumn", table: t, column: "code", type: "varchar(40)" }, withColumn({ name: "code", type: "varchar(20)" }))).toEqual([
      'ALTER TABLE "users" ALTER COLUMN "code" TYPE VARCHAR(40)',
    ]);
    expect(await sql({ kind: "alterColumn", table: t, column: "code", type: "varchar(40)", collation: "POSIX", using: "code::varchar(40)" })).toEqual([
      'ALTER TABLE "users" ALTER COLUMN "code" TYPE VARCHAR(40) COLLATE "POSIX" USING code::varchar(40)',
    ]);
    // A type that takes no collation does not get the one the column had (TYPE INTEGER COLLATE "C" is an error).
    expect(await sql({ kind: "alterColumn", table: t, column: "code", type: "integer", using: "length(code)", existingCollation: "C" })).toEqual([
      'ALTER TABLE "users" ALTER COLUMN "code" TYPE INTEGER USING length(code)',
    ]);
  });

  test("changes that do not touch the type or collation read nothing", async () => {
    let asked = false;
    const ctx: CompileContext = { table: async () => ((asked = true), undefined) };
    expect(await sql({ kind: "alterColumn", table: t, column: "code", nullable: false }, ctx)).toEqual(['ALTER TABLE "users" ALTER COLUMN "code" SET NOT NULL']);
    expect(asked).toBe(false);
  });
});
