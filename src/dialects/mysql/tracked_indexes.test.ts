/**
 * The indexes InnoDB makes for foreign keys, followed offline (tracked_indexes.ts), against a real server
 * (see test_database.ts): each op is run online (compiled against the reflected table) in one database and
 * as an offline script would run it (compiled against the tracked table) in another, and after each op both
 * databases have the same indexes, which the tracked table knows.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { indexColumnName } from "../../operations/index_column.ts";
import type { ColumnDef, ForeignKeyDef, Op, TableRef } from "../../operations/ops.ts";
import { SchemaTracker } from "../../schema/tracker.ts";
import type { Connection } from "../connection.ts";
import { mysqlDialect as dialect } from "./dialect.ts";
import { serverIndexesOf } from "./foreign_key_indexes.ts";
import { createTestDatabase, runOp, type TestDatabase } from "./test_database.ts";

let online: TestDatabase;
let offline: TestDatabase;

beforeAll(async () => {
  online = await createTestDatabase();
  offline = await createTestDatabase();
});

afterAll(async () => {
  await online?.drop();
  await offline?.drop();
});

/** Every index but the primary key, as `name(columns)`, sorted. */
async function serverIndexes(conn: Connection, table: string): Promise<string[]> {
  const rows = await conn.query<{ n: string; c: string }>(
    "SELECT INDEX_NAME AS n, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS c FROM information_schema.STATISTICS " +
      "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME <> 'PRIMARY' GROUP BY INDEX_NAME",
    [table],
  );
  return rows.map((r) => `${r.n}(${r.c})`).sort();
}

/** The same from the tracked table: its unique keys, indexes, and the server's beside them. */
function trackedIndexes(tracker: SchemaTracker, table: string): string[] {
  const model = tracker.get({ name: table });
  if (!model) return [];
  return [
    ...model.uniques.map((u) => `${u.name}(${u.columns.join(",")})`),
    ...model.indexes.map((ix) => `${ix.name}(${ix.columns.map((c) => indexColumnName(c)).join(",")})`),
    ...serverIndexesOf(model).map((ix) => `${ix.name}(${ix.columns.join(",")})`),
  ].sort();
}

/** Run the ops online and offline; after each, the indexes of `table` on both servers and in the tracked table. */
async function follow(table: string, ops: readonly Op[]): Promise<string[][]> {
  const tracker = new SchemaTracker([], dialect);
  const seen: string[][] = [];
  for (const op of ops) {
    await runOp(online.conn, op);
    for (const s of await dialect.compile(op, tracker)) await offline.conn.execute(s.sql, s.params);
    tracker.record(op);
    const onServer = await serverIndexes(online.conn, table);
    expect({ op: op.kind, offline: await serverIndexes(offline.conn, table) }).toEqual({ op: op.kind, offline: onServer });
    expect({ op: op.kind, tracked: trackedIndexes(tracker, table) }).toEqual({ op: op.kind, tracked: onServer });
    seen.push(onServer);
  }
  return seen;
}

const int = (name: string, more: Partial<ColumnDef> = {}): ColumnDef => ({ name, type: "integer", ...more });
/** A parent table with a key on (id) and one on (id, k), for keys on one column and on two. */
const parent = (name: string): Op => ({
  kind: "createTable",
  table: { name },
  columns: [int("id", { primaryKey: true }), int("k")],
  uniques: [{ name: `${name}_idk`, columns: ["id", "k"] }],
});
const child = (name: string, columns: readonly ColumnDef[], more: { primaryKey?: { columns: string[] }; foreignKeys?: ForeignKeyDef[] } = {}): Op => ({
  kind: "createTable",
  table: { name },
  columns,
  ...more,
});
const fk = (table: string, name: string, columns: string[], refTable: string, refColumns = columns.length === 1 ? ["id"] : ["id", "k"]): Op => ({
  kind: "createForeignKey",
  name,
  table: { name: table },
  foreignKey: { name, columns, refTable, refColumns },
});
const dropFk = (table: string, name: string): Op => ({ kind: "dropConstraint", name, table: { name: table }, type: "foreign" });
const index = (table: string, name: string, columns: string[]): Op => ({ kind: "createIndex", name, table: { name: table }, columns });
const ref = (name: string): TableRef => ({ name });

describe("the indexes InnoDB makes for foreign keys, offline as online", () => {
  test("a key's own index is dropped with it (MariaDB seed 1002 of the fuzzer)", async () => {
    const seen = await follow("a_t", [parent("a_p"), child("a_t", [int("x")]), fk("a_t", "fk_x", ["x"], "a_p"), dropFk("a_t", "fk_x")]);
    expect(seen.slice(2)).toEqual([["fk_x(x)"], []]);
  });

  test("an index, unique key or primary key that serves the key replaces the one InnoDB made", async () => {
    const seen = await follow("b_t", [
      parent("b_p"),
      child("b_t", [int("x", { nullable: false }), int("y", { nullable: false }), int("z")]),
      fk("b_t", "b_fk_x", ["x"], "b_p"),
      index("b_t", "ix_xz", ["x", "z"]),
      // Dropped, the key is left without an index: it gets one of its own (an index InnoDB keeps from then on).
      { kind: "dropIndex", name: "ix_xz", table: ref("b_t") },
      { kind: "createUniqueConstraint", name: "uq_xy", table: ref("b_t"), columns: ["x", "y"] },
      fk("b_t", "b_fk_y", ["y"], "b_p"),
      { kind: "createPrimaryKey", name: "pk_b_t", table: ref("b_t"), columns: ["y", "x"] },
      dropFk("b_t", "b_fk_x"),
      dropFk("b_t", "b_fk_y"),
    ]);
    expect(seen.slice(2)).toEqual([
      ["b_fk_x(x)"],
      ["ix_xz(x,z)"],
      ["b_fk_x(x)"],
      ["b_fk_x(x)", "uq_xy(x,y)"],
      ["b_fk_x(x)", "b_fk_y(y)", "uq_xy(x,y)"],
      ["b_fk_x(x)", "uq_xy(x,y)"],
      ["uq_xy(x,y)"],
      ["uq_xy(x,y)"],
    ]);
  });

  test("two keys on one column share one index, named after the key added last; a key on more columns serves one on fewer", async () => {
    const seen = await follow("c_t", [
      parent("c_p"),
      parent("c_q"),
      child("c_t", [int("x"), int("y")]),
      fk("c_t", "fk_p", ["x"], "c_p"),
      fk("c_t", "fk_q", ["x"], "c_q"),
      fk("c_t", "fk_xy", ["x", "y"], "c_p"),
      dropFk("c_t", "fk_xy"),
      dropFk("c_t", "fk_q"),
      dropFk("c_t", "fk_p"),
    ]);
    // Dropped with its index, the key on (x, y) leaves each key on x an index of its own.
    expect(seen.slice(3)).toEqual([["fk_p(x)"], ["fk_q(x)"], ["fk_xy(x,y)"], ["fk_p(x)", "fk_q(x)"], ["fk_p(x)"], []]);
  });

  test("a key on fewer columns is served by one on more; the primary key that served a key leaves it one of its own", async () => {
    const seen = await follow("d_t", [
      parent("d_p"),
      child("d_t", [int("x", { nullable: false }), int("y")], { primaryKey: { columns: ["x"] } }),
      fk("d_t", "d_fk_x", ["x"], "d_p"),
      { kind: "dropConstraint", name: "PRIMARY", table: ref("d_t"), type: "primary" },
      index("d_t", "ix_xy", ["x", "y"]),
      fk("d_t", "d_fk_xy", ["x", "y"], "d_p"),
      dropFk("d_t", "d_fk_x"),
      dropFk("d_t", "d_fk_xy"),
    ]);
    expect(seen.slice(2)).toEqual([[], ["d_fk_x(x)"], ["d_fk_x(x)", "ix_xy(x,y)"], ["d_fk_x(x)", "ix_xy(x,y)"], ["ix_xy(x,y)"], ["ix_xy(x,y)"]]);
  });

  test("a renamed column is renamed in the index; unnamed keys' indexes are named after their first column", async () => {
    const seen = await follow("e_t", [
      parent("e_p"),
      parent("e_q"),
      child("e_t", [int("x", { references: { table: "e_p", column: "id" } }), int("y")], {
        foreignKeys: [{ columns: ["y"], refTable: "e_q", refColumns: ["id"] }],
      }),
      { kind: "alterColumn", table: ref("e_t"), column: "x", newName: "w" },
      index("e_t", "ix_wy", ["w", "y"]),
      { kind: "dropConstraint", table: ref("e_t"), type: "foreign", columns: ["y"] },
    ]);
    expect(seen.slice(2)).toEqual([["x(x)", "y(y)"], ["x(w)", "y(y)"], ["ix_wy(w,y)", "y(y)"], ["ix_wy(w,y)"]]);
  });

  test("a primary key dropped by another name than the one its op gave it (MySQL's are all PRIMARY) is dropped, and the index the drop adds for a key is seen (MariaDB seed 8104)", async () => {
    const seen = await follow("k_t", [
      parent("k_p"),
      child("k_t", [int("a", { nullable: false }), int("x", { nullable: false })]),
      { kind: "createPrimaryKey", name: "k_t_pkey", table: ref("k_t"), columns: ["x"] },
      fk("k_t", "fk_kx", ["x"], "k_p"),
      // A downgrade names the key its upgrade made: the server drops the one there is, and adds an index for fk_kx.
      { kind: "dropConstraint", name: "pk_k_t", table: ref("k_t"), type: "primary" },
      { kind: "createPrimaryKey", name: "pk_k_t", table: ref("k_t"), columns: ["a"] },
      dropFk("k_t", "fk_kx"),
    ]);
    expect(seen.slice(3)).toEqual([[], ["fk_kx(x)"], ["fk_kx(x)"], []]);
  });
});

describe("an offline script", () => {
  const compiled = async (history: readonly Op[], op: Op) => {
    const tracker = new SchemaTracker([], dialect);
    for (const o of history) tracker.record(o);
    return (await dialect.compile(op, tracker)).map((s) => s.sql);
  };
  const history: Op[] = [parent("p"), child("t", [int("x"), int("y")]), fk("t", "fk_x", ["x"], "p")];

  test("drops a foreign key's own index with the key, as the online run does", async () => {
    expect(await compiled(history, dropFk("t", "fk_x"))).toEqual(["ALTER TABLE `t` DROP FOREIGN KEY `fk_x`", "DROP INDEX `fk_x` ON `t`"]);
  });

  test("leaves the index that replaced it", async () => {
    expect(await compiled([...history, index("t", "ix_xy", ["x", "y"])], dropFk("t", "fk_x"))).toEqual(["ALTER TABLE `t` DROP FOREIGN KEY `fk_x`"]);
  });
});
