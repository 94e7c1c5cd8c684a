import { describe, expect, test } from "bun:test";
import { UnsupportedOperationError } from "../../errors.ts";
import type { BatchAlterTableOp, Op, TableAlteration } from "../../operations/ops.ts";
import { SchemaObjectNotFoundError } from "../../schema/errors.ts";
import type { TableModel } from "../../schema/model.ts";
import type { CompileContext } from "../dialect.ts";
import { SqliteCompiler } from "./ddl.ts";
import { tableOptions } from "./table_model.ts";

const compiler = new SqliteCompiler();
const t = { name: "items" };

const items: TableModel = {
  table: t,
  columns: [
    { name: "id", type: "integer", nullable: false, primaryKey: true },
    { name: "name", type: "varchar(50)", nullable: false },
    { name: "price", type: "numeric(10,2)", nullable: true, default: 0 },
    { name: "owner_id", type: "integer", nullable: true },
    { name: "note", type: "text", nullable: true },
  ],
  foreignKeys: [{ name: "fk_owner", columns: ["owner_id"], refTable: "owners", refColumns: ["id"], onDelete: "cascade" }],
  uniques: [],
  checks: [{ name: "ck_price", condition: "price >= 0" }],
  indexes: [
    { kind: "createIndex", name: "ix_items_name", table: t, columns: ["name"] },
    { kind: "createIndex", name: "ix_items_note", table: t, columns: [{ expression: "lower(note)" }], where: "note IS NOT NULL" },
  ],
};

const ctxOf = (model: TableModel | undefined): CompileContext => ({ table: async () => model });
const batch = (ops: TableAlteration[], recreate?: BatchAlterTableOp["recreate"]): BatchAlterTableOp => ({
  kind: "batchAlterTable",
  table: t,
  ops,
  ...(recreate ? { recreate } : {}),
});
/** `null`: the table is not known. */
const sqlOf = async (op: Op, model: TableModel | null = items) => (await compiler.compile(op, ctxOf(model ?? undefined))).map((s) => s.sql);

describe("SQLite batch rebuild", () => {
  test("alter type and nullability, drop a column, add a unique constraint, rename a column", async () => {
    const sql = await sqlOf(
      batch([
        { kind: "alterColumn", table: t, column: "price", type: "real", nullable: false },
        { kind: "dropColumn", table: t, column: "owner_id" },
        { kind: "createUniqueConstraint", name: "uq_items_name", table: t, columns: ["name"] },
        { kind: "alterColumn", table: t, column: "note", newName: "remark" },
      ]),
    );
    expect(sql).toEqual([
      `CREATE TABLE "_migrator_tmp_items" (\n` +
        `    "id" INTEGER NOT NULL,\n` +
        `    "name" VARCHAR(50) NOT NULL,\n` +
        `    "price" REAL NOT NULL DEFAULT 0,\n` +
        `    "remark" TEXT,\n` +
        `    PRIMARY KEY ("id"),\n` +
        `    CONSTRAINT "uq_items_name" UNIQUE ("name"),\n` +
        `    CONSTRAINT "ck_price" CHECK (price >= 0)\n` +
        `)`,
      `INSERT INTO "_migrator_tmp_items" ("id", "name", "price", "remark") SELECT "id", "name", "price", "note" FROM "items"`,
      `DROP TABLE "items"`,
      "PRAGMA legacy_alter_table = ON",
      `ALTER TABLE "_migrator_tmp_items" RENAME TO "items"`,
      "PRAGMA legacy_alter_table = OFF",
      `CREATE INDEX "ix_items_name" ON "items" ("name")`,
      `CREATE INDEX "ix_items_note" ON "items" ((lower(remark))) WHERE remark IS NOT NULL`,
    ]);
  });

  test("an added column is left out of the copy and gets its default; a dropped index is not re-created", async () => {
    const sql = await sqlOf(
      batch(
        [
          { kind: "addColumn", table: t, column: { name: "qty", type: "integer", nullable: false, default: 1 } },
          { kind: "dropIndex", name: "ix_items_note", table: t },
          { kind: "createIndex", name: "ix_items_qty", table: t, columns: ["qty"], unique: true },
          { kind: "dropConstraint", name: "fk_owner", table: t },
        ],
        "always",
      ),
    );
    expect(sql[0]).toContain(`"qty" INTEGER NOT NULL DEFAULT 1`);
    expect(sql[0]).not.toContain("FOREIGN KEY");
    expect(sql[1]).toBe(
      `INSERT INTO "_migrator_tmp_items" ("id", "name", "price", "owner_id", "note") SELECT "id", "name", "price", "owner_id", "note" FROM "items"`,
    );
    expect(sql.slice(6)).toEqual([`CREATE INDEX "ix_items_name" ON "items" ("name")`, `CREATE UNIQUE INDEX "ix_items_qty" ON "items" ("qty")`]);
  });

  test("foreign keys, composite keys and autoincrement survive the rebuild", async () => {
    const model: TableModel = {
      table: { name: "links" },
      columns: [
        { name: "a", type: "integer", nullable: false },
        { name: "b", type: "integer", nullable: false },
      ],
      primaryKey: { name: "pk_links", columns: ["a", "b"] },
      foreignKeys: [{ columns: ["a"], refTable: "items", refColumns: ["id"], deferrable: true, initiallyDeferred: true }],
      uniques: [],
      checks: [],
      indexes: [],
    };
    const op: Op = { kind: "createCheckConstraint", name: "ck_ab", table: { name: "links" }, condition: "a <> b" };
    expect((await sqlOf(op, model))[0]).toBe(
      `CREATE TABLE "_migrator_tmp_links" (\n` +
        `    "a" INTEGER NOT NULL,\n` +
        `    "b" INTEGER NOT NULL,\n` +
        `    CONSTRAINT "pk_links" PRIMARY KEY ("a", "b"),\n` +
        `    CONSTRAINT "ck_ab" CHECK (a <> b),\n` +
        `    FOREIGN KEY ("a") REFERENCES "items" ("id") DEFERRABLE INITIALLY DEFERRED\n` +
        `)`,
    );
    const auto: TableModel = { ...items, columns: [{ name: "id", type: "integer", nullable: false, primaryKey: true, autoincrement: true }] , checks: [], foreignKeys: [], indexes: [] };
    const sql = await sqlOf({ kind: "alterColumn", table: t, column: "id", type: "bigint" }, auto);
    // SQLite only accepts AUTOINCREMENT on INTEGER: the key stays the rowid.
    expect(sql[0]).toBe(`CREATE TABLE "_migrator_tmp_items" (\n    "id" INTEGER PRIMARY KEY AUTOINCREMENT\n)`);
  });

  test("autoincrement turned on for a key the table names (createPrimaryKey): the key goes on the column with its name, where SQLite writes AUTOINCREMENT", async () => {
    const keyed: TableModel = { ...items, columns: [{ name: "id", type: "bigint", nullable: false }, { name: "n", type: "integer" }], primaryKey: { name: "pk_items", columns: ["id"] }, checks: [], foreignKeys: [], indexes: [] };
    const sql = await sqlOf({ kind: "alterColumn", table: t, column: "id", autoincrement: true }, keyed);
    expect(sql[0]).toBe(`CREATE TABLE "_migrator_tmp_items" (\n    "id" INTEGER CONSTRAINT "pk_items" PRIMARY KEY AUTOINCREMENT,\n    "n" INTEGER\n)`);
  });

  test("schema-qualified (attached) tables keep their schema", async () => {
    const ref = { name: "items", schema: "aux" };
    const model: TableModel = { ...items, table: ref, indexes: [{ kind: "createIndex", name: "ix_items_name", table: ref, columns: ["name"] }] };
    const sql = await sqlOf({ kind: "alterColumn", table: ref, column: "name", nullable: true }, model);
    expect(sql[0]).toStartWith(`CREATE TABLE "aux"."_migrator_tmp_items" (`);
    expect(sql.slice(1)).toEqual([
      `INSERT INTO "aux"."_migrator_tmp_items" ("id", "name", "price", "owner_id", "note") SELECT "id", "name", "price", "owner_id", "note" FROM "aux"."items"`,
      `DROP TABLE "aux"."items"`,
      "PRAGMA legacy_alter_table = ON",
      `ALTER TABLE "aux"."_migrator_tmp_items" RENAME TO "items"`,
      "PRAGMA legacy_alter_table = OFF",
      `CREATE INDEX "aux"."ix_items_name" ON "items" ("name")`,
    ]);
  });
});

describe("SQLite batch: recreate modes", () => {
  const spare: TableModel = { ...items, columns: [...items.columns, { name: "spare", type: "text", nullable: true }] };
  const inPlace: TableAlteration[] = [
    { kind: "addColumn", table: t, column: { name: "sku", type: "text" } },
    { kind: "alterColumn", table: t, column: "note", newName: "remark" },
    { kind: "dropColumn", table: t, column: "spare" },
    { kind: "createIndex", name: "ix_sku", table: t, columns: ["sku"] },
    { kind: "dropIndex", name: "ix_items_name", table: t },
  ];

  test("auto uses plain ALTER TABLE when SQLite can", async () => {
    expect(await sqlOf(batch(inPlace), spare)).toEqual([
      `ALTER TABLE "items" ADD COLUMN "sku" TEXT`,
      `ALTER TABLE "items" RENAME COLUMN "note" TO "remark"`,
      `ALTER TABLE "items" DROP COLUMN "spare"`,
      `CREATE INDEX "ix_sku" ON "items" ("sku")`,
      `DROP INDEX "ix_items_name"`,
    ]);
    // Plain changes need no table definition (a table created by raw SQL, offline).
    expect(await sqlOf(batch(inPlace), null)).toHaveLength(5);
  });

  test("auto rebuilds for a column SQLite's DROP COLUMN refuses, a UNIQUE column, or an expression default", async () => {
    for (const alt of [
      { kind: "dropColumn", table: t, column: "name" }, // indexed
      { kind: "dropColumn", table: t, column: "owner_id" }, // foreign key
      { kind: "addColumn", table: t, column: { name: "code", type: "text", unique: true } },
      { kind: "addColumn", table: t, column: { name: "at", type: "timestamp", default: { sql: "CURRENT_TIMESTAMP" } } },
      { kind: "addColumn", table: t, column: { name: "n", type: "integer", nullable: false } },
    ] satisfies TableAlteration[]) {
      expect((await sqlOf(batch([alt])))[0]).toStartWith(`CREATE TABLE "_migrator_tmp_items"`);
    }
    const legacy = new SqliteCompiler({ nativeDropColumn: false });
    const sql = await legacy.compile(batch([{ kind: "dropColumn", table: t, column: "note" }]), ctxOf(items));
    expect(sql[0]!.sql).toStartWith(`CREATE TABLE "_migrator_tmp_items"`);
  });

  test("always rebuilds; never refuses what needs a rebuild", async () => {
    expect((await sqlOf(batch(inPlace, "always"), spare))[0]).toStartWith(`CREATE TABLE "_migrator_tmp_items"`);
    expect(await sqlOf(batch(inPlace, "never"), spare)).toHaveLength(5);
    const change = batch([{ kind: "alterColumn", table: t, column: "price", nullable: false }], "never");
    await expect(sqlOf(change)).rejects.toThrow(
      new UnsupportedOperationError(
        `batchAlterTable("items") with recreate: "never" cannot be done on SQLite: alterColumn("price") needs a table rebuild; use recreate: "auto"`,
      ),
    );
  });

  test("single ops outside a batch: column changes and constraints rebuild, a rename stays plain", async () => {
    expect(await sqlOf({ kind: "alterColumn", table: t, column: "note", newName: "remark" })).toEqual([
      `ALTER TABLE "items" RENAME COLUMN "note" TO "remark"`,
    ]);
    for (const op of [
      { kind: "alterColumn", table: t, column: "note", type: "varchar(10)" },
      { kind: "createPrimaryKey", name: "pk", table: t, columns: ["id", "name"] },
      { kind: "createForeignKey", name: "fk", table: t, foreignKey: { columns: ["owner_id"], refTable: "owners", refColumns: ["id"] } },
      { kind: "createUniqueConstraint", name: "uq", table: t, columns: ["name"] },
      { kind: "createCheckConstraint", name: "ck", table: t, condition: "name <> ''" },
      { kind: "dropConstraint", name: "ck_price", table: t },
    ] satisfies Op[]) {
      expect((await sqlOf(op))[0]).toStartWith(`CREATE TABLE "_migrator_tmp_items"`);
    }
    expect(await sqlOf({ kind: "createIndex", name: "ix", table: t, columns: ["note"] })).toEqual([`CREATE INDEX "ix" ON "items" ("note")`]);
  });

  test("an unknown table cannot be rebuilt, and says why", async () => {
    const change = batch([{ kind: "alterColumn", table: t, column: "price", nullable: false }]);
    const error = await sqlOf(change, null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect(String(error)).toContain(`Cannot rebuild table "items" on SQLite for alterColumn("price"): the table is not known.`);
    expect(String(error)).toContain("offline (--sql)");
  });

  test("an alteration naming a missing column or constraint fails instead of rebuilding a different table", async () => {
    await expect(sqlOf(batch([{ kind: "alterColumn", table: t, column: "nope", nullable: false }]))).rejects.toBeInstanceOf(SchemaObjectNotFoundError);
    const error = await sqlOf({ kind: "dropConstraint", name: "uq_nope", table: t }).catch((e: unknown) => e);
    expect(String(error)).toContain(`Table "items" has no constraint named "uq_nope"; its named constraints are "fk_owner", "ck_price"`);
  });
});

test("an alterColumn that changes nothing compiles to nothing", async () => {
  expect(await sqlOf({ kind: "alterColumn", table: t, column: "note", existingType: "text" })).toEqual([]);
});

describe("SQLite batch rebuild: the table's triggers", () => {
  const trigger = { name: "items_touch", sql: "CREATE TRIGGER items_touch AFTER UPDATE OF name ON items BEGIN SELECT 1; END" };
  const withTriggers: CompileContext = { table: async () => items, triggers: async () => [trigger] };

  test("a rebuild creates them again after the rename, as they were; an in-place change leaves them alone", async () => {
    const sql = (await compiler.compile(batch([{ kind: "alterColumn", table: t, column: "note", nullable: false }]), withTriggers)).map((s) => s.sql);
    expect(sql.at(-1)).toBe(trigger.sql);
    expect(sql.findIndex((s) => s.startsWith("ALTER TABLE"))).toBeLessThan(sql.length - 1);
    const inPlace = (await compiler.compile(batch([{ kind: "dropIndex", table: t, name: "ix_items_name" }]), withTriggers)).map((s) => s.sql);
    expect(inPlace).not.toContain(trigger.sql);
  });

  test("one naming a column the rebuild drops or renames is refused", async () => {
    for (const alt of [
      { kind: "dropColumn", table: t, column: "name" },
      { kind: "alterColumn", table: t, column: "name", newName: "title" },
    ] satisfies TableAlteration[]) {
      const rebuild = batch([alt, { kind: "alterColumn", table: t, column: "note", nullable: false }]);
      await expect(compiler.compile(rebuild, withTriggers)).rejects.toThrow(UnsupportedOperationError);
      await expect(compiler.compile(rebuild, withTriggers)).rejects.toThrow(`its trigger "items_touch" names column "name"`);
    }
  });
});

describe("SQLite batch rebuild: WITHOUT ROWID and STRICT", () => {
  test("read from the CREATE TABLE text, and written after the rebuilt table's definition", async () => {
    expect(tableOptions(`CREATE TABLE kv (k TEXT PRIMARY KEY, v INT) strict ,  without\n rowid`)).toEqual(["STRICT", "WITHOUT ROWID"]);
    expect(tableOptions(`CREATE TABLE t (a INT CHECK (a > 0))`)).toEqual([]);
    expect(tableOptions(`CREATE TABLE "t)x" (a TEXT DEFAULT 'strict')`)).toEqual([]);
    const sql = await sqlOf(batch([{ kind: "alterColumn", table: t, column: "note", nullable: false }]), { ...items, tableOptions: ["STRICT", "WITHOUT ROWID"] });
    expect(sql[0]).toStartWith(`CREATE TABLE "_migrator_tmp_items"`);
    expect(sql[0]).toEndWith(") STRICT, WITHOUT ROWID");
  });
});
