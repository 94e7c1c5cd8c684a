/** Test fixture: a schema with every kind of object SQLite reflection reads. Used by the reflection and scratch tests. */
import type { Op } from "../../operations/ops.ts";

export const FIXTURE_OPS: readonly Op[] = [
  {
    kind: "createTable",
    table: { name: "owners" },
    columns: [
      { name: "id", type: "integer", primaryKey: true },
      { name: "name", type: "varchar(80)", nullable: false, default: "n/a" },
      { name: "created", type: "timestamp", default: { sql: "CURRENT_TIMESTAMP" } },
      { name: "note", type: "text", default: "it's" },
    ],
  },
  {
    kind: "createTable",
    table: { name: "items" },
    columns: [
      { name: "id", type: "integer", primaryKey: true, autoincrement: true },
      { name: "name", type: "varchar(50)", nullable: false, unique: true },
      { name: "price", type: "numeric(10,2)", default: 0, check: "price>=0" },
      { name: "owner_id", type: "integer", references: { table: "owners", column: "id", onDelete: "cascade" } },
      { name: "parent_id", type: "integer" },
      { name: "stamp", type: "text", default: { sql: "datetime('now')" } },
    ],
    checks: [{ name: "ck_items_name", condition: "length(name) > 0" }],
    foreignKeys: [{ name: "fk_items_parent", columns: ["parent_id"], refTable: "items", refColumns: ["id"], onDelete: "set null", deferrable: true, initiallyDeferred: true }],
  },
  {
    kind: "createTable",
    table: { name: "links" },
    columns: [
      { name: "a", type: "integer", nullable: false },
      { name: "b", type: "integer", nullable: false },
      { name: "weight", type: "real", default: -1.5 },
    ],
    primaryKey: { name: "pk_links", columns: ["a", "b"] },
    uniques: [{ name: "uq_links_weight", columns: ["weight", "a"] }, { columns: ["b", "weight"] }],
    checks: [{ condition: "a <> b" }, { name: "ck_links_weight", condition: "weight IS NULL OR weight < 100" }],
    foreignKeys: [
      { columns: ["a"], refTable: "items", refColumns: ["id"], deferrable: true },
      { columns: ["b"], refTable: "owners", refColumns: ["id"], onUpdate: "cascade" },
    ],
  },
  { kind: "createIndex", name: "ix_items_owner", table: { name: "items" }, columns: ["owner_id"], where: "owner_id IS NOT NULL" },
  { kind: "createIndex", name: "ix_items_lower_name", table: { name: "items" }, columns: [{ expression: "lower(name)" }, "price"], unique: true },
  { kind: "createIndex", name: "ix_links_b", table: { name: "links" }, columns: ["b", "a"] },
];
