/** Tables with every kind of object reflection reads, for the reflection and scratch tests. */
import type { Op } from "../../operations/ops.ts";

/**
 * Ops that create the fixture: in the default database, and in `other` when given. With `defaultDb`, a
 * table in `other` also references a table of the default database (by its real name).
 */
export function fixtureOps(other?: string, defaultDb?: string): Op[] {
  const ops: Op[] = [
    {
      kind: "createTable",
      table: { name: "parent" },
      columns: [
        { name: "a", type: "integer", nullable: false },
        { name: "b", type: "varchar(10)", nullable: false },
        { name: "label", type: "varchar(20)" },
      ],
      primaryKey: { columns: ["a", "b"] },
      uniques: [{ name: "uq_label", columns: ["label"] }],
    },
    {
      kind: "createTable",
      table: { name: "users" },
      comment: "people",
      columns: [
        { name: "id", type: "integer", primaryKey: true, autoincrement: true },
        { name: "email", type: "varchar(100)", nullable: false, unique: true },
        { name: "name", type: "varchar(50)", nullable: false, default: "it's \\ x", comment: "full name" },
        { name: "age", type: "integer", check: "`age` >= 0" },
        { name: "score", type: "integer", default: 0 },
        { name: "created", type: "timestamp", nullable: false, default: { sql: "CURRENT_TIMESTAMP" } },
        { name: "doc", type: "json" },
      ],
      uniques: [{ columns: ["name", "email"] }, { name: "uq_score", columns: ["score"] }],
      checks: [{ condition: "`score` < 100" }, { name: "ck_age", condition: "`age` < 200" }],
    },
    {
      kind: "createTable",
      table: { name: "orders" },
      columns: [
        { name: "id", type: "bigserial", primaryKey: true },
        { name: "user_id", type: "integer", nullable: false, references: { table: "users", column: "id", onDelete: "cascade" } },
        { name: "reviewer", type: "integer" },
        { name: "pa", type: "integer" },
        { name: "pb", type: "varchar(10)" },
        { name: "note", type: "text" },
      ],
      foreignKeys: [
        { name: "fk_parent", columns: ["pa", "pb"], refTable: "parent", refColumns: ["a", "b"], onDelete: "set null", onUpdate: "cascade" },
        { columns: ["reviewer"], refTable: "users", refColumns: ["id"] },
      ],
    },
    { kind: "createIndex", name: "ix_multi", table: { name: "orders" }, columns: ["pb", "id"] },
    { kind: "createIndex", name: "ix_prefix", table: { name: "orders" }, columns: [{ expression: "`note`(20)" }, "pa"] },
    { kind: "createIndex", name: "ft_note", table: { name: "orders" }, columns: ["note"], method: "fulltext" },
  ];
  if (other === undefined) return ops;
  return [
    ...ops,
    { kind: "createTable", table: { name: "things", schema: other }, columns: [{ name: "id", type: "integer", primaryKey: true }] },
    {
      kind: "createTable",
      table: { name: "items", schema: other },
      columns: [
        { name: "id", type: "integer", primaryKey: true },
        { name: "thing_id", type: "integer", references: { schema: other, table: "things", column: "id" } },
        ...(defaultDb !== undefined ? [{ name: "user_id", type: "integer", references: { schema: defaultDb, table: "users", column: "id" } }] : []),
      ],
    },
  ];
}
