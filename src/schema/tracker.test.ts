import { expect, test } from "bun:test";
import { sqliteDialect } from "../dialects/sqlite/dialect.ts";
import type { Op } from "../operations/ops.ts";
import { SchemaTracker } from "./tracker.ts";

const accounts = { name: "accounts" };
const ops: Op[] = [
  {
    kind: "createTable",
    table: accounts,
    columns: [
      { name: "id", type: "integer", primaryKey: true },
      { name: "owner", type: "varchar(40)", nullable: false, default: "root" },
    ],
  },
  { kind: "addColumn", table: accounts, column: { name: "balance", type: "numeric(12,2)", default: 0 } },
  { kind: "createIndex", name: "ix_accounts_owner", table: accounts, columns: ["owner"] },
];

test("table(ref) answers from the ops recorded so far", async () => {
  const tracker = new SchemaTracker();
  expect(await tracker.table(accounts)).toBeUndefined();
  for (const op of ops) tracker.record(op);
  expect(await tracker.table({ name: "ACCOUNTS" })).toEqual({
    table: accounts,
    columns: [
      { name: "id", type: "integer", nullable: false, primaryKey: true },
      { name: "owner", type: "varchar(40)", nullable: false, default: "root" },
      { name: "balance", type: "numeric(12,2)", nullable: true, default: 0 },
    ],
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [{ kind: "createIndex", name: "ix_accounts_owner", table: accounts, columns: ["owner"] }],
  });
  expect(tracker.tables().map((t) => t.table.name)).toEqual(["accounts"]);
  expect(new SchemaTracker(tracker.tables()).get(accounts)).toEqual(tracker.get(accounts)!);
});

test("the offline batch SQL equals the online one for the same table", async () => {
  const conn = await sqliteDialect.connect({ scheme: "sqlite", dialect: "sqlite", path: ":memory:", params: {}, raw: "sqlite://" }, { timeoutMs: 1000 });
  try {
    const online = { table: (ref: { name: string }) => sqliteDialect.reflectTable(conn, ref) };
    const tracker = new SchemaTracker();
    for (const op of ops) {
      for (const s of await sqliteDialect.compile(op, online)) await conn.execute(s.sql, s.params);
      tracker.record(op);
    }
    const batch: Op = {
      kind: "batchAlterTable",
      table: accounts,
      ops: [
        { kind: "alterColumn", table: accounts, column: "balance", type: "real", nullable: false },
        { kind: "alterColumn", table: accounts, column: "owner", newName: "holder" },
        { kind: "createCheckConstraint", name: "ck_balance", table: accounts, condition: "balance >= 0" },
      ],
    };
    const offline = await sqliteDialect.compile(batch, tracker);
    expect(offline).toEqual(await sqliteDialect.compile(batch, online));
    expect(offline.map((s) => s.sql)).toEqual([
      `CREATE TABLE "_migrator_tmp_accounts" (\n` +
        `    "id" INTEGER NOT NULL,\n` +
        `    "holder" VARCHAR(40) NOT NULL DEFAULT 'root',\n` +
        `    "balance" REAL NOT NULL DEFAULT 0,\n` +
        `    PRIMARY KEY ("id"),\n` +
        `    CONSTRAINT "ck_balance" CHECK (balance >= 0)\n` +
        `)`,
      `INSERT INTO "_migrator_tmp_accounts" ("id", "holder", "balance") SELECT "id", "owner", "balance" FROM "accounts"`,
      `DROP TABLE "accounts"`,
      "PRAGMA legacy_alter_table = ON",
      `ALTER TABLE "_migrator_tmp_accounts" RENAME TO "accounts"`,
      "PRAGMA legacy_alter_table = OFF",
      `CREATE INDEX "ix_accounts_owner" ON "accounts" ("holder")`,
    ]);
  } finally {
    await conn.close();
  }
});

test("enum types follow addEnumValue (before, after, at the end) and recreateEnum, so op.inspect() offline shows their values", async () => {
  const tracker = new SchemaTracker();
  tracker.record({ kind: "createEnum", name: "mood", schema: "app", values: ["a", "c"] });
  tracker.record({ kind: "createEnum", name: "level", values: ["low"] });
  tracker.record({ kind: "addEnumValue", name: "mood", schema: "app", value: "b", after: "a" });
  tracker.record({ kind: "addEnumValue", name: "mood", schema: "app", value: "z", before: "a" });
  tracker.record({ kind: "addEnumValue", name: "mood", schema: "app", value: "d" });
  tracker.record({ kind: "addEnumValue", name: "mood", schema: "app", value: "b", ifNotExists: true });
  tracker.record({ kind: "addEnumValue", name: "unknown", value: "x" });
  expect((await tracker.model()).enums).toEqual([
    { name: "level", values: ["low"] },
    { name: "mood", schema: "app", values: ["z", "a", "b", "c", "d"] },
  ]);
  tracker.record({ kind: "recreateEnum", name: "mood", schema: "app", values: ["d", "a"], previous: ["z", "a", "b", "c", "d"] });
  tracker.record({ kind: "addEnumValue", name: "LEVEL", value: "high", after: "low" });
  expect((await tracker.model()).enums).toEqual([
    { name: "level", values: ["low", "high"] },
    { name: "mood", schema: "app", values: ["d", "a"] },
  ]);
  tracker.record({ kind: "dropEnum", name: "mood", schema: "app" });
  expect((await tracker.model()).enums.map((e) => e.name)).toEqual(["level"]);
});

test("views follow createView and dropView, so op.inspect() offline lists them", async () => {
  const tracker = new SchemaTracker();
  tracker.record({ kind: "createView", name: "b", query: "SELECT 2", checkOption: "local" });
  tracker.record({ kind: "createView", name: "a", schema: "app", query: "SELECT 1" });
  tracker.record({ kind: "createView", name: "gone", query: "SELECT 3" });
  tracker.record({ kind: "dropView", name: "gone" });
  expect((await tracker.model()).views).toEqual([
    { name: "b", query: "SELECT 2", checkOption: "local" },
    { name: "a", schema: "app", query: "SELECT 1" },
  ]);
});

test("after distrust(), only a table an op made (or dropped) since is answered; others are not known, saying why, and op.inspect() fails", async () => {
  const tracker = new SchemaTracker();
  for (const op of ops) tracker.record(op);
  tracker.record({ kind: "createTable", table: { name: "kept" }, columns: [{ name: "id", type: "integer" }] });
  tracker.distrust(`revision "r2" could not be replayed`);
  expect(tracker.get(accounts)).toBeUndefined();
  expect(tracker.unknownReason(accounts)).toStartWith(`revision "r2" could not be replayed; run this range online`);
  expect(tracker.get({ name: "never" })).toBeUndefined();
  expect(tracker.unknownReason({ name: "kept" })).toBeDefined();
  await expect(tracker.model()).rejects.toThrow(`The schema is not known`);
  tracker.record({ kind: "dropTable", table: accounts });
  tracker.record({ kind: "createTable", table: { name: "fresh" }, columns: [{ name: "id", type: "integer" }] });
  tracker.record({ kind: "renameTable", table: { name: "fresh" }, newName: "renamed" });
  tracker.record({ kind: "renameTable", table: { name: "kept" }, newName: "moved" });
  expect(tracker.get(accounts)).toBeUndefined();
  expect(tracker.get({ name: "fresh" })).toBeUndefined();
  expect(tracker.get({ name: "renamed" })?.columns.map((c) => c.name)).toEqual(["id"]);
  expect(tracker.unknownReason({ name: "renamed" })).toBeUndefined();
  // Renamed from a doubted table: as doubted as before.
  expect(tracker.get({ name: "moved" })).toBeUndefined();
  expect(tracker.unknownReason({ name: "moved" })).toBeDefined();
});

test("a counting column keeps the type the dialect wrote for it when it stops counting (SQLite: INTEGER, declared bigint)", async () => {
  const tickets = { name: "tickets" };
  const tracker = new SchemaTracker([], sqliteDialect);
  tracker.record({ kind: "createTable", table: tickets, columns: [{ name: "id", type: "bigint", primaryKey: true, autoincrement: true }, { name: "n", type: "integer" }] });
  tracker.record({ kind: "alterColumn", table: tickets, column: "id", autoincrement: false });
  expect((await tracker.table(tickets))?.columns[0]).toEqual({ name: "id", type: { raw: "INTEGER" }, nullable: false, primaryKey: true });
  // A later rebuild (offline, from the tracked table) writes what the online one writes from the database.
  const sql = await sqliteDialect.compile({ kind: "alterColumn", table: tickets, column: "n", nullable: false }, tracker);
  expect(sql[0]!.sql).toContain(`"id" INTEGER`);
});

test("the dialect follows each table an op changes: its own (renamed: under its new name), and those whose keys a rename reaches", () => {
  const seen: string[] = [];
  const tracker = new SchemaTracker([], {
    columnType: (type) => sqliteDialect.columnType(type),
    followTrackedTable: (before, after, op) => void seen.push(`${op.kind}: ${before?.table.name ?? "-"} -> ${after.table.name}`),
  });
  const orders = { name: "orders" };
  tracker.record(ops[0]!);
  tracker.record({ kind: "createTable", table: orders, columns: [{ name: "acct", type: "integer", references: { table: "accounts", column: "id" } }] });
  tracker.record({ kind: "alterColumn", table: accounts, column: "id", newName: "account_id" });
  tracker.record({ kind: "renameTable", table: accounts, newName: "ledgers" });
  tracker.record({ kind: "addColumn", table: orders, column: { name: "n", type: "integer" } });
  tracker.tables();
  expect(seen).toEqual([
    "createTable: - -> accounts",
    "createTable: - -> orders",
    "alterColumn: accounts -> accounts",
    "alterColumn: orders -> orders",
    "renameTable: orders -> orders",
    "renameTable: accounts -> ledgers",
    "addColumn: orders -> orders",
  ]);
});
