import { expect, test } from "bun:test";
import type { Change } from "../autogenerate/change.ts";
import { revisionBodies, type SchemaDiff } from "./autogenerate.ts";

const typeChange: Change = {
  op: { kind: "alterColumn", table: { name: "users" }, column: "age", type: "integer", existingType: "varchar(10)" },
  step: 0,
  key: "users.age",
  safety: "data-dependent",
  note: "changes users.age from varchar(10) to integer",
};

const diff = (alterColumnUsing: boolean): SchemaDiff => ({
  changes: [typeChange],
  warnings: [],
  unresolved: [],
  figures: new Map(),
  offline: true,
  unmanaged: [],
  sql: async () => "",
  alterColumnUsing,
});

test("a type change says where `using` goes only where the dialect takes one (PostgreSQL), not on MySQL, whose MODIFY converts by itself", () => {
  const hint = `add using: "<expression>"`;
  expect(revisionBodies(diff(true)).upgrades).toContain(hint);
  expect(revisionBodies(diff(false)).upgrades).not.toContain(hint);
  expect(revisionBodies(diff(false)).upgrades).toContain("REVIEW: changes users.age");
});
