import { describe, expect, test } from "bun:test";
import type { Capabilities } from "../dialects/dialect.ts";
import type { Op } from "../operations/ops.ts";
import { reverse } from "../operations/reverse.ts";
import { compare } from "./compare.ts";
import { declaredModel } from "./declared.ts";
import { defineSchema, table, type DeclaredColumn } from "./declare.ts";
import { portableNormalizer } from "./normalize.ts";
import { renderOp } from "./render.ts";
import { historyOf } from "./testing.ts";

const ALTER: Capabilities = {
  transactionalDdl: true, alterColumn: true, alterConstraints: true, alterKeyColumnType: true, alterGeneratedBaseType: true, viewsBindColumns: false,
  materializedViews: false,
  primaryKeyNames: true, foreignKeyNeedsIndex: false, foreignKeyNeedsUniqueKey: true, alterColumnUsing: true, uniqueIndexIsConstraint: false, autoincrementNeedsKey: false, restrictIsNoAction: false, schemas: true, enumTypes: true, sequences: true,
  partialIndexes: true, expressionIndexes: true, comments: true, virtualGeneratedColumns: false, keepsGeneratedValues: { stored: true, virtual: false }, generatedExpressionInPlace: { stored: false, virtual: false }, nullsNotDistinct: false, coveringIndexes: true,
  indexNullsOrder: true, operatorClasses: true, collationCharacterSets: false, maxIdentifierLength: 63,
};

const id = { name: "id", type: "integer", primaryKey: true } as const;
const history = (collation?: string): Op[] => [
  { kind: "createTable", table: { name: "words" }, columns: [id, { name: "code", type: "varchar(20)", ...(collation !== undefined ? { collation } : {}) }, { name: "plain", type: "text" }] },
];

/** The changes from a history to a declared schema, offline (both as written). */
function changesTo(from: Op[], columns: DeclaredColumn[], name = "words") {
  const declared = declaredModel(defineSchema({ tables: [table(name, columns)] }), 63);
  return compare({ from: historyOf(from), to: declared.model, portable: declared.model, conventionNames: declared.conventionNames, renames: declared.renames, norm: portableNormalizer, capabilities: ALTER }).changes;
}

/** The same on a dialect whose collations name character sets (MySQL). */
function changesWithCharsets(from: Op[], columns: DeclaredColumn[]) {
  const declared = declaredModel(defineSchema({ tables: [table("words", columns)] }), 64);
  return compare({ from: historyOf(from), to: declared.model, portable: declared.model, conventionNames: declared.conventionNames, renames: declared.renames, norm: portableNormalizer, capabilities: { ...ALTER, collationCharacterSets: true } }).changes;
}

/** The ops from a history to the words table with `code` declared so. */
const diff = (from: Op[], code: Partial<DeclaredColumn>) => changesTo(from, [id, { name: "code", type: "varchar(20)", ...code }, { name: "plain", type: "text" }]).map((c) => c.op);

describe("compare: collations", () => {
  test("the same collation, in any case, is no change; BINARY and \"default\" are the default one", () => {
    expect(diff(history("NOCASE"), { collation: "nocase" })).toEqual([]);
    expect(diff(history("utf8mb4_bin"), { collation: "UTF8MB4_BIN" })).toEqual([]);
    expect(diff(history(), {})).toEqual([]);
    expect(diff(history(), { collation: "BINARY" })).toEqual([]);
    expect(diff(history("default"), {})).toEqual([]);
  });

  test("a new table and a new column carry their collation", () => {
    const created = changesTo([], [id, { name: "c", type: "text", collation: "C" }], "t").map((c) => renderOp(c.op));
    expect(created).toEqual([`await op.createTable("t", [\n  { name: "id", type: "integer", primaryKey: true },\n  { name: "c", type: "text", collation: "C" },\n]);`]);
  });

  test("another collation, or none declared where the database has one, is an alterColumn that reverses to the old one", () => {
    const [changed] = diff(history("C"), { collation: "POSIX" });
    expect(renderOp(changed!)).toBe(`await op.alterColumn("words", "code", { collation: "POSIX", existingType: "varchar(20)", existingNullable: true, existingCollation: "C" });`);
    expect(renderOp(reverse(changed!)!)).toBe(`await op.alterColumn("words", "code", { collation: "C", existingCollation: "POSIX" });`);
    const [undeclared] = diff(history("C"), {});
    expect(undeclared).toMatchObject({ kind: "alterColumn", column: "code", collation: null, existingCollation: "C" });
    expect(reverse(undeclared!)).toMatchObject({ collation: "C", existingCollation: null });
    const [added] = diff(history(), { collation: "C" });
    expect(added).toMatchObject({ kind: "alterColumn", collation: "C", existingCollation: null });
  });

  test("another change to a column keeps what its collation is, for MySQL's MODIFY", () => {
    const [op] = diff(history("utf8mb4_bin"), { collation: "utf8mb4_bin", nullable: false });
    expect(op).toMatchObject({ kind: "alterColumn", nullable: false, existingCollation: "utf8mb4_bin" });
    expect(op).not.toHaveProperty("collation");
  });

  test("a change of character set is data-dependent (values may not convert); within one set, additive", () => {
    const [change] = changesWithCharsets(history("utf8mb4_general_ci"), [id, { name: "code", type: "varchar(20)", collation: "latin1_swedish_ci" }, { name: "plain", type: "text" }]);
    expect(change).toMatchObject({ safety: "data-dependent", note: `changes the character set of words.code from utf8mb4 to latin1: values that do not convert make it fail (or become "?" outside strict mode)` });
    const same = changesWithCharsets(history("utf8mb4_general_ci"), [id, { name: "code", type: "varchar(20)", collation: "utf8mb4_bin" }, { name: "plain", type: "text" }]);
    expect(same.map((c) => c.safety)).toEqual(["additive"]);
  });

  test("a type change states the declared collation (a domain over text is not known to take one), and is no collation change", () => {
    const [op] = diff(history("POSIX"), { type: "email_d", collation: "POSIX" });
    expect(op).toMatchObject({ kind: "alterColumn", type: "email_d", collation: "POSIX", existingCollation: "POSIX" });
    const unique: Op[] = [{ kind: "createTable", table: { name: "words" }, columns: [id, { name: "code", type: "varchar(20)", collation: "C", unique: true }, { name: "plain", type: "text" }] }];
    const [widened] = changesTo(unique, [id, { name: "code", type: "varchar(40)", collation: "C", unique: true }, { name: "plain", type: "text" }]);
    expect(widened).toMatchObject({ safety: "additive", op: { type: "varchar(40)", collation: "C" } });
    // None declared: nothing to state.
    expect(diff(history(), { type: "varchar(40)" })[0]).not.toHaveProperty("collation");
  });

  test("a collation change on a column a unique key uses is data-dependent, with a note, unless the new one is binary; elsewhere additive", () => {
    const unique = (collation: string): Op[] => [{ kind: "createTable", table: { name: "words" }, columns: [id, { name: "code", type: "varchar(20)", collation, unique: true }, { name: "plain", type: "text" }] }];
    const to = (collation: string) => [id, { name: "code", type: "varchar(20)", collation, unique: true }, { name: "plain", type: "text" }];
    const [change] = changesTo(unique("C"), to("NOCASE"));
    expect(change).toMatchObject({ safety: "data-dependent", note: "changes the collation of words.code, which a unique key uses: fails if values become equal under the new one" });
    expect(changesTo(unique("NOCASE"), to("C")).map((c) => c.safety)).toEqual(["additive"]);
    expect(changesTo(unique("utf8mb4_general_ci"), to("utf8mb4_bin")).map((c) => c.safety)).toEqual(["additive"]);
    const plain = changesTo(history("C"), [id, { name: "code", type: "varchar(20)", collation: "POSIX" }, { name: "plain", type: "text" }]);
    expect(plain.map((c) => c.safety)).toEqual(["additive"]);
  });
});
