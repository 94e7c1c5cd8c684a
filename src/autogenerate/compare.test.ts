import { describe, expect, test } from "bun:test";
import type { Capabilities } from "../dialects/dialect.ts";
import type { DatabaseModel } from "../schema/model.ts";
import type { Op } from "../operations/ops.ts";
import { compare } from "./compare.ts";
import { declaredModel } from "./declared.ts";
import { defineSchema, table, type SchemaDefinition } from "./declare.ts";
import { historyOf } from "./testing.ts";
import { applyEnumOp, type EnumState, isEnumOp } from "../schema/apply_enum.ts";
import { portableNormalizer } from "./normalize.ts";
import { reverse } from "../operations/reverse.ts";
import { renderOp } from "./render.ts";

const ALTER: Capabilities = {
  transactionalDdl: true, alterColumn: true, alterConstraints: true, alterKeyColumnType: true, alterGeneratedBaseType: true, viewsBindColumns: false,
  materializedViews: false,
  primaryKeyNames: true, foreignKeyNeedsIndex: false, foreignKeyNeedsUniqueKey: true, alterColumnUsing: true, uniqueIndexIsConstraint: false, autoincrementNeedsKey: false, restrictIsNoAction: false, schemas: true, enumTypes: true, sequences: true,
  partialIndexes: true, expressionIndexes: true, comments: true,
  virtualGeneratedColumns: false,
  keepsGeneratedValues: { stored: true, virtual: false },
  generatedExpressionInPlace: { stored: false, virtual: false },
  nullsNotDistinct: false, coveringIndexes: true, indexNullsOrder: true, operatorClasses: true, collationCharacterSets: false, maxIdentifierLength: 63,
};
const SQLITE: Capabilities = { ...ALTER, alterColumn: false, alterConstraints: false, schemas: false, enumTypes: false, sequences: false, comments: false, maxIdentifierLength: 0 };

/** The ops from `history` (what the database has) to the declared schema, both portable (offline). */
function diff(history: Op[], schema: SchemaDefinition, capabilities = ALTER, renames = {}) {
  const declared = declaredModel(defineSchema(schema), capabilities.maxIdentifierLength);
  const from: DatabaseModel = historyOf(history);
  const result = compare({
    from, to: declared.model, portable: declared.model, conventionNames: declared.conventionNames,
    renames: { ...declared.renames, ...renames }, norm: portableNormalizer, capabilities,
  });
  return { ...result, lines: result.changes.map((c) => renderOp(c.op)) };
}

const id = { name: "id", type: "integer", primaryKey: true, autoincrement: true } as const;
const orgs: Op = { kind: "createTable", table: { name: "orgs" }, columns: [id] };
const users: Op = { kind: "createTable", table: { name: "users" }, columns: [id, { name: "org_id", type: "integer", references: "orgs.id" }, { name: "email", type: "varchar(100)" }] };

describe("compare (portable, offline)", () => {
  test("nothing to do when the history builds the schema, whatever the synonyms", () => {
    const result = diff([orgs, users], {
      tables: [
        table("orgs", [{ ...id, type: "int" }]),
        table("users", [id, { name: "org_id", type: "INTEGER", references: "orgs.id" }, { name: "email", type: "character varying(100)" }]),
      ],
    });
    expect(result.lines).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  test("a column renamed is renamed in the foreign keys that reference it: the renames alone (and their reverses)", () => {
    const fk = (name: string, column: string) => ({ name, columns: [column], refTable: "cats", refColumns: ["id"] });
    const cats: Op = { kind: "createTable", table: { name: "cats" }, columns: [id, { name: "parent_id", type: "integer" }], foreignKeys: [fk("fk_cats_parent_id_cats", "parent_id")] };
    const items: Op = { kind: "createTable", table: { name: "items" }, columns: [id, { name: "cat_id", type: "integer" }], foreignKeys: [fk("fk_items_cat_id_cats", "cat_id")] };
    const result = diff([cats, items], {
      tables: [
        table("cats", [{ ...id, name: "cat_id", renamedFrom: "id" }, { name: "parent", type: "integer", references: "cats.cat_id", renamedFrom: "parent_id" }]),
        table("items", [id, { name: "cat", type: "integer", references: "cats.cat_id", renamedFrom: "cat_id" }]),
      ],
    });
    expect(result.lines).toEqual([
      `await op.alterColumn("cats", "id", { newName: "cat_id" });`,
      `await op.alterColumn("cats", "parent_id", { newName: "parent" });`,
      `await op.alterColumn("items", "cat_id", { newName: "cat" });`,
    ]);
    // Rebuilt (SQLite), the rename is in the batch, after an index dropped with a column the batch drops:
    // that index, made again by the downgrade after the rename back, names the column as it was.
    const notes: Op = { kind: "createTable", table: { name: "notes" }, columns: [id, { name: "a", type: "integer" }, { name: "b", type: "integer" }] };
    const ab: Op = { kind: "createIndex", name: "ix_notes_a_b", table: { name: "notes" }, columns: ["a", "b"], where: "a > 0" };
    const dropped = diff([notes, ab], { tables: [table("notes", [id, { name: "c", type: "integer", renamedFrom: "a" }])] }, SQLITE);
    expect(dropped.changes.map((c) => c.op.kind)).toEqual(["dropIndex", "batchAlterTable"]);
    expect(renderOp(reverse(dropped.changes[0]!.op)!)).toBe(`await op.createIndex("ix_notes_a_b", "notes", ["a", "b"], { where: "a > 0" });`);
    // A table rebuilt (SQLite) keeps the keys of other tables as written: they are made again.
    const rebuilt = diff([cats, items], {
      tables: [
        table("cats", [{ ...id, name: "cat_id", renamedFrom: "id" }, { name: "parent", type: "integer", references: "cats.cat_id", renamedFrom: "parent_id" }]),
        table("items", [id, { name: "cat", type: "integer", references: "cats.cat_id", renamedFrom: "cat_id" }]),
      ],
    }, SQLITE);
    expect(rebuilt.lines.filter((l) => l.includes("createForeignKey"))).toHaveLength(2);
    // Renamed and retyped where the server refuses to retype a key's column (MySQL): the key goes around the change, under the new names.
    const MYSQL = { ...ALTER, alterKeyColumnType: false };
    const retyped = diff([cats, items], {
      tables: [
        table("cats", [{ ...id, name: "cat_id", type: "bigint", renamedFrom: "id" }, { name: "parent", type: "bigint", references: "cats.cat_id", renamedFrom: "parent_id" }]),
        table("items", [id, { name: "cat", type: "bigint", references: "cats.cat_id", renamedFrom: "cat_id" }]),
      ],
    }, MYSQL);
    expect(retyped.changes.map((c) => c.op.kind)).toEqual(["alterColumn", "alterColumn", "alterColumn", "dropConstraint", "dropConstraint", "alterColumn", "alterColumn", "alterColumn", "createForeignKey", "createForeignKey"]);
    expect(retyped.changes.filter((c) => c.op.kind === "createForeignKey").map((c) => c.op.kind === "createForeignKey" && [c.op.foreignKey.columns, c.op.foreignKey.refColumns])).toEqual([
      [["parent"], ["cat_id"]],
      [["cat"], ["cat_id"]],
    ]);
  });

  test("a key to a renamed table, dropped after the rename, is kept for the downgrade under the new name (added back before the rename is undone)", () => {
    const declared = (onDelete?: "cascade") => ({
      tables: [table("teams", [id], { renamedFrom: "orgs" }), table("users", [id, { name: "org_id", type: "integer", references: { table: "teams", column: "id", ...(onDelete ? { onDelete } : {}) } }, { name: "email", type: "varchar(100)" }])],
    });
    const named: Op = { kind: "createTable", table: { name: "users" }, columns: [id, { name: "org_id", type: "integer" }, { name: "email", type: "varchar(100)" }], foreignKeys: [{ name: "fk_users_org_id_orgs", columns: ["org_id"], refTable: "orgs", refColumns: ["id"] }] };
    const changed = diff([orgs, named], declared("cascade"));
    const downgrade = changed.changes.map((c) => renderOp(reverse(c.op)!)).reverse();
    expect(downgrade).toEqual([
      `await op.dropConstraint("fk_users_org_id_teams", "users", { type: "foreign" });`,
      `await op.createForeignKey("fk_users_org_id_orgs", "users", "teams", ["org_id"], ["id"]);`,
      `await op.renameTable("teams", "orgs");`,
    ]);
    // A table dropped after the rename likewise.
    const gone = diff([orgs, named], { tables: [table("teams", [id], { renamedFrom: "orgs" })] });
    const drop = gone.changes.find((c) => c.op.kind === "dropTable")!.op;
    expect(drop.kind === "dropTable" && drop.existing?.foreignKeys?.map((fk) => fk.refTable)).toEqual(["teams"]);
  });

  test("generated columns: a column renamed is renamed in the expressions that use it, not a new expression", () => {
    const docs: Op = { kind: "createTable", table: { name: "docs" }, columns: [id, { name: "price", type: "integer" }, { name: "vat", type: "integer", generated: { sql: "price * 2", stored: false } }] };
    const result = diff([docs], { tables: [table("docs", [id, { name: "amount", type: "integer", renamedFrom: "price" }, { name: "vat", type: "integer", generated: { sql: "amount * 2", stored: false } }])] });
    expect(result.lines).toEqual([`await op.alterColumn("docs", "price", { newName: "amount" });`]);
    expect(result.warnings).toEqual([]);
  });

  // The server refuses to drop a column a key or CHECK uses (MariaDB), or drops those with it (PostgreSQL).
  test("a generated column dropped and added again takes the indexes, keys and CHECKs that use it along", () => {
    const g = (sql: string): Op => ({
      kind: "createTable", table: { name: "g" },
      columns: [id, { name: "price", type: "integer" }, { name: "vat", type: "integer", generated: { sql, stored: false } }],
      uniques: [{ name: "uq_g_price_vat", columns: ["price", "vat"] }], checks: [{ name: "ck_vat", condition: "vat >= 0" }],
    });
    const ix: Op = { kind: "createIndex", name: "ix_g_vat", table: { name: "g" }, columns: ["vat"] };
    const declared = (sql: string) => ({
      tables: [table("g", [id, { name: "price", type: "integer" }, { name: "vat", type: "integer", generated: { sql, stored: false } }], {
        uniques: [{ name: "uq_g_price_vat", columns: ["price", "vat"] }], checks: [{ name: "ck_vat", condition: "vat >= 0" }], indexes: [{ name: "ix_g_vat", columns: ["vat"] }],
      })],
    });
    const result = diff([g("price * 2"), ix], declared("price * 3"));
    expect(result.lines).toEqual([
      `await op.dropConstraint("ck_vat", "g", { type: "check" });`,
      `await op.dropIndex("ix_g_vat", "g");`,
      `await op.dropConstraint("uq_g_price_vat", "g", { type: "unique" });`,
      `await op.dropColumn("g", "vat");`,
      `await op.addColumn("g", { name: "vat", type: "integer", generated: { sql: "price * 3", stored: false } });`,
      `await op.createCheckConstraint("ck_vat", "g", "vat >= 0");`,
      `await op.createIndex("ix_g_vat", "g", ["vat"]);`,
      `await op.createUniqueConstraint("uq_g_price_vat", "g", ["price", "vat"]);`,
    ]);
    // The history replayed has them all back.
    expect(diff([g("price * 2"), ix, ...result.changes.map((c) => c.op)], declared("price * 3")).lines).toEqual([]);
    // Where a table is rebuilt (SQLite), the index goes before the rebuild and comes back after it.
    expect(diff([g("price * 2"), ix], declared("price * 3"), SQLITE).changes.map((c) => c.op.kind)).toEqual(["dropIndex", "batchAlterTable", "createIndex"]);
    // One that changes too is dropped and made once.
    const changed = diff([g("price * 2"), ix], { tables: [table("g", [id, { name: "price", type: "integer" }, { name: "vat", type: "integer", generated: { sql: "price * 3", stored: false } }], { indexes: [{ name: "ix_g_vat", columns: ["vat", "price"] }] })] });
    expect(changed.lines.filter((l) => l.includes("ix_g_vat"))).toEqual([`await op.dropIndex("ix_g_vat", "g");`, `await op.createIndex("ix_g_vat", "g", ["vat", "price"]);`]);
  });

  // The server refuses to drop a column a generated column uses ("Unknown column in GENERATED ALWAYS AS"),
  // or to add one using a column not there yet.
  test("generated columns are added after the other columns and dropped before them", () => {
    const docs: Op = { kind: "createTable", table: { name: "docs" }, columns: [id, { name: "amount", type: "integer" }, { name: "vat", type: "integer", generated: { sql: "amount * 2", stored: false } }] };
    const dropped = diff([docs], { tables: [table("docs", [id])] });
    expect(dropped.lines).toEqual([`await op.dropColumn("docs", "vat");`, `await op.dropColumn("docs", "amount");`]);
    const added = diff([{ kind: "createTable", table: { name: "docs" }, columns: [id] }], {
      tables: [table("docs", [id, { name: "a_total", type: "integer", generated: { sql: "z_qty * 2", stored: true } }, { name: "z_qty", type: "integer" }])],
    });
    expect(added.changes.map((c) => c.op.kind === "addColumn" && c.op.column.name)).toEqual(["z_qty", "a_total"]);
  });

  test("generated columns: the same expression is no change; a new one is a drop and an add, with a warning", () => {
    const posts = (sql: string): Op => ({ kind: "createTable", table: { name: "posts" }, columns: [id, { name: "a", type: "integer" }, { name: "c", type: { raw: `INTEGER GENERATED ALWAYS AS (${sql}) STORED` } }] });
    const declared = (sql: string) => ({ tables: [table("posts", [id, { name: "a", type: "integer" }, { name: "c", type: "integer", generated: { sql } }])] });
    expect(diff([posts("a * 2")], declared("a * 2")).lines).toEqual([]);
    const changed = diff([posts("a * 2")], declared("a * 3"));
    expect(changed.lines).toEqual([
      `await op.dropColumn("posts", "c");`,
      `await op.addColumn("posts", { name: "c", type: "integer", generated: { sql: "a * 3", stored: true } });`,
    ]);
    expect(changed.warnings).toEqual([expect.stringContaining(`Column "posts.c": its generated expression`)]);
  });

  test("a generated column dropped and added again takes its indexes and constraints with it: they are dropped first and created after", () => {
    const posts: Op = { kind: "createTable", table: { name: "posts" }, columns: [id, { name: "a", type: "integer" }, { name: "c", type: "integer", generated: { sql: "a * 2" } }], checks: [{ name: "ck_posts_c", condition: "c > 0" }] };
    const index: Op = { kind: "createIndex", name: "ix_posts_c", table: { name: "posts" }, columns: ["c"] };
    const result = diff([posts, index], {
      tables: [table("posts", [id, { name: "a", type: "integer" }, { name: "c", type: "integer", generated: { sql: "a * 3" } }], { checks: [{ name: "ck_posts_c", condition: "c > 0" }], indexes: [{ name: "ix_posts_c", columns: ["c"] }] })],
    });
    expect(result.lines).toEqual([
      `await op.dropConstraint("ck_posts_c", "posts", { type: "check" });`,
      `await op.dropIndex("ix_posts_c", "posts");`,
      `await op.dropColumn("posts", "c");`,
      `await op.addColumn("posts", { name: "c", type: "integer", generated: { sql: "a * 3", stored: true } });`,
      `await op.createCheckConstraint("ck_posts_c", "posts", "c > 0");`,
      `await op.createIndex("ix_posts_c", "posts", ["c"]);`,
    ]);
    // The downgrade (the reverse, in reverse order) puts them back on the old column too.
    const down = [...result.changes].reverse().map((c) => renderOp(reverse(c.op)!));
    expect(down.slice(-2)).toEqual([`await op.createIndex("ix_posts_c", "posts", ["c"]);`, `await op.createCheckConstraint("ck_posts_c", "posts", "c > 0");`]);
  });

  test("a column renamed under a generated column that reads it: only the rename (the server renames it in the expression too)", () => {
    const posts: Op = { kind: "createTable", table: { name: "posts" }, columns: [id, { name: "title", type: "text" }, { name: "slug", type: "text", generated: { sql: "lower(title)" } }] };
    const result = diff([posts], { tables: [table("posts", [id, { name: "headline", type: "text", renamedFrom: "title" }, { name: "slug", type: "text", generated: { sql: "lower(headline)" } }])] });
    expect(result.lines).toEqual([`await op.alterColumn("posts", "title", { newName: "headline" });`]);
    expect(result.warnings).toEqual([]);
  });

  test("a type change of a column a generated column reads: where the server refuses it (PostgreSQL), the generated column goes around the change", () => {
    const posts: Op = { kind: "createTable", table: { name: "posts" }, columns: [id, { name: "title", type: "varchar(100)" }, { name: "slug", type: "text", generated: { sql: "lower(title)" } }] };
    const index: Op = { kind: "createIndex", name: "ix_posts_slug", table: { name: "posts" }, columns: ["slug"] };
    const schema = { tables: [table("posts", [id, { name: "title", type: "varchar(200)" }, { name: "slug", type: "text", generated: { sql: "lower(title)" } }], { indexes: [{ name: "ix_posts_slug", columns: ["slug"] }] })] };
    const pg = diff([posts, index], schema, { ...ALTER, alterGeneratedBaseType: false });
    expect(pg.lines).toEqual([
      `await op.dropIndex("ix_posts_slug", "posts");`,
      `await op.dropColumn("posts", "slug");`,
      `await op.alterColumn("posts", "title", { type: "varchar(200)", existingType: "varchar(100)", existingNullable: true });`,
      `await op.addColumn("posts", { name: "slug", type: "text", generated: { sql: "lower(title)", stored: true } });`,
      `await op.createIndex("ix_posts_slug", "posts", ["slug"]);`,
    ]);
    expect(pg.warnings).toEqual([expect.stringContaining(`Column "posts.slug": it reads posts.title, whose type changes (or its collation, or its enum type is recreated)`)]);
    // Where the server retypes it in place (MySQL; SQLite rebuilds), only the column changes.
    expect(diff([posts, index], schema).changes.map((c) => c.op.kind)).toEqual(["alterColumn"]);
  });

  test("tables are created referenced first and dropped referencing first; foreign keys into a dropped table go before it", () => {
    const created = diff([], { tables: [table("b", [id, { name: "a_id", type: "integer", references: "a.id" }]), table("a", [id])] });
    expect(created.lines.map((l) => l.split("(")[1]!.split(",")[0])).toEqual(['"a"', '"b"']);
    const dropped = diff([orgs, users], { tables: [] });
    expect(dropped.lines).toEqual([`await op.dropTable("users");`, `await op.dropTable("orgs");`]);
    const keep = diff([orgs, users], { tables: [table("users", [id, { name: "org_id", type: "integer" }, { name: "email", type: "varchar(100)" }])] });
    expect(keep.unresolved).toEqual([expect.stringContaining(`unnamed foreign key (org_id)`)]);
  });

  test("a table of another schema that references the default one by its name (public.people) is created after it and dropped before it", () => {
    const accounts = table("app.accounts", [id, { name: "owner_id", type: "integer", references: "public.people.id" }]);
    // Named so that the order by name alone would be the wrong one.
    const people = table("people", [id]);
    const created = diff([], { schemas: ["app"], tables: [accounts, people] });
    expect(created.lines.filter((l) => l.includes("createTable")).map((l) => l.split("(")[1]!.split(",")[0])).toEqual(['"people"', '"app.accounts"']);
    const history = created.changes.map((c) => c.op);
    const dropped = diff(history, { tables: [] });
    expect(dropped.lines).toEqual([`await op.dropTable("app.accounts");`, `await op.dropTable("people");`]);
  });

  test("a new table's key to a unique index created here is added after the index (the server wants the unique key first)", () => {
    const tenants = table("tenants", [id, { name: "code", type: "varchar(10)", nullable: false }], { indexes: [{ name: "ux_tenants_code", columns: ["code"], unique: true }] });
    const projects = table("projects", [id, { name: "tenant_code", type: "varchar(10)", references: "tenants.code" }, { name: "tenant_id", type: "integer", references: "tenants.id" }]);
    const lines = diff([], { tables: [tenants, projects] }).lines;
    expect(lines.map((l) => (l.includes("createTable") ? l.split("[")[0] : l))).toEqual([
      `await op.createTable("tenants", `,
      `await op.createTable("projects", `,
      `await op.createIndex("ux_tenants_code", "tenants", ["code"], { unique: true });`,
      `await op.createForeignKey("fk_projects_tenant_code_tenants", "projects", "tenants", ["tenant_code"], ["code"]);`,
    ]);
    // The key to the primary key stays in the CREATE TABLE.
    expect(lines[1]).toContain(`fk_projects_tenant_id_tenants`);
  });

  test("tables that reference each other are created first and their keys added after", () => {
    const result = diff([], {
      tables: [
        table("a", [id, { name: "b_id", type: "integer", references: "b.id" }]),
        table("b", [id, { name: "a_id", type: "integer", references: "a.id" }]),
      ],
    });
    expect(result.changes.map((c) => c.op.kind)).toEqual(["createTable", "createTable", "createForeignKey", "createForeignKey"]);
  });

  test("renames only with a hint; without one, a drop and an add with a loud warning and a candidate", () => {
    const hinted = diff([orgs, users], { tables: [table("orgs", [id]), table("members", [id, { name: "org_id", type: "integer", references: "orgs.id" }, { name: "mail", type: "varchar(100)", renamedFrom: "email" }], { renamedFrom: "users" })] });
    expect(hinted.lines).toEqual([`await op.renameTable("users", "members");`, `await op.alterColumn("members", "email", { newName: "mail" });`]);
    const guessed = diff([orgs, users], { tables: [table("orgs", [id]), table("users", [id, { name: "org_id", type: "integer", references: "orgs.id" }, { name: "mail", type: "varchar(100)" }])] });
    expect(guessed.changes.map((c) => [c.op.kind, c.safety])).toEqual([["addColumn", "additive"], ["dropColumn", "destructive"]]);
    expect(guessed.warnings[0]).toContain(`--rename users.OLD=NEW`);
    expect(guessed.candidates).toEqual([{ kind: "column", table: "users", from: "email", to: "mail" }]);
    const cli = diff([orgs, users], { tables: [table("orgs", [id]), table("users", [id, { name: "org_id", type: "integer", references: "orgs.id" }, { name: "mail", type: "varchar(100)" }])] }, ALTER, { columns: new Map([["users.mail", "email"]]) });
    expect(cli.lines).toEqual([`await op.alterColumn("users", "email", { newName: "mail" });`]);
  });

  test("a type change is alterColumn (widening is additive), never a drop and an add; the downgrade gets what it was", () => {
    const result = diff([orgs, users], { tables: [table("orgs", [id]), table("users", [id, { name: "org_id", type: "integer", references: "orgs.id" }, { name: "email", type: "varchar(200)", nullable: false }])] });
    expect(result.changes.map((c) => c.op)).toEqual([
      { kind: "alterColumn", table: { name: "users" }, column: "email", type: "varchar(200)", nullable: false, existingType: "varchar(100)", existingNullable: true },
    ]);
    expect(result.changes[0]!.safety).toBe("data-dependent");
    expect(result.changes[0]!.note).toBe("makes users.email NOT NULL: fails if it holds NULLs");
  });

  test("values appended to an enum or set type (MySQL) is widening; removed, reordered or inserted ones are not", () => {
    const t = (type: string): Op => ({ kind: "createTable", table: { name: "t" }, columns: [id, { name: "s", type, nullable: false }] });
    const safety = (from: string, to: string) => diff([t(from)], { tables: [table("t", [id, { name: "s", type: to, nullable: false }])] }).changes.map((c) => c.safety);
    expect(safety("enum('a','b')", "enum('a','b','c')")).toEqual(["additive"]);
    expect(safety("set('a','b')", "SET('a', 'b', 'c')")).toEqual(["additive"]);
    expect(safety("enum('a','b','c')", "enum('a','b')")).toEqual(["data-dependent"]);
    expect(safety("enum('a','b')", "enum('b','a')")).toEqual(["data-dependent"]);
    expect(safety("enum('a','b')", "enum('a','c','b')")).toEqual(["data-dependent"]);
    expect(safety("enum('a','b')", "enum('a','bc')")).toEqual(["data-dependent"]);
    expect(safety("enum('a','b')", "set('a','b','c')")).toEqual(["data-dependent"]);
  });

  test("a numeric type with as many digits before the point and at least as many after is widening", () => {
    const t = (type: string): Op => ({ kind: "createTable", table: { name: "t" }, columns: [id, { name: "n", type }] });
    const safety = (from: string, to: string) => diff([t(from)], { tables: [table("t", [id, { name: "n", type: to }])] }).changes.map((c) => c.safety);
    expect(safety("numeric(10,2)", "numeric(12,2)")).toEqual(["additive"]);
    expect(safety("numeric(10,2)", "decimal(12,3)")).toEqual(["additive"]);
    expect(safety("numeric(10)", "numeric(12,2)")).toEqual(["additive"]);
    expect(safety("numeric(10,2)", "numeric(11,3)")).toEqual(["additive"]);
    expect(safety("numeric(10,2)", "numeric(10,3)")).toEqual(["data-dependent"]);
    expect(safety("numeric(10,2)", "numeric(12,1)")).toEqual(["data-dependent"]);
  });

  test("a varchar's length dropped is widening too (varchar(100) → text or varchar); the reverse is not, nor char(n) → text", () => {
    const t1: Op = { kind: "createTable", table: { name: "t" }, columns: [id, { name: "a", type: "varchar(100)" }, { name: "b", type: "varchar(100)" }] };
    const wider = diff([t1], { tables: [table("t", [id, { name: "a", type: "text" }, { name: "b", type: "varchar" }])] });
    expect(wider.changes.map((c) => [c.op.kind, c.safety])).toEqual([["alterColumn", "additive"], ["alterColumn", "additive"]]);
    const t2: Op = { kind: "createTable", table: { name: "t" }, columns: [id, { name: "a", type: "text" }, { name: "c", type: "numeric" }, { name: "e", type: "char(5)" }, { name: "f", type: "timestamptz" }] };
    const narrower = diff([t2], { tables: [table("t", [id, { name: "a", type: "varchar(100)" }, { name: "c", type: "numeric(10,2)" }, { name: "e", type: "text" }, { name: "f", type: "timestamptz(3)" }])] });
    expect(narrower.changes.map((c) => c.safety)).toEqual(["data-dependent", "data-dependent", "data-dependent", "data-dependent"]);
  });

  test("integer → bigint is widening; where the server refuses to retype a key column (MySQL), its foreign keys go around the change", () => {
    const parent: Op = { kind: "createTable", table: { name: "p" }, columns: [{ name: "id", type: "integer", primaryKey: true }] };
    const child: Op = { kind: "createTable", table: { name: "c" }, columns: [id, { name: "p_id", type: "integer" }], foreignKeys: [{ name: "fk_c_p", columns: ["p_id"], refTable: "p", refColumns: ["id"] }] };
    const schema = { tables: [table("p", [{ name: "id", type: "bigint", primaryKey: true }]), table("c", [id, { name: "p_id", type: "bigint" }], { foreignKeys: [{ name: "fk_c_p", columns: ["p_id"], refTable: "p", refColumns: ["id"] }] })] };
    const pg = diff([parent, child], schema);
    expect(pg.changes.map((c) => [c.op.kind, c.safety])).toEqual([["alterColumn", "additive"], ["alterColumn", "additive"]]);
    const mysql = diff([parent, child], schema, { ...ALTER, alterKeyColumnType: false });
    expect(mysql.changes.map((c) => c.op.kind)).toEqual(["dropConstraint", "alterColumn", "alterColumn", "createForeignKey"]);
  });

  test("a unique key or primary key that foreign keys reference, dropped (recreated as an index, or with other columns): the keys go around it", () => {
    const tenants: Op = { kind: "createTable", table: { name: "tenants" }, columns: [{ name: "id", type: "integer", primaryKey: true }, { name: "code", type: "varchar(10)" }], uniques: [{ name: "uq_tenants_code", columns: ["code"] }] };
    const fks = [
      { name: "fk_projects_code", columns: ["tenant_code"], refTable: "tenants", refColumns: ["code"] },
      { name: "fk_projects_id", columns: ["tenant_id"], refTable: "tenants", refColumns: ["id"] },
    ];
    const projects: Op = { kind: "createTable", table: { name: "projects" }, columns: [id, { name: "tenant_code", type: "varchar(10)" }, { name: "tenant_id", type: "integer" }], foreignKeys: fks };
    const projectsDeclared = table("projects", [id, { name: "tenant_code", type: "varchar(10)" }, { name: "tenant_id", type: "integer" }], { foreignKeys: fks });
    const asIndex = diff([tenants, projects], {
      tables: [table("tenants", [{ name: "id", type: "integer", primaryKey: true }, { name: "code", type: "varchar(10)" }], { indexes: [{ name: "ux_tenants_code", columns: ["code"], unique: true }] }), projectsDeclared],
    });
    expect(asIndex.lines).toEqual([
      `await op.dropConstraint("fk_projects_code", "projects", { type: "foreign" });`,
      `await op.dropConstraint("uq_tenants_code", "tenants", { type: "unique" });`,
      `await op.createIndex("ux_tenants_code", "tenants", ["code"], { unique: true });`,
      `await op.createForeignKey("fk_projects_code", "projects", "tenants", ["tenant_code"], ["code"]);`,
    ]);
    // A primary key on other columns: the keys that reference the old one go around it too, and so do those
    // that reference the new one's columns (the downgrade drops it, and a key made again may depend on it).
    const newKey = diff([tenants, projects], {
      tables: [table("tenants", [{ name: "id", type: "integer" }, { name: "code", type: "varchar(10)", primaryKey: true }], { uniques: [{ name: "uq_tenants_code", columns: ["code"] }, { name: "uq_tenants_id", columns: ["id"] }] }), projectsDeclared],
    });
    expect(newKey.changes.map((c) => c.op.kind)).toEqual(["dropConstraint", "dropConstraint", "dropConstraint", "alterColumn", "alterColumn", "createPrimaryKey", "createUniqueConstraint", "createForeignKey", "createForeignKey"]);
    expect(newKey.lines.slice(0, 2)).toEqual([`await op.dropConstraint("fk_projects_code", "projects", { type: "foreign" });`, `await op.dropConstraint("fk_projects_id", "projects", { type: "foreign" });`]);
    // A unique constraint made beside the primary key its columns have: the keys to them go around it.
    const beside = diff([tenants, projects], {
      tables: [table("tenants", [{ name: "id", type: "integer", primaryKey: true }, { name: "code", type: "varchar(10)" }], { uniques: [{ name: "uq_tenants_code", columns: ["code"] }, { name: "uq_tenants_id", columns: ["id"] }] }), projectsDeclared],
    });
    expect(beside.lines).toEqual([
      `await op.dropConstraint("fk_projects_id", "projects", { type: "foreign" });`,
      `await op.createUniqueConstraint("uq_tenants_id", "tenants", ["id"]);`,
      `await op.createForeignKey("fk_projects_id", "projects", "tenants", ["tenant_id"], ["id"]);`,
    ]);
  });

  test("where a foreign key needs an index of its own (MySQL), a key whose every index is dropped goes around the drop; another index that leads with its columns keeps it", () => {
    const parent: Op = { kind: "createTable", table: { name: "p" }, columns: [{ name: "id", type: "integer", primaryKey: true }] };
    const fk = { name: "fk_c_p", columns: ["p_id"], refTable: "p", refColumns: ["id"] };
    const child: Op = { kind: "createTable", table: { name: "c" }, columns: [id, { name: "p_id", type: "integer" }, { name: "n", type: "integer" }], foreignKeys: [fk] };
    const index = (name: string, columns: Extract<Op, { kind: "createIndex" }>["columns"]): Op => ({ kind: "createIndex", name, table: { name: "c" }, columns });
    const schema = (indexes: { name: string; columns: Extract<Op, { kind: "createIndex" }>["columns"] }[]) => ({
      tables: [table("p", [{ name: "id", type: "integer", primaryKey: true }]), table("c", [id, { name: "p_id", type: "integer" }, { name: "n", type: "integer" }], { foreignKeys: [fk], indexes })],
    });
    const MYSQL = { ...ALTER, alterKeyColumnType: false, foreignKeyNeedsIndex: true, foreignKeyNeedsUniqueKey: false };
    const reordered = schema([{ name: "ix_c_p", columns: [{ name: "p_id", order: "desc" }] }]);
    expect(diff([parent, child, index("ix_c_p", ["p_id"])], reordered).changes.map((c) => c.op.kind)).toEqual(["dropIndex", "createIndex"]);
    const mysql = diff([parent, child, index("ix_c_p", ["p_id"])], reordered, MYSQL);
    expect(mysql.lines).toEqual([
      `await op.dropConstraint("fk_c_p", "c", { type: "foreign" });`,
      `await op.dropIndex("ix_c_p", "c");`,
      `await op.createIndex("ix_c_p", "c", [{ name: "p_id", order: "desc" }]);`,
      `await op.createForeignKey("fk_c_p", "c", "p", ["p_id"], ["id"]);`,
    ]);
    // Another index leading with p_id stays: MySQL lets the dropped one go.
    const kept = diff([parent, child, index("ix_c_p", ["p_id"]), index("ix_c_p_n", ["p_id", "n"])], schema([{ name: "ix_c_p", columns: [{ name: "p_id", order: "desc" }] }, { name: "ix_c_p_n", columns: ["p_id", "n"] }]), MYSQL);
    expect(kept.changes.map((c) => c.op.kind)).toEqual(["dropIndex", "createIndex"]);
    // An index on other columns, or one where p_id is not first, is not the key's.
    const other = diff([parent, child, index("ix_c_p", ["p_id"]), index("ix_c_n", ["n", "p_id"])], schema([{ name: "ix_c_p", columns: ["p_id"] }, { name: "ix_c_n", columns: ["p_id", "n"] }]), MYSQL);
    expect(other.changes.map((c) => c.op.kind)).toEqual(["dropIndex", "createIndex"]);
  });

  test("MySQL: a unique index and a unique constraint are one object; a declared unique index is created as one", () => {
    const items = (extra: Partial<Extract<Op, { kind: "createTable" }>> = {}): Op => ({ kind: "createTable", table: { name: "items" }, columns: [id, { name: "sku", type: "varchar(20)" }], ...extra });
    const asIndex = { tables: [table("items", [id, { name: "sku", type: "varchar(20)" }], { indexes: [{ columns: ["sku"], unique: true }] })] };
    const asConstraint = { tables: [table("items", [id, { name: "sku", type: "varchar(20)", unique: true }])] };
    const MYSQL = { ...ALTER, uniqueIndexIsConstraint: true };
    const uqIndex: Op = { kind: "createIndex", name: "uq_items_sku", table: { name: "items" }, columns: ["sku"], unique: true };
    // Made one way, declared the other: no difference (the history replayed offline keeps the op's form).
    expect(diff([items({ uniques: [{ name: "uq_items_sku", columns: ["sku"] }] })], asIndex, MYSQL).lines).toEqual([]);
    expect(diff([items(), uqIndex], asConstraint, MYSQL).lines).toEqual([]);
    expect(diff([items(), uqIndex], asConstraint).lines).toHaveLength(2);
    // Online the server reads both back as a unique constraint: the op is the declared form.
    const declared = declaredModel(defineSchema(asIndex), 64);
    const reflected: DatabaseModel = { ...declared.model, tables: declared.model.tables.map((t) => ({ ...t, indexes: [], uniques: [{ name: "uq_items_sku", columns: ["sku"] }] })) };
    const online = compare({ from: historyOf([items()]), to: reflected, portable: declared.model, conventionNames: declared.conventionNames, renames: declared.renames, norm: portableNormalizer, capabilities: MYSQL });
    expect(online.changes.map((c) => renderOp(c.op))).toEqual([`await op.createIndex("uq_items_sku", "items", ["sku"], { unique: true });`]);
  });

  // MySQL: "there can be only one auto column and it must be defined as a key", on DROP PRIMARY KEY.
  test("MySQL: a primary key led by an AUTO_INCREMENT column is replaced with the column not counting meanwhile", () => {
    const logs = (idType: string): Op => ({ kind: "createTable", table: { name: "logs" }, columns: [{ ...id, type: idType }, { name: "day", type: "date", nullable: false }] });
    const declared = (idType: string, autoincrement: boolean) => ({
      tables: [table("logs", [{ name: "id", type: idType, nullable: false, autoincrement }, { name: "day", type: "date", nullable: false }], { primaryKey: { columns: ["id", "day"] } })],
    });
    const MYSQL = { ...ALTER, autoincrementNeedsKey: true };
    expect(diff([logs("integer")], declared("integer", true)).changes.map((c) => c.op.kind)).toEqual(["dropConstraint", "createPrimaryKey"]);
    const same = diff([logs("integer")], declared("integer", true), MYSQL);
    expect(same.lines).toEqual([
      `await op.alterColumn("logs", "id", { autoincrement: false, existingType: "integer", existingNullable: false, existingAutoincrement: true });`,
      `await op.dropConstraint({ table: "logs", type: "primary" });`,
      `await op.createPrimaryKey("pk_logs", "logs", ["id", "day"]);`,
      `await op.alterColumn("logs", "id", { autoincrement: true, existingType: "integer", existingNullable: false, existingAutoincrement: false });`,
    ]);
    // A change of the column itself runs after the new key, with its AUTO_INCREMENT back (or not).
    const retyped = diff([logs("integer")], declared("bigint", true), MYSQL);
    expect(retyped.lines[0]).toBe(same.lines[0]);
    expect(retyped.lines.slice(1)).toEqual([
      ...same.lines.slice(1, 3),
      `await op.alterColumn("logs", "id", { type: "bigint", autoincrement: true, existingType: "integer", existingNullable: false, existingAutoincrement: false });`,
    ]);
    expect(diff([logs("integer")], declared("integer", false), MYSQL).lines).toEqual(same.lines.slice(0, 3));
    // The downgrade, reversed, stops it counting before the key goes back.
    const back = retyped.changes.map((c) => reverse(c.op)).reverse();
    expect(back.map((op) => op?.kind)).toEqual(["alterColumn", "dropConstraint", "createPrimaryKey", "alterColumn"]);
    expect(back[0]).toMatchObject({ autoincrement: false, type: "integer" });
    expect(back[3]).toMatchObject({ autoincrement: true });
  });

  // MariaDB: DROP PRIMARY KEY fails with errno 150 while a foreign key references its columns and no other index has them first.
  test("MySQL: a foreign key whose referenced columns lose every index goes around the change", () => {
    const usersT: Op = { kind: "createTable", table: { name: "users" }, columns: [{ ...id, autoincrement: false }, { name: "uuid", type: "char(36)", nullable: false }] };
    const posts: Op = { kind: "createTable", table: { name: "posts" }, columns: [id, { name: "user_id", type: "integer" }], foreignKeys: [{ name: "fk_posts_user_id_users", columns: ["user_id"], refTable: "users", refColumns: ["id"] }] };
    const declared = (idKey: object) => ({
      tables: [
        table("users", [{ name: "id", type: "integer", nullable: false, ...idKey }, { name: "uuid", type: "char(36)", primaryKey: true }]),
        table("posts", [id, { name: "user_id", type: "integer" }], { foreignKeys: [{ name: "fk_posts_user_id_users", columns: ["user_id"], refTable: "users", refColumns: ["id"] }] }),
      ],
    });
    const MYSQL = { ...ALTER, foreignKeyNeedsIndex: true, foreignKeyNeedsUniqueKey: false };
    expect(diff([usersT, posts], declared({ unique: true }), MYSQL).lines).toEqual([
      `await op.dropConstraint("fk_posts_user_id_users", "posts", { type: "foreign" });`,
      `await op.dropConstraint({ table: "users", type: "primary" });`,
      `await op.createPrimaryKey("pk_users", "users", ["uuid"]);`,
      `await op.createUniqueConstraint("uq_users_id", "users", ["id"]);`,
      `await op.createForeignKey("fk_posts_user_id_users", "posts", "users", ["user_id"], ["id"]);`,
    ]);
    // Another index on the referenced columns stays: the key stays too.
    const kept = diff([usersT, { kind: "createIndex", name: "ix_users_id", table: { name: "users" }, columns: ["id"] }, posts], { tables: [...declared({ unique: true }).tables.slice(0, 1).map((t) => ({ ...t, options: { ...t.options, indexes: [{ name: "ix_users_id", columns: ["id"] }] } })), declared({}).tables[1]!] }, MYSQL);
    expect(kept.lines.some((l) => l.includes("fk_posts_user_id_users"))).toBe(false);
  });

  // InnoDB checks RESTRICT as NO ACTION, and the server reads both back as the default: online no difference,
  // offline there was one for ever.
  test("MySQL: a foreign key's RESTRICT is NO ACTION", () => {
    const b = (onDelete?: "restrict" | "no action" | "cascade"): Op => ({
      kind: "createTable", table: { name: "b" }, columns: [id, { name: "org_id", type: "integer" }],
      foreignKeys: [{ name: "fk_b_org_id_orgs", columns: ["org_id"], refTable: "orgs", refColumns: ["id"], ...(onDelete ? { onDelete } : {}) }],
    });
    const declared = (onDelete?: "restrict" | "no action" | "cascade") => ({
      tables: [table("orgs", [id]), table("b", [id, { name: "org_id", type: "integer" }], { foreignKeys: [{ name: "fk_b_org_id_orgs", columns: ["org_id"], refTable: "orgs", refColumns: ["id"], ...(onDelete ? { onDelete } : {}) }] })],
    });
    const MYSQL = { ...ALTER, restrictIsNoAction: true };
    expect(diff([orgs, b("restrict")], declared(), MYSQL).lines).toEqual([]);
    expect(diff([orgs, b()], declared("restrict"), MYSQL).lines).toEqual([]);
    expect(diff([orgs, b("no action")], declared("restrict"), MYSQL).lines).toEqual([]);
    expect(diff([orgs, b("restrict")], declared("cascade"), MYSQL).lines).toHaveLength(2);
    // Elsewhere RESTRICT is checked at once, NO ACTION at the end of the statement (or deferred): a difference.
    expect(diff([orgs, b("restrict")], declared()).lines).toHaveLength(2);
  });

  test("a one-column key goes with its dropped column: no drop of its own, so the downgrade adds it once", () => {
    const codes: Op = { kind: "createTable", table: { name: "codes" }, columns: [id, { name: "code", type: "varchar(10)", nullable: false }] };
    const result = diff([codes], { tables: [table("codes", [{ name: "code", type: "varchar(10)", primaryKey: true }])] });
    expect(result.lines).toEqual([`await op.dropColumn("codes", "id");`, `await op.createPrimaryKey("pk_codes", "codes", ["code"]);`]);
    expect([...result.changes].reverse().map((c) => renderOp(reverse(c.op)!))).toEqual([
      `await op.dropConstraint("pk_codes", "codes", { type: "primary" });`,
      `await op.addColumn("codes", { name: "id", type: "integer", primaryKey: true, autoincrement: true });`,
    ]);
  });

  test("a one-column key on an added column comes with it: no key of its own, which the column's PRIMARY KEY would repeat", () => {
    const codes: Op = { kind: "createTable", table: { name: "codes" }, columns: [{ name: "n", type: "integer" }] };
    const result = diff([codes], { tables: [table("codes", [{ name: "n", type: "integer" }, { name: "code", type: "varchar(10)", primaryKey: true }])] });
    expect(result.lines).toEqual([`await op.addColumn("codes", { name: "code", type: "varchar(10)", primaryKey: true });`]);
  });

  test("a key without a name of its own is dropped as the table's key, not by a guessed name; in a batch too", () => {
    const codes: Op = { kind: "createTable", table: { name: "codes" }, columns: [id, { name: "n", type: "integer" }] };
    const keyless = { tables: [table("codes", [{ name: "id", type: "integer", nullable: false }, { name: "n", type: "integer" }])] };
    expect(diff([codes], keyless).lines).toEqual([
      `await op.dropConstraint({ table: "codes", type: "primary" });`,
      `await op.alterColumn("codes", "id", { autoincrement: false, existingType: "integer", existingNullable: false, existingAutoincrement: true });`,
    ]);
    expect(diff([codes], keyless, SQLITE).lines[0]).toContain(`batch.dropConstraint({ type: "primary" });`);
  });

  test("SQLite: a table's alterations become one batchAlterTable", () => {
    const result = diff([orgs, users], { tables: [table("orgs", [id]), table("users", [id, { name: "org_id", type: "integer" }, { name: "email", type: "text", nullable: false }], { foreignKeys: [{ name: "fk_org", columns: ["org_id"], refTable: "orgs", refColumns: ["id"], onDelete: "cascade" }] })] }, SQLITE);
    expect(result.changes.map((c) => c.op.kind)).toEqual(["batchAlterTable"]);
    expect(result.lines[0]).toContain(`batch.alterColumn("email", { type: "text", nullable: false`);
    expect(result.lines[0]).toContain(`batch.createForeignKey("fk_org", "orgs", ["org_id"], ["id"], { onDelete: "cascade" });`);
  });

  test("index order: asc is the default; desc is its own index, and a change of order is a drop and a create", () => {
    const posts: Op = { kind: "createTable", table: { name: "posts" }, columns: [id, { name: "at", type: "timestamp" }, { name: "n", type: "integer" }] };
    const index = (columns: Extract<Op, { kind: "createIndex" }>["columns"]): Op => ({ kind: "createIndex", name: "ix_posts_at", table: { name: "posts" }, columns });
    const declared = (columns: Extract<Op, { kind: "createIndex" }>["columns"]) => ({ tables: [table("posts", [id, { name: "at", type: "timestamp" }, { name: "n", type: "integer" }], { indexes: [{ name: "ix_posts_at", columns }] })] });
    expect(diff([posts, index(["at"])], declared([{ name: "at", order: "asc" }])).lines).toEqual([]);
    expect(diff([posts, index([{ name: "at", order: "desc" }, "n"])], declared([{ name: "at", order: "desc" }, { name: "n" }])).lines).toEqual([]);
    expect(diff([posts, index([{ expression: "lower(n)", order: "desc" }])], declared([{ expression: "lower(n)", order: "desc" }])).lines).toEqual([]);
    const flipped = diff([posts, index([{ name: "at", order: "desc" }, "n"])], declared(["at", { name: "n", order: "desc" }]));
    expect(flipped.lines).toEqual([
      `await op.dropIndex("ix_posts_at", "posts");`,
      `await op.createIndex("ix_posts_at", "posts", ["at", { name: "n", order: "desc" }]);`,
    ]);
    expect(flipped.changes[0]!.op).toMatchObject({ existing: { columns: [{ name: "at", order: "desc" }, "n"] } });
    const renamed = diff([posts, index([{ name: "at", order: "desc" }])], { tables: [table("posts", [id, { name: "at2", type: "timestamp", renamedFrom: "at" }, { name: "n", type: "integer" }], { indexes: [{ name: "ix_posts_at", columns: [{ name: "at2", order: "desc" }] }] })] });
    expect(renamed.lines).toEqual([`await op.alterColumn("posts", "at", { newName: "at2" });`]);
  });

  test("a key's NULLS FIRST / LAST and operator class are part of an index: the order's default nulls is none, a change is a drop and a create", () => {
    const cols = [id, { name: "at", type: "timestamp" }, { name: "email", type: "text" }];
    const posts: Op = { kind: "createTable", table: { name: "posts" }, columns: cols };
    const index = (columns: Extract<Op, { kind: "createIndex" }>["columns"]): Op => ({ kind: "createIndex", name: "ix_posts_at", table: { name: "posts" }, columns });
    const declared = (columns: Extract<Op, { kind: "createIndex" }>["columns"]) => ({ tables: [table("posts", cols, { indexes: [{ name: "ix_posts_at", columns }] })] });
    expect(diff([posts, index([{ name: "at", order: "desc", nulls: "first" }, { name: "email", nulls: "last" }])], declared([{ name: "at", order: "desc" }, "email"])).lines).toEqual([]);
    expect(diff([posts, index([{ name: "at", order: "desc", nulls: "last" }, { name: "email", opclass: "text_pattern_ops" }])], declared([{ name: "at", order: "desc", nulls: "last" }, { name: "email", opclass: "text_pattern_ops" }])).lines).toEqual([]);
    // DESC NULLS LAST is not plain DESC.
    const nulls = diff([posts, index([{ name: "at", order: "desc", nulls: "last" }])], declared([{ name: "at", order: "desc" }]));
    expect(nulls.lines).toEqual([`await op.dropIndex("ix_posts_at", "posts");`, `await op.createIndex("ix_posts_at", "posts", [{ name: "at", order: "desc" }]);`]);
    expect(nulls.changes[0]!.op).toMatchObject({ existing: { columns: [{ name: "at", order: "desc", nulls: "last" }] } });
    expect(diff([posts, index(["at"])], declared([{ name: "at", nulls: "first" }])).lines[1]).toBe(`await op.createIndex("ix_posts_at", "posts", [{ name: "at", nulls: "first" }]);`);
    // An operator class added, dropped or changed.
    expect(diff([posts, index(["email"])], declared([{ name: "email", opclass: "text_pattern_ops", order: "desc", nulls: "last" }])).lines[1]).toBe(
      `await op.createIndex("ix_posts_at", "posts", [{ name: "email", opclass: "text_pattern_ops", order: "desc", nulls: "last" }]);`,
    );
    expect(diff([posts, index([{ name: "email", opclass: "text_pattern_ops" }])], declared(["email"])).lines).toEqual([`await op.dropIndex("ix_posts_at", "posts");`, `await op.createIndex("ix_posts_at", "posts", ["email"]);`]);
    expect(diff([posts, index([{ name: "email", opclass: "text_pattern_ops" }])], declared([{ name: "email", opclass: "varchar_pattern_ops" }])).lines).toHaveLength(2);
    // A column rename keeps them.
    const renamed = diff([posts, index([{ name: "email", opclass: "text_pattern_ops", order: "desc", nulls: "last" }])], {
      tables: [table("posts", [id, { name: "at", type: "timestamp" }, { name: "mail", type: "text", renamedFrom: "email" }], { indexes: [{ name: "ix_posts_at", columns: [{ name: "mail", opclass: "text_pattern_ops", order: "desc", nulls: "last" }] }] })],
    });
    expect(renamed.lines).toEqual([`await op.alterColumn("posts", "email", { newName: "mail" });`]);
  });

  test("NULLS NOT DISTINCT is part of a unique index: turning it on or off is a drop and a create", () => {
    const posts: Op = { kind: "createTable", table: { name: "posts" }, columns: [id, { name: "code", type: "integer" }] };
    const index = (nnd: boolean): Op => ({ kind: "createIndex", name: "ux_posts_code", table: { name: "posts" }, columns: ["code"], unique: true, ...(nnd ? { nullsNotDistinct: true } : {}) });
    const declared = (nnd: boolean) => ({ tables: [table("posts", [id, { name: "code", type: "integer" }], { indexes: [{ name: "ux_posts_code", columns: ["code"], unique: true, nullsNotDistinct: nnd }] })] });
    expect(diff([posts, index(true)], declared(true)).lines).toEqual([]);
    expect(diff([posts, index(false)], declared(false)).lines).toEqual([]);
    expect(diff([posts, index(false)], declared(true)).lines).toEqual([
      `await op.dropIndex("ux_posts_code", "posts");`,
      `await op.createIndex("ux_posts_code", "posts", ["code"], { unique: true, nullsNotDistinct: true });`,
    ]);
    expect(diff([posts, index(true)], declared(false)).lines[1]).toBe(`await op.createIndex("ux_posts_code", "posts", ["code"], { unique: true });`);
  });

  test("INCLUDE columns are part of an index, followed through a column rename", () => {
    const posts: Op = { kind: "createTable", table: { name: "posts" }, columns: [id, { name: "a", type: "integer" }, { name: "b", type: "integer" }] };
    const index = (include?: string[]): Op => ({ kind: "createIndex", name: "ix_posts_a", table: { name: "posts" }, columns: ["a"], ...(include ? { include } : {}) });
    const declared = (include: string[] | undefined, b = "b") => ({ tables: [table("posts", [id, { name: "a", type: "integer" }, { name: b, type: "integer", ...(b !== "b" ? { renamedFrom: "b" } : {}) }], { indexes: [{ name: "ix_posts_a", columns: ["a"], ...(include ? { include } : {}) }] })] });
    expect(diff([posts, index(["b"])], declared(["b"])).lines).toEqual([]);
    expect(diff([posts, index()], declared([])).lines).toEqual([]);
    expect(diff([posts, index()], declared(["b"])).lines).toEqual([
      `await op.dropIndex("ix_posts_a", "posts");`,
      `await op.createIndex("ix_posts_a", "posts", ["a"], { include: ["b"] });`,
    ]);
    expect(diff([posts, index(["b"])], declared(["b2"], "b2")).lines).toEqual([`await op.alterColumn("posts", "b", { newName: "b2" });`]);
    expect(diff([posts, index(["b"]), { kind: "dropColumn", table: { name: "posts" }, column: "b" }], { tables: [table("posts", [id, { name: "a", type: "integer" }])] }).lines).toEqual([]);
  });

  test("NULLS NOT DISTINCT on a unique constraint: compared, created with the option, and kept for the downgrade", () => {
    const posts: Op = { kind: "createTable", table: { name: "posts" }, columns: [id, { name: "code", type: "integer" }], uniques: [{ name: "uq_posts_code", columns: ["code"] }] };
    const declared = (nnd: boolean) => ({ tables: [table("posts", [id, { name: "code", type: "integer" }], { uniques: [{ name: "uq_posts_code", columns: ["code"], nullsNotDistinct: nnd }] })] });
    expect(diff([posts], declared(false)).lines).toEqual([]);
    const on = diff([posts], declared(true));
    expect(on.lines).toEqual([
      `await op.dropConstraint("uq_posts_code", "posts", { type: "unique" });`,
      `await op.createUniqueConstraint("uq_posts_code", "posts", ["code"], { nullsNotDistinct: true });`,
    ]);
    const added: Op = { kind: "createUniqueConstraint", name: "uq_posts_code", table: { name: "posts" }, columns: ["code"], nullsNotDistinct: true };
    const plain: Op = { ...posts, uniques: [] };
    expect(diff([plain, added], declared(true)).lines).toEqual([]);
    expect(diff([plain, added], declared(false)).changes[0]!.op).toMatchObject({ kind: "dropConstraint", existing: { nullsNotDistinct: true } });
  });

  test("enums: values added in place with their position; a removed or reordered value recreates the type", () => {
    const mood: Op = { kind: "createEnum", name: "mood", values: ["happy", "sad"] };
    const added = diff([mood], { tables: [], enums: [{ name: "mood", values: ["meh", "happy", "ok", "sad"] }] });
    expect(added.lines).toEqual([
      `await op.addEnumValue("mood", "meh", { before: "happy", ifNotExists: true });`,
      `await op.addEnumValue("mood", "ok", { after: "happy", ifNotExists: true });`,
    ]);
    const reordered = diff([mood], { tables: [], enums: [{ name: "mood", values: ["sad", "happy"] }] });
    expect(reordered.lines).toEqual([`await op.recreateEnum("mood", { values: ["sad", "happy"], previous: ["happy", "sad"] });`]);
    expect(reordered.unresolved).toEqual([]);
    expect(reordered.changes.map((c) => [c.safety, c.note])).toEqual([["additive", "reorders enum type mood: ORDER BY, <, > and min/max on its columns follow the new order; the tables using it are rewritten"]]);
  });

  // Found by the fuzzer (PostgreSQL seed 2000, step 22: (b, e, c) → (b, e, a, d, c) made (b, e, d, a, c), both
  // added after "e", "d" last): new values next to each other are each added after the one before them, in
  // their order (the order of the ops is the values' place, not their names), also ahead of the first old value.
  test("enums: new values next to each other are added in their order, each after the one before it", () => {
    const en: Op = { kind: "createEnum", name: "en", values: ["b", "e", "c"] };
    expect(diff([en], { tables: [], enums: [{ name: "en", values: ["z", "y", "b", "e", "a", "d", "c", "x", "w"] }] }).lines).toEqual([
      `await op.addEnumValue("en", "z", { before: "b", ifNotExists: true });`,
      `await op.addEnumValue("en", "y", { after: "z", ifNotExists: true });`,
      `await op.addEnumValue("en", "a", { after: "e", ifNotExists: true });`,
      `await op.addEnumValue("en", "d", { after: "a", ifNotExists: true });`,
      `await op.addEnumValue("en", "x", { after: "c", ifNotExists: true });`,
      `await op.addEnumValue("en", "w", { after: "x", ifNotExists: true });`,
    ]);
    // Run in their order (as the server and the history replayed offline do), they give the declared order.
    const state: EnumState = new Map();
    for (const op of [en, ...diff([en], { tables: [], enums: [{ name: "en", values: ["b", "e", "a", "d", "c"] }] }).changes.map((c) => c.op)]) {
      if (isEnumOp(op)) applyEnumOp(state, op);
    }
    expect(state.get("en")?.values).toEqual(["b", "e", "a", "d", "c"]);
  });

  test("enums: a removed value (with others added or moved) is one data-dependent recreateEnum (it fails rather than lose rows), never addEnumValue", () => {
    const level: Op = { kind: "createEnum", name: "level", schema: "audit", values: ["low", "mid", "high", "max"] };
    const result = diff([level], { tables: [], enums: [{ name: "level", schema: "audit", values: ["high", "low", "new"] }] });
    expect(result.lines).toEqual([`await op.recreateEnum("level", { values: ["high", "low", "new"], previous: ["low", "mid", "high", "max"], schema: "audit" });`]);
    expect(result.changes.map((c) => [c.safety, c.note])).toEqual([
      ["data-dependent", `removes "mid", "max" from enum type audit.level: a row holding one fails the upgrade (rolled back); the tables using the type are rewritten`],
    ]);
    expect(result.unresolved).toEqual([]);
  });

  test("enums: one value replaced at the same place looks like a rename: the recreate, and a TODO with RENAME VALUE", () => {
    const mood: Op = { kind: "createEnum", name: "mood", schema: "app", values: ["happy", "sad", "ok"] };
    const result = diff([mood], { tables: [], enums: [{ name: "mood", schema: "app", values: ["happy", "glad", "ok"] }] });
    expect(result.lines).toEqual([`await op.recreateEnum("mood", { values: ["happy", "glad", "ok"], previous: ["happy", "sad", "ok"], schema: "app" });`]);
    expect(result.unresolved).toEqual([
      `Enum type app.mood: "sad" is replaced by "glad" at the same place, which looks like a rename, but recreateEnum fails on every row holding "sad": ` +
        `if it is a rename, replace recreateEnum with await op.execute("ALTER TYPE \\"app\\".\\"mood\\" RENAME VALUE 'sad' TO 'glad'") (PostgreSQL 10+), and the rename back in the downgrade`,
    ]);
    // Quotes in names and values are doubled, as PostgreSQL reads them.
    const odd: Op = { kind: "createEnum", name: 'mo"od', schema: 'a"pp', values: ["happy", "it's", "ok"] };
    const quoted = diff([odd], { tables: [], enums: [{ name: 'mo"od', schema: 'a"pp', values: ["happy", `say "hi"'s`, "ok"] }] });
    expect(quoted.unresolved[0]).toContain(`await op.execute(${JSON.stringify(`ALTER TYPE "a""pp"."mo""od" RENAME VALUE 'it''s' TO 'say "hi"''s'`)})`);
    // Moved as well, or two values replaced: not a rename.
    expect(diff([mood], { tables: [], enums: [{ name: "mood", schema: "app", values: ["glad", "happy", "ok"] }] }).unresolved).toEqual([]);
    expect(diff([mood], { tables: [], enums: [{ name: "mood", schema: "app", values: ["happy", "glad", "fine"] }] }).unresolved).toEqual([]);
  });

  test("enums: a default naming a removed value is dropped before the recreate and the new one set after; reversed, the same holds", () => {
    const state: Op = { kind: "createEnum", name: "state", values: ["pending", "done"] };
    const jobs: Op = { kind: "createTable", table: { name: "jobs" }, columns: [id, { name: "state", type: "state", nullable: false, default: "pending" }] };
    const result = diff([state, jobs], { enums: [{ name: "state", values: ["new", "done"] }], tables: [table("jobs", [id, { name: "state", type: "state", nullable: false, default: "new" }])] });
    expect(result.lines).toEqual([
      `await op.alterColumn("jobs", "state", { default: null, existingDefault: "pending" });`,
      `await op.recreateEnum("state", { values: ["new", "done"], previous: ["pending", "done"] });`,
      `await op.alterColumn("jobs", "state", { default: "new", existingType: "state", existingNullable: false, existingDefault: null });`,
    ]);
    // The downgrade (each op reversed, last first): drop "new", recreate the old values, set "pending".
    expect([...result.changes].reverse().map((c) => renderOp(reverse(c.op)!))).toEqual([
      `await op.alterColumn("jobs", "state", { default: null, existingDefault: "new" });`,
      `await op.recreateEnum("state", { values: ["pending", "done"], previous: ["new", "done"] });`,
      `await op.alterColumn("jobs", "state", { default: "pending", existingDefault: null });`,
    ]);
  });

  test("enums: columns and tables that use a recreated type and go are dropped before it (with the table's indexes), others keep their step", () => {
    const mood: Op = { kind: "createEnum", name: "mood", values: ["a", "b", "c"] };
    const keep: Op = { kind: "createTable", table: { name: "keep" }, columns: [id, { name: "m", type: "mood" }, { name: "old", type: "text" }] };
    const gone: Op = { kind: "createTable", table: { name: "gone" }, columns: [id, { name: "m", type: "mood" }] };
    const gix: Op = { kind: "createIndex", name: "gone_m", table: { name: "gone" }, columns: ["m"] };
    const other: Op = { kind: "createTable", table: { name: "other" }, columns: [id] };
    const result = diff([mood, keep, gone, gix, other], { enums: [{ name: "mood", values: ["b", "a"] }], tables: [table("keep", [id])] });
    expect(result.changes.map((c) => `${c.op.kind} ${"table" in c.op ? c.op.table?.name : "name" in c.op ? c.op.name : ""}${c.op.kind === "dropColumn" ? `.${c.op.column}` : ""}`)).toEqual([
      "dropIndex gone",
      "dropColumn keep.m",
      "dropTable gone",
      "recreateEnum mood",
      "dropColumn keep.old",
      "dropTable other",
    ]);
  });

  test("enums: indexes and CHECKs whose predicate, expression or condition reads a column of a recreated type go around the recreate", () => {
    const status: Op = { kind: "createEnum", name: "status", values: ["draft", "pending", "archived"] };
    const tasks: Op = { kind: "createTable", table: { name: "tasks" }, columns: [id, { name: "s", type: "status" }, { name: "n", type: "integer" }], checks: [{ name: "ck_tasks_s", condition: "s <> 'draft' OR n > 0" }, { name: "ck_tasks_n", condition: "n >= 0" }] };
    const index = (name: string, more: Partial<Extract<Op, { kind: "createIndex" }>>): Op => ({ kind: "createIndex", name, table: { name: "tasks" }, columns: ["id"], ...more });
    const history = [status, tasks, index("ix_pending", { where: "s = 'pending'" }), index("ix_expr", { columns: [{ expression: "(s::text)" }] }), index("ix_plain", { columns: ["s"] })];
    const declared = table("tasks", [id, { name: "s", type: "status" }, { name: "n", type: "integer" }], {
      checks: [{ name: "ck_tasks_s", condition: "s <> 'draft' OR n > 0" }, { name: "ck_tasks_n", condition: "n >= 0" }],
      indexes: [{ name: "ix_pending", columns: ["id"], where: "s = 'pending'" }, { name: "ix_expr", columns: [{ expression: "(s::text)" }] }, { name: "ix_plain", columns: ["s"] }],
    });
    const result = diff(history, { enums: [{ name: "status", values: ["draft", "pending"] }], tables: [declared] });
    expect(result.lines).toEqual([
      `await op.dropConstraint("ck_tasks_s", "tasks", { type: "check" });`,
      `await op.dropIndex("ix_expr", "tasks");`,
      `await op.dropIndex("ix_pending", "tasks");`,
      `await op.recreateEnum("status", { values: ["draft", "pending"], previous: ["draft", "pending", "archived"] });`,
      `await op.createCheckConstraint("ck_tasks_s", "tasks", "s <> 'draft' OR n > 0");`,
      `await op.createIndex("ix_expr", "tasks", [{ expression: "(s::text)" }]);`,
      `await op.createIndex("ix_pending", "tasks", ["id"], { where: "s = 'pending'" });`,
    ]);
  });

  test("enums: a generated column that reads a column of a recreated type goes around the recreate where the server refuses it (PostgreSQL)", () => {
    const status: Op = { kind: "createEnum", name: "status", values: ["draft", "pending", "archived"] };
    const tasks: Op = { kind: "createTable", table: { name: "tasks" }, columns: [id, { name: "s", type: "status" }, { name: "open", type: "boolean", generated: { sql: "s <> 'archived'" } }] };
    const schema = { enums: [{ name: "status", values: ["draft", "pending"] }], tables: [table("tasks", [id, { name: "s", type: "status" }, { name: "open", type: "boolean", generated: { sql: "s <> 'archived'" } }])] };
    expect(diff([status, tasks], schema, { ...ALTER, alterGeneratedBaseType: false }).lines).toEqual([
      `await op.dropColumn("tasks", "open");`,
      `await op.recreateEnum("status", { values: ["draft", "pending"], previous: ["draft", "pending", "archived"] });`,
      `await op.addColumn("tasks", { name: "open", type: "boolean", generated: { sql: "s <> 'archived'", stored: true } });`,
    ]);
    expect(diff([status, tasks], schema).changes.map((c) => c.op.kind)).toEqual(["recreateEnum"]);
  });

  test("enums: with a table and a column renamed, the drops and defaults moved before the recreate run after the renames, and reversed before them", () => {
    const mood: Op = { kind: "createEnum", name: "mood", values: ["a", "b", "c"] };
    const people: Op = { kind: "createTable", table: { name: "people" }, columns: [id, { name: "m", type: "mood" }, { name: "x", type: "integer" }] };
    const result = diff([mood, people], { enums: [{ name: "mood", values: ["b", "a"] }], tables: [table("persons", [id, { name: "x", type: "integer" }], { renamedFrom: "people" })] });
    expect(result.lines).toEqual([
      `await op.renameTable("people", "persons");`,
      `await op.dropColumn("persons", "m");`,
      `await op.recreateEnum("mood", { values: ["b", "a"], previous: ["a", "b", "c"] });`,
    ]);
    expect([...result.changes].reverse().map((c) => renderOp(reverse(c.op)!))).toEqual([
      `await op.recreateEnum("mood", { values: ["a", "b", "c"], previous: ["b", "a"] });`,
      `await op.addColumn("persons", { name: "m", type: "mood" });`,
      `await op.renameTable("persons", "people");`,
    ]);

    // A default naming a removed value, on a renamed column of a renamed table; a new table may use a new value.
    const jobs: Op = { kind: "createTable", table: { name: "jobs" }, columns: [id, { name: "state", type: "mood", default: "c" }] };
    const moved = diff([mood, jobs], {
      enums: [{ name: "mood", values: ["b", "a", "d"] }],
      tables: [table("tasks", [id, { name: "status", type: "mood", default: "d", renamedFrom: "state" }], { renamedFrom: "jobs" }), table("fresh", [id, { name: "m", type: "mood", default: "d" }])],
    });
    expect(moved.changes.map((c) => c.op.kind === "alterColumn" ? `alterColumn ${c.op.newName ?? c.op.column} ${JSON.stringify(c.op.default)}` : c.op.kind)).toEqual([
      "renameTable",
      "alterColumn status undefined",
      "alterColumn status null",
      "recreateEnum",
      "createTable",
      'alterColumn status "d"',
    ]);
    expect(moved.changes[1]!.op).toMatchObject({ table: { name: "tasks" }, column: "state", newName: "status" });
    expect(moved.changes[2]!.op).toMatchObject({ table: { name: "tasks" }, column: "status" });
  });
});
