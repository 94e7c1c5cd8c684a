/**
 * The revisions the backend suite applies on every dialect: every operation, with names that need
 * quoting. Dialect-only features are gated on op.context.capabilities, never on the dialect's name.
 */
import type { RevSpec } from "../project.ts";

export const ODD = 'my "odd" table';

export const REVISIONS: RevSpec[] = [
  {
    id: "b01",
    down: null,
    message: "users",
    up: `await op.createTable("users", [
    { name: "id", type: "integer", primaryKey: true, autoincrement: true },
    { name: "email", type: "varchar(255)", nullable: false, unique: true },
    { name: "name", type: "varchar(100)" },
    { name: "active", type: "boolean", nullable: false, default: true },
    { name: "score", type: "numeric(10,2)", default: 0 },
    { name: "created_at", type: "timestamp", default: { sql: "CURRENT_TIMESTAMP" } },
  ]);
  await op.createIndex("ix_users_name", "users", ["name"]);`,
    down_: `await op.dropIndex("ix_users_name", "users");
  await op.dropTable("users");`,
  },
  {
    id: "b02",
    down: "b01",
    message: "names that need quoting",
    up: `await op.createTable(${JSON.stringify(ODD)}, [
    { name: "id", type: "integer", primaryKey: true },
    { name: "Mixed Case", type: "text" },
    { name: "order", type: "integer" },
    { name: "user id", type: "integer", references: { table: "users", column: "id", onDelete: "cascade" } },
  ]);
  await op.createIndex("ix odd order", ${JSON.stringify(ODD)}, ["order"]);`,
    down_: `await op.dropTable(${JSON.stringify(ODD)});`,
  },
  {
    id: "b03",
    down: "b02",
    message: "columns",
    up: `await op.addColumn("users", { name: "nickname", type: "varchar(50)" });
  await op.alterColumn("users", "name", { type: "varchar(200)", existingType: "varchar(100)", existingNullable: true });
  await op.alterColumn("users", "nickname", { newName: "handle", existingType: "varchar(50)", existingNullable: true });
  await op.alterColumn("users", "score", { default: 5, existingDefault: 0, existingType: "numeric(10,2)", existingNullable: true });
  await op.dropColumn("users", "active");`,
    down_: `await op.addColumn("users", { name: "active", type: "boolean", nullable: false, default: true });
  await op.alterColumn("users", "score", { default: 0, existingType: "numeric(10,2)", existingNullable: true });
  await op.alterColumn("users", "handle", { newName: "nickname", existingType: "varchar(50)", existingNullable: true });
  await op.alterColumn("users", "name", { type: "varchar(100)", existingType: "varchar(200)", existingNullable: true });
  await op.dropColumn("users", "nickname");`,
  },
  {
    id: "b04",
    down: "b03",
    message: "constraints",
    up: `await op.createTable("accounts", [
    { name: "id", type: "integer", nullable: false },
    { name: "owner_id", type: "integer" },
    { name: "code", type: "varchar(20)" },
    { name: "balance", type: "integer", default: 0 },
  ]);
  await op.createPrimaryKey("pk_accounts", "accounts", ["id"]);
  await op.createForeignKey("fk_accounts_owner", "accounts", "users", ["owner_id"], ["id"], { onDelete: "set null" });
  await op.createUniqueConstraint("uq_accounts_code", "accounts", ["code"]);
  await op.createCheckConstraint("ck_accounts_balance", "accounts", "balance >= 0");`,
    down_: `await op.dropTable("accounts");`,
  },
  {
    id: "b05",
    down: "b04",
    message: "drop a constraint",
    up: `await op.dropConstraint("uq_accounts_code", "accounts", { type: "unique" });`,
    down_: `await op.createUniqueConstraint("uq_accounts_code", "accounts", ["code"]);`,
  },
  {
    id: "b06",
    down: "b05",
    message: "data",
    up: `await op.bulkInsert("users", [{ email: "a@x", name: "Ann" }, { email: "o'b@x", name: "O'Brien \\\\ ?" }]);
  await op.execute("UPDATE users SET name = ? WHERE email = ?", ["Anne", "a@x"]);
  await op.bulkInsert("accounts", [{ id: 1, owner_id: 1, code: "A-1", balance: 10 }]);
  await op.createTable("events", [{ name: "id", type: "integer", primaryKey: true }, { name: "at", type: "timestamp" }, { name: "data", type: "json" }]);
  await op.bulkInsert("events", [{ id: 1, at: new Date("2026-01-02T03:04:05.000Z"), data: { a: [1, "x"] } }, { id: 2, at: null, data: [1, 2] }]);`,
    down_: `await op.dropTable("events");
  await op.execute("DELETE FROM accounts");
  await op.execute("DELETE FROM users");`,
  },
  {
    id: "b07",
    down: "b06",
    message: "rename a table",
    up: `await op.renameTable("accounts", "ledger");`,
    down_: `await op.renameTable("ledger", "accounts");`,
  },
  {
    id: "b08",
    down: "b07",
    message: "batch",
    up: `await op.batchAlterTable("ledger", (batch) => {
    batch.addColumn({ name: "note", type: "text" });
    batch.alterColumn("code", { type: "varchar(40)", existingType: "varchar(20)", existingNullable: true });
    batch.createIndex("ix_ledger_balance", ["balance"]);
  });`,
    down_: `await op.batchAlterTable("ledger", (batch) => {
    batch.dropIndex("ix_ledger_balance");
    batch.alterColumn("code", { type: "varchar(20)", existingType: "varchar(40)", existingNullable: true });
    batch.dropColumn("note");
  });`,
  },
  {
    id: "b09",
    down: "b08",
    message: "features some dialects have",
    up: `const can = op.context.capabilities;
  if (can.partialIndexes) await op.createIndex("ix_users_high", "users", ["email"], { where: "score > 1" });
  if (can.comments) await op.setTableComment("users", "People who sign in");
  if (can.enumTypes) {
    await op.createEnum("mood", ["ok", "sad"]);
    await op.addEnumValue("mood", "happy", { after: "ok" });
    await op.addColumn("users", { name: "mood", type: { raw: "mood" } });
  }
  if (can.sequences) await op.createSequence("ticket_seq", { start: 100, increment: 5 });
  if (can.schemas) {
    await op.createSchema("extra");
    await op.createTable({ schema: "extra", name: "things" }, [{ name: "id", type: "integer", primaryKey: true }]);
  }`,
    down_: `const can = op.context.capabilities;
  if (can.schemas) {
    await op.dropTable({ schema: "extra", name: "things" });
    await op.dropSchema("extra");
  }
  if (can.sequences) await op.dropSequence("ticket_seq");
  if (can.enumTypes) {
    await op.dropColumn("users", "mood");
    await op.dropEnum("mood");
  }
  if (can.comments) await op.setTableComment("users", null);
  if (can.partialIndexes) await op.dropIndex("ix_users_high", "users");`,
  },
];
