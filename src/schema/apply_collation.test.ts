/** The offline tracker follows the compilers' rule for a column's collation through a type change. */
import { describe, expect, test } from "bun:test";
import type { Op } from "../operations/ops.ts";
import { applyOp, type SchemaState } from "./apply.ts";

const t = { name: "t" };
const create: Op = { kind: "createTable", table: t, columns: [{ name: "id", type: "integer", primaryKey: true }, { name: "a", type: "text", collation: "C" }] };

function collationAfter(op: Op): string | undefined {
  const s: SchemaState = new Map();
  applyOp(s, create);
  applyOp(s, op);
  return s.get("t")?.columns.find((c) => c.name === "a")?.collation;
}

describe("applyOp: collation through alterColumn", () => {
  test("a type change to a type that takes no collation drops it, as the database does", () => {
    expect(collationAfter({ kind: "alterColumn", table: t, column: "a", type: "integer", using: "length(a)" })).toBeUndefined();
    // A domain (or any type the compilers do not know to take one) gets no COLLATE written either.
    expect(collationAfter({ kind: "alterColumn", table: t, column: "a", type: "email_d" })).toBeUndefined();
  });

  test("a type that takes one keeps it; a collation given is the one it gets; other changes keep it", () => {
    expect(collationAfter({ kind: "alterColumn", table: t, column: "a", type: "varchar(40)" })).toBe("C");
    expect(collationAfter({ kind: "alterColumn", table: t, column: "a", type: { raw: "character varying(40)" } })).toBe("C");
    expect(collationAfter({ kind: "alterColumn", table: t, column: "a", type: "email_d", collation: "POSIX" })).toBe("POSIX");
    expect(collationAfter({ kind: "alterColumn", table: t, column: "a", nullable: false })).toBe("C");
  });
});
