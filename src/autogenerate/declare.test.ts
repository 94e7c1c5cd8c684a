import { describe, expect, test } from "bun:test";
import { declaredModel } from "./declared.ts";
import { defineSchema, table } from "./declare.ts";
import { SchemaDeclarationError } from "./errors.ts";
import { fitName, hash8 } from "../schema/naming.ts";
import { checkDeclaredNames } from "./declared_names.ts";

describe("the declared schema", () => {
  test("a name written over the identifier limit is refused with one that fits; a long table's convention names are cut", () => {
    const long = `t_${"a".repeat(64)}`;
    const limit = { maxBytes: 63, dialect: "postgres" };
    const named = declaredModel(defineSchema({ tables: [table("users", [{ name: "id", type: "integer" }], { indexes: [{ name: `ix_${long}`, columns: ["id"] }] })] }), 63);
    expect(() => checkDeclaredNames(named.model, limit)).toThrow(new SchemaDeclarationError(
      `Table "users" in the declared schema: the index name "ix_${long}" is 69 bytes, over the postgres limit of 63 (a longer name would be cut by the server or refused); shorten it, e.g. "${fitName(`ix_${long}`, 63)}"`,
    ));
    const unnamed = declaredModel(defineSchema({ tables: [table("users", [{ name: long.slice(0, 60), type: "integer", unique: true }], { indexes: [{ columns: [long.slice(0, 60)] }] })] }), 63);
    expect(() => checkDeclaredNames(unnamed.model, limit)).not.toThrow();
    expect(() => checkDeclaredNames(named.model, { maxBytes: 0, dialect: "sqlite" })).not.toThrow();
  });

  test("an unknown property is an error naming the nearest known one", () => {
    expect(() => table("t", [{ name: "a", type: "int", nulable: false } as never])).toThrow(new SchemaDeclarationError(
      `table "t" column "a": unknown property "nulable"; did you mean "nullable"? (known: name, type, nullable, primaryKey, autoincrement, default, unique, comment, references, check, generated, collation, renamedFrom)`,
    ));
    expect(() => table("t", [{ name: "a", type: "int" }], { indexs: [] } as never)).toThrow(`did you mean "indexes"?`);
    expect(() => table("t", [{ name: "a", type: "int" }], { indexes: [{ columns: ["b"] }] })).toThrow(`names column "b", which the table does not declare`);
    expect(() => defineSchema({ tables: [table("t", [{ name: "a", type: "int" }]), table("T", [{ name: "a", type: "int" }])] })).toThrow(`declared twice`);
  });

  test("a foreign key into the default schema by its name (public.people) is checked against that table's columns", () => {
    const people = table("people", [{ name: "id", type: "integer", primaryKey: true }]);
    const bad = defineSchema({ schemas: ["app"], tables: [table("app.accounts", [{ name: "owner", type: "integer", references: "public.people.uid" }]), people] });
    expect(() => declaredModel(bad, 63)).toThrow(new SchemaDeclarationError(`table "app.accounts": foreign key "fk_accounts_owner_people" references people.uid, which that table does not declare`));
    const good = defineSchema({ schemas: ["app"], tables: [table("app.accounts", [{ name: "owner", type: "integer", references: "public.people.id" }]), people] });
    expect(() => declaredModel(good, 63)).not.toThrow();
  });

  test("an enum's values are checked like op.createEnum's: a repeated value is an error naming the enum", () => {
    expect(() => defineSchema({ tables: [], enums: [{ name: "mood", values: ["happy", "sad", "happy"] }] })).toThrow(new SchemaDeclarationError(`enum "mood": values holds "happy" twice`));
    expect(() => defineSchema({ tables: [], enums: [{ name: "mood", values: "happy" as never }] })).toThrow(`enum "mood": values must be an array of strings`);
  });

  test("a sequence's options are checked like op.createSequence's: a wrong type, a fraction or an unknown option is an error naming the sequence", () => {
    const declare = (s: object) => () => defineSchema({ tables: [], sequences: [{ name: "n", ...s } as never] });
    expect(declare({ as: "int" })).toThrow(`sequence "n": as must be one of smallint, integer, bigint; got the string "int"`);
    expect(declare({ maxValue: 1.5 })).toThrow(`sequence "n": maxValue must be a whole number`);
    expect(declare({ maxvalue: 5 })).toThrow(/sequence "n".*maxvalue.*maxValue/);
    // As the server checks a whole sequence: bounds within the type, the start between them.
    expect(declare({ as: "integer", maxValue: 2n ** 62n })).toThrow(`sequence "n": maxValue 4611686018427387904 is out of range for an integer sequence`);
    expect(declare({ minValue: 10, start: 5 })).toThrow(`sequence "n": start (5) must lie between minValue (10) and maxValue (9223372036854775807)`);
    expect(declare({ maxValue: 9223372036854775806n })).not.toThrow();
    expect(() => defineSchema({ tables: [], sequences: [null as never] })).toThrow("each entry of sequences must be { name, ...options }; got null");
    expect(() => defineSchema({ tables: [table("n", [{ name: "id", type: "integer" }])], sequences: [{ name: "n" }] })).toThrow(`"n" is declared twice (tables, views and sequences share one namespace)`);
  });

  test("table constraints are checked like op.createTable's: an unknown property or a missing condition is an error naming the table, not a server's message", () => {
    const cols = [{ name: "a", type: "int" }];
    expect(() => table("billing.Invoice", cols, { checks: [{ expression: "a > 0" } as never] })).toThrow(new SchemaDeclarationError(
      `table "billing.Invoice" checks[0]: unknown property "expression" (known: name, condition)`,
    ));
    expect(() => table("t", cols, { uniques: [{ column: ["a"] } as never] })).toThrow(`table "t" uniques[0]: unknown property "column"; did you mean "columns"?`);
    expect(() => table("t", cols, { foreignKeys: [{ columns: ["a"], refTable: "u", refColumn: ["id"] } as never] })).toThrow(`table "t" foreignKeys[0]: unknown property "refColumn"; did you mean "refColumns"?`);
    expect(() => table("t", cols, { checks: [{ name: "ck" } as never] })).toThrow(new SchemaDeclarationError(`table "t": checks[0].condition must be a non-empty string; got nothing`));
    expect(() => table("t", cols, { primaryKey: { columns: [] } })).toThrow(`table "t": primaryKey.columns must be a non-empty array of column names`);
    // A JSON value as a default is refused here, not read as { sql } (an unexpected error in the comparison).
    expect(() => table("t", [{ name: "j", type: "jsonb", default: {} as never }])).toThrow(new SchemaDeclarationError(
      `table "t": column ("j").default must be a string, a number, a boolean, null or { sql: "..." } (a JSON or array value as a string: '{}', or { sql: "'{}'::jsonb" }); got an object`,
    ));
    // Columns are checked as op.createTable checks them: a clash the server would refuse on upgrade.
    expect(() => table("t", [{ name: "id", type: "integer", autoincrement: true, default: 0 }])).toThrow(new SchemaDeclarationError(
      `table "t": column ("id") has autoincrement, so it cannot have a default: drop one of them`,
    ));
    expect(() => table("t", cols, { checks: [{ condition: "a > 0" }], uniques: [{ columns: ["a"] }], primaryKey: { columns: ["a"] } })).not.toThrow();
  });

  test("index columns with an order: checked like op.createIndex's, named columns must be declared; the model holds the normal form", () => {
    const cols = [{ name: "a", type: "int" }, { name: "b", type: "int" }];
    expect(() => table("t", cols, { indexes: [{ columns: [{ name: "c", order: "desc" }] }] })).toThrow(`names column "c", which the table does not declare`);
    expect(() => table("t", cols, { indexes: [{ name: "ix", columns: [{ name: "a", order: "down" as never }] }] })).toThrow(new SchemaDeclarationError(`table "t": index "ix" columns[0].order must be "asc" or "desc"; got the string "down"`));
    expect(() => table("t", cols, { indexes: [{ columns: ["a"], nullsNotDistinct: true }] })).toThrow(`has nullsNotDistinct, an option of a unique index: add unique: true`);
    // A string would be read letter by letter; an empty list is none.
    expect(() => table("t", cols, { indexes: [{ columns: ["a"], include: "b" as unknown as string[] }] })).toThrow(`include must be an array of column names; got "b"`);
    expect(() => table("t", cols, { indexes: [{ columns: ["a"], include: [] }] })).not.toThrow();
    expect(() => table("t", cols, { indexes: [{ columns: ["a"], unique: true, nullsNotDistinct: "yes" as unknown as boolean }] })).toThrow(`nullsNotDistinct must be true or false; got "yes"`);
    const model = declaredModel(defineSchema({ tables: [table("t", cols, { indexes: [{ columns: [{ name: "a", order: "asc" }, { name: "b", order: "desc" }], unique: true, nullsNotDistinct: true }] })] }), 63).model;
    expect(model.tables[0]!.indexes).toEqual([{ kind: "createIndex", name: "uq_t_a_b", table: { name: "t" }, columns: ["a", { name: "b", order: "desc" }], unique: true, nullsNotDistinct: true }]);
  });

  test("index keys with nulls and opclass: checked like op.createIndex's; the model holds the normal form (the order's default nulls left out)", () => {
    const cols = [{ name: "a", type: "int" }, { name: "doc", type: "jsonb" }];
    expect(() => table("t", cols, { indexes: [{ name: "ix", columns: [{ name: "a", nulls: "none" as never }] }] })).toThrow(new SchemaDeclarationError(`table "t": index "ix" columns[0].nulls must be "first" or "last" (NULLS FIRST / LAST); got the string "none"`));
    expect(() => table("t", cols, { indexes: [{ name: "ix", columns: [{ name: "a", opclass: "x(y=1)" }] }] })).toThrow(`index "ix" columns[0].opclass must be an operator class name`);
    const model = declaredModel(defineSchema({ tables: [table("t", cols, { indexes: [{ columns: [{ name: "a", order: "desc", nulls: "first" }, { name: "a", order: "desc", nulls: "last" }] }, { columns: [{ name: "doc", opclass: "jsonb_path_ops" }], method: "gin" }] })] }), 63).model;
    expect(model.tables[0]!.indexes.map((ix) => ix.columns)).toEqual([[{ name: "a", order: "desc" }, { name: "a", order: "desc", nulls: "last" }], [{ name: "doc", opclass: "jsonb_path_ops" }]]);
  });

  test("a foreign key to a column the referenced table does not declare is refused before anything runs", () => {
    const schema = defineSchema({
      tables: [
        table("orgs", [{ name: "id", type: "integer", primaryKey: true }]),
        table("users", [{ name: "id", type: "integer", primaryKey: true }, { name: "org_id", type: "integer", references: "orgs.uid" }]),
      ],
    });
    expect(() => declaredModel(schema, 63)).toThrow(`table "users": foreign key "fk_users_org_id_orgs" references orgs.uid, which that table does not declare`);
  });

  test("from a table of another schema, a table of the default schema is named with its schema", () => {
    const types = table("types", [{ name: "id", type: "integer", primaryKey: true }]);
    const unqualified = defineSchema({ schemas: ["billing"], tables: [types, table("billing.invoice", [{ name: "id", type: "integer", primaryKey: true }, { name: "types_id", type: "integer", references: { table: "types", column: "id" } }])] });
    expect(() => declaredModel(unqualified, 63)).toThrow(`references "types", which means billing.types from a table of schema "billing"; for the table of the default schema, write its schema (e.g. references: "public.types.id")`);
    const qualified = defineSchema({ schemas: ["billing"], tables: [types, table("billing.invoice", [{ name: "id", type: "integer", primaryKey: true }, { name: "types_id", type: "integer", references: { table: "public.types", column: "id" } }])] });
    const invoice = declaredModel(qualified, 63).model.tables.find((t) => t.table.name === "invoice")!;
    expect(invoice.foreignKeys).toEqual([{ name: "fk_invoice_types_id_types", columns: ["types_id"], refTable: "types", refSchema: "public", refColumns: ["id"] }]);
  });

  test("unnamed constraints and indexes get the convention's names; renamedFrom becomes a hint", () => {
    const schema = defineSchema({
      naming: { pk: "pk_%(table_name)s" },
      tables: [
        table("users", [
          { name: "id", type: "integer", primaryKey: true },
          { name: "mail", type: "text", unique: true, renamedFrom: "email" },
          { name: "org_id", type: "integer", references: "orgs.id", check: "org_id > 0" },
        ], { indexes: [{ columns: ["mail", { expression: "lower(mail)" }] }, { columns: ["org_id"], unique: true }], renamedFrom: "people" }),
        table("orgs", [{ name: "id", type: "integer", primaryKey: true }]),
      ],
    });
    const { model, conventionNames, renames } = declaredModel(schema, 63);
    const users = model.tables.find((t) => t.table.name === "users")!;
    expect(users.primaryKey).toEqual({ name: "pk_users", columns: ["id"] });
    expect(users.uniques.map((u) => u.name)).toEqual(["uq_users_mail"]);
    expect(users.foreignKeys.map((f) => f.name)).toEqual(["fk_users_org_id_orgs"]);
    expect(users.checks[0]!.name).toMatch(/^ck_users_[0-9a-f]{8}$/);
    expect(users.indexes.map((i) => i.name)).toEqual([`ix_users_mail_expr_${hash8("lower(mail)").slice(0, 6)}`, "uq_users_org_id"]);
    expect(conventionNames.has("uq_users_mail")).toBe(true);
    expect(renames.tables.get("users")).toBe("people");
    expect(renames.columns.get("users.mail")).toBe("email");
    expect(model.tables.map((t) => t.table.name)).toEqual(["orgs", "users"]);
  });
});
