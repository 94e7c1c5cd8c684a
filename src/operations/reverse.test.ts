import { describe, expect, test } from "bun:test";
import type { Op } from "./ops.ts";
import { reverse } from "./reverse.ts";

const t = { name: "users" };

describe("reverse", () => {
  test("createTable and dropTable undo each other", () => {
    const create: Op = { kind: "createTable", table: t, columns: [{ name: "id", type: "integer", primaryKey: true }] };
    const drop = reverse(create)!;
    expect(drop).toMatchObject({ kind: "dropTable", table: t });
    expect(reverse(drop)).toEqual(create);
  });

  test("addColumn reverses to dropColumn with the definition, and back", () => {
    const add: Op = { kind: "addColumn", table: t, column: { name: "email", type: "text" } };
    const drop = reverse(add)!;
    expect(drop).toEqual({ kind: "dropColumn", table: t, column: "email", existing: { name: "email", type: "text" } });
    expect(reverse(drop)).toEqual(add);
  });

  test("a generated column made plain is made generated again; without what it was computed from, no reverse", () => {
    const plain: Op = { kind: "alterColumn", table: t, column: "slug", generated: null, existingGenerated: { sql: "lower(title)", stored: true } };
    const back = reverse(plain)!;
    expect(back).toEqual({ kind: "alterColumn", table: t, column: "slug", generated: { sql: "lower(title)", stored: true }, existingGenerated: null });
    expect(reverse(back)).toEqual(plain);
    expect(reverse({ kind: "alterColumn", table: t, column: "slug", generated: null })).toBeUndefined();
  });

  test("a drop without its definition cannot be reversed", () => {
    expect(reverse({ kind: "dropColumn", table: t, column: "email" })).toBeUndefined();
    expect(reverse({ kind: "execute", sql: "select 1" })).toBeUndefined();
  });

  test("createView and dropView undo each other; a drop without the view as it was cannot be undone", () => {
    const view: Op = { kind: "createView", name: "v", schema: "s", query: "SELECT 1", comment: "c" };
    expect(reverse(view)).toEqual({ kind: "dropView", name: "v", schema: "s", existing: view });
    expect(reverse(reverse(view)!)).toEqual(view);
    expect(reverse({ kind: "dropView", name: "v" })).toBeUndefined();
    const mv: Op = { kind: "createView", name: "mv", query: "SELECT 1", materialized: true, indexes: ["CREATE INDEX ix ON mv (x)"] };
    expect(reverse(mv)).toEqual({ kind: "dropView", name: "mv", materialized: true, existing: mv });
  });

  test("renameTable swaps names", () => {
    expect(reverse({ kind: "renameTable", table: t, newName: "people" })).toEqual({ kind: "renameTable", table: { name: "people" }, newName: "users" });
  });

  test("alterColumn swaps new and existing values, and needs them", () => {
    const op: Op = { kind: "alterColumn", table: t, column: "a", newName: "b", type: "bigint", existingType: "integer", nullable: false, existingNullable: true };
    expect(reverse(op)).toEqual({ kind: "alterColumn", table: t, column: "b", newName: "a", type: "integer", existingType: "bigint", nullable: true, existingNullable: false });
    expect(reverse({ kind: "alterColumn", table: t, column: "a", type: "bigint" })).toBeUndefined();
    // A column that stays numbered says so the other way too: PostgreSQL must not add an identity to a serial.
    expect(reverse({ kind: "alterColumn", table: t, column: "a", type: "bigint", existingType: { raw: "serial" }, existingAutoincrement: true })).toEqual({
      kind: "alterColumn", table: t, column: "a", type: { raw: "serial" }, existingType: "bigint", existingAutoincrement: true,
    });
  });

  test("a collation change reverses to the old collation, null (the default) included, and needs it", () => {
    expect(reverse({ kind: "alterColumn", table: t, column: "a", collation: "C", existingCollation: null })).toEqual({ kind: "alterColumn", table: t, column: "a", collation: null, existingCollation: "C" });
    expect(reverse({ kind: "alterColumn", table: t, column: "a", collation: null, existingCollation: "C" })).toEqual({ kind: "alterColumn", table: t, column: "a", collation: "C", existingCollation: null });
    expect(reverse({ kind: "alterColumn", table: t, column: "a", collation: "C" })).toBeUndefined();
  });

  test("constraints reverse to dropConstraint with their type", () => {
    const fk: Op = { kind: "createForeignKey", name: "fk", table: t, foreignKey: { columns: ["a"], refTable: "o", refColumns: ["id"] } };
    expect(reverse(fk)).toMatchObject({ kind: "dropConstraint", type: "foreign", name: "fk" });
    expect(reverse(reverse(fk)!)).toEqual(fk);
  });

  test("a batch reverses each op in reverse order", () => {
    const batch: Op = {
      kind: "batchAlterTable",
      table: t,
      ops: [
        { kind: "addColumn", table: t, column: { name: "a", type: "text" } },
        { kind: "createIndex", name: "ix", table: t, columns: ["a"] },
      ],
    };
    const back = reverse(batch);
    expect(back?.kind === "batchAlterTable" && back.ops.map((o) => o.kind)).toEqual(["dropIndex", "dropColumn"]);
  });

  test("recreateEnum reverses to the previous values, and needs them", () => {
    const op: Op = { kind: "recreateEnum", name: "mood", schema: "app", values: ["ok", "happy"], previous: ["happy", "sad", "ok"] };
    expect(reverse(op)).toEqual({ kind: "recreateEnum", name: "mood", schema: "app", values: ["happy", "sad", "ok"], previous: ["ok", "happy"] });
    expect(reverse(reverse(op)!)).toEqual(op);
    expect(reverse({ kind: "recreateEnum", name: "mood", values: ["ok"] })).toBeUndefined();
  });

  test("alterSequence reverses to the options it had (existing), naming what differs; a change of direction back restarts too", () => {
    const op: Op = { kind: "alterSequence", name: "n", schema: "s", maxValue: 500, cycle: true, existing: { start: 10 } };
    expect(reverse(op)).toEqual({ kind: "alterSequence", name: "n", schema: "s", maxValue: null, cycle: false, existing: { start: 10, maxValue: 500, cycle: true } });
    expect(reverse(reverse(op)!)).toEqual(op);
    const flip: Op = { kind: "alterSequence", name: "n", increment: -1, minValue: null, maxValue: null, start: -1, restart: true, existing: {} };
    expect(reverse(flip)).toEqual({ kind: "alterSequence", name: "n", increment: 1, minValue: null, maxValue: null, start: 1, restart: true, existing: { increment: -1 } });
    expect(reverse({ kind: "alterSequence", name: "n", cycle: true })).toBeUndefined();
  });
});
