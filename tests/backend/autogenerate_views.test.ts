/**
 * Views in the declared schema (defineSchema's `views`): autogenerate makes a declared view, makes a changed
 * one again (with the views that read it, which PostgreSQL would not let it drop), and drops one the schema no
 * longer declares; the comparison finds no difference after the upgrade, online (the server's text against
 * the declared views made in the scratch) and offline (the revisions' op.createView against the schema). A
 * schema without `views` leaves the database's views alone, as before. On PostgreSQL, MariaDB and SQLite.
 */
import { describe, expect, test } from "bun:test";
import { table, view } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Op } from "../../src/operations/ops.ts";
import { autogenerateProject, reflectedByName } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const users = table("users", [
  { name: "id", type: "integer", primaryKey: true },
  { name: "name", type: "varchar(100)" },
  { name: "active", type: "integer", nullable: false, default: 1 },
]);

const shown = (ops: readonly Op[]) => ops.map((op) => `${op.kind} ${"name" in op ? op.name : "table" in op ? op.table.name : ""}`);

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`declared views: ${name}`, () => {
    const p = autogenerateProject(`migrator-views-${name}-`, create);

    test("made, made again when changed (with their readers), dropped when no longer declared; no difference online or offline at each step", async () => {
      const config = p.config;
      const checkOption = name === "sqlite" ? {} : { checkOption: "cascaded" as const };
      const v1 = p.writeSchema({ tables: [users], views: [view("active_users", "SELECT id, name FROM users WHERE active = 1", checkOption)] });
      const first = await autogenerate({ config, schema: v1, message: "views", revId: "v1" });
      expect(shown(first.diff.changes.map((c) => c.op))).toEqual(["createTable users", "createView active_users"]);
      await upgrade({ config, revision: "head" });
      await p.sql("INSERT INTO users (id, name, active) VALUES (1, 'ann', 1), (2, 'bob', 0)");
      expect((await p.query<{ name: string }>("SELECT name FROM active_users")).map((r) => r.name)).toEqual(["ann"]);
      await p.expectNoDifference(v1, "made");

      // A second view reads the first; then the first changes: both are made again, the reader after it.
      const v2 = p.writeSchema({
        tables: [users],
        views: [view("active_users", "SELECT id, name FROM users WHERE active = 1", checkOption), view("active_names", "SELECT name FROM active_users")],
      });
      await autogenerate({ config, schema: v2, message: "reader", revId: "v2" });
      await upgrade({ config, revision: "head" });
      await p.expectNoDifference(v2, "reader");
      const before = (await reflectedByName(config)).views;
      const v3 = p.writeSchema({
        tables: [users],
        views: [view("active_users", "SELECT id, name, active FROM users WHERE active <> 0", checkOption), view("active_names", "SELECT name FROM active_users")],
      });
      const third = await autogenerate({ config, schema: v3, message: "changed", revId: "v3" });
      expect(shown(third.diff.changes.map((c) => c.op))).toEqual(["dropView active_names", "dropView active_users", "createView active_users", "createView active_names"]);
      await upgrade({ config, revision: "head" });
      await p.expectNoDifference(v3, "changed");
      expect((await p.query<{ name: string }>("SELECT name FROM active_names")).map((r) => r.name)).toEqual(["ann"]);
      // The downgrade makes the views as they were.
      await downgrade({ config, revision: "-1" });
      expect((await reflectedByName(config)).views).toEqual(before);
      await upgrade({ config, revision: "head" });
      expect(await p.changes(v3)).toEqual([]);

      // Without `views`, the schema does not manage them: nothing to do, and they are listed as left alone.
      const unmanaged = p.writeSchema({ tables: [users] });
      const alone = await diffSchema({ config, schema: unmanaged });
      expect(alone.changes).toEqual([]);
      expect(alone.unmanaged).toEqual(expect.arrayContaining(["view active_names", "view active_users"]));
      expect(await p.changes(unmanaged, true)).toEqual([]);

      // `views: []`: the schema manages them, and declares none.
      const none = p.writeSchema({ tables: [users], views: [] });
      const dropped = await autogenerate({ config, schema: none, message: "dropped", revId: "v4" });
      expect(shown(dropped.diff.changes.map((c) => c.op))).toEqual(["dropView active_names", "dropView active_users"]);
      expect(dropped.diff.changes.map((c) => c.safety)).toEqual(["destructive", "destructive"]);
      await upgrade({ config, revision: "head" });
      await p.expectRoundTrip(none, "dropped");
    }, 120_000);

    test("a column the view reads is dropped and the type of another changed, with the view changed to match: the view goes first and comes back last", async () => {
      const config = p.config;
      const posts = (extra: boolean, title: string) =>
        table("posts", [
          { name: "id", type: "integer", primaryKey: true },
          { name: "title", type: title },
          ...(extra ? [{ name: "body", type: "text" }] : []),
        ]);
      const v1 = await p.revise({ tables: [posts(true, "varchar(50)")], views: [view("titled", "SELECT id, title, body FROM posts WHERE title IS NOT NULL"), view("short", "SELECT id FROM posts")] }, "posts", "c1");
      await p.sql("INSERT INTO posts (id, title, body) VALUES (1, 'a', 'x')");
      await p.expectNoDifference(v1, "posts");
      const v2 = p.writeSchema({ tables: [posts(false, "varchar(200)")], views: [view("titled", "SELECT id, title FROM posts WHERE title IS NOT NULL"), view("short", "SELECT id FROM posts")] });
      const written = await autogenerate({ config, schema: v2, message: "narrow", revId: "c2" });
      const ops = shown(written.diff.changes.flatMap((c): Op[] => (c.op.kind === "batchAlterTable" ? [c.op, ...c.op.ops] : [c.op])));
      expect(ops[0]).toBe("dropView titled");
      // A view the revision drops itself is not reported as in the way of the column's drop.
      expect(written.diff.unresolved).toEqual([]);
      expect(ops.at(-1)).toBe("createView titled");
      // The view that reads neither column stays.
      expect(ops.filter((o) => o.endsWith(" short"))).toEqual([]);
      await upgrade({ config, revision: "head" });
      await p.expectRoundTrip(v2, "narrow");
      expect((await p.query<{ title: string }>("SELECT title FROM titled")).map((r) => r.title)).toEqual(["a"]);
      expect((await p.query<{ id: number }>("SELECT id FROM short")).map((r) => Number(r.id))).toEqual([1]);
    }, 120_000);
  });
}

describe("declared views in another schema: postgres", () => {
  const p = autogenerateProject("migrator-views-schema-", DATABASES["postgres"]!);

  test("a view of schema app over app's table, and one in the default schema over it: no difference online or offline, changed, dropped", async () => {
    const config = p.config;
    const items = table("app.items", [{ name: "id", type: "integer", primaryKey: true }, { name: "label", type: "text" }]);
    const declared = (filter: string) => ({
      schemas: ["app"],
      tables: [items],
      views: [view("app.labelled", `SELECT id, label FROM app.items WHERE ${filter}`, { checkOption: "local" }), view("labels", "SELECT label FROM app.labelled")],
    });
    const v1 = await p.revise(declared("label IS NOT NULL"), "app", "s1");
    await p.expectNoDifference(v1, "app");
    // What the schema does not say about a view (privileges, comments) is kept when it is made again.
    await p.sql(
      "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'migrator_view_reader') THEN CREATE ROLE migrator_view_reader; END IF; END $$",
      "GRANT SELECT ON app.labelled TO migrator_view_reader",
      "COMMENT ON VIEW labels IS 'the labels'",
    );
    const extras = async () =>
      p.query<{ grants: string | null; comment: string | null }>(
        "SELECT (SELECT string_agg(privilege_type, ',') FROM information_schema.role_table_grants WHERE grantee = 'migrator_view_reader' AND table_schema = 'app' AND table_name = 'labelled') AS grants, obj_description('labels'::regclass, 'pg_class') AS comment",
      );
    expect(await extras()).toEqual([{ grants: "SELECT", comment: "the labels" }]);
    await p.expectNoDifference(v1, "privileges and comments are not compared");
    const v2 = p.writeSchema(declared("label <> ''"));
    const written = await autogenerate({ config, schema: v2, message: "changed", revId: "s2" });
    expect(shown(written.diff.changes.map((c) => c.op))).toEqual(["dropView labels", "dropView labelled", "createView labelled", "createView labels"]);
    await upgrade({ config, revision: "head" });
    expect(await extras()).toEqual([{ grants: "SELECT", comment: "the labels" }]);
    await p.expectRoundTrip(v2, "changed");
    expect(await extras()).toEqual([{ grants: "SELECT", comment: "the labels" }]);
    const v3 = await p.revise({ schemas: ["app"], tables: [items], views: [] }, "none", "s3");
    await p.expectRoundTrip(v3, "none");
  }, 120_000);
});

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`a declared view over a column whose type changes: ${name}`, () => {
    const p = autogenerateProject(`migrator-views-retype-${name}-`, create);

    test("PostgreSQL (its views bind their columns): the revision drops the view and makes it again around the change, so its offline script runs too; elsewhere the view stays", async () => {
      const config = p.config;
      const declared = (type: string) => ({
        tables: [table("notes", [{ name: "id", type: "integer", primaryKey: true }, { name: "body", type }])],
        views: [view("bodies", "SELECT id, body FROM notes"), view("ids", "SELECT id FROM notes")],
      });
      await p.revise(declared("varchar(20)"), "notes", "r1");
      await p.sql("INSERT INTO notes (id, body) VALUES (1, 'x')");
      const v2 = p.writeSchema(declared("varchar(400)"));
      const written = await autogenerate({ config, schema: v2, message: "wider", revId: "r2" });
      const ops = shown(written.diff.changes.flatMap((c): Op[] => (c.op.kind === "batchAlterTable" ? [c.op, ...c.op.ops] : [c.op])));
      if (name === "postgres") expect(ops).toEqual(["dropView bodies", "alterColumn notes", "createView bodies"]);
      else expect(ops.filter((o) => o.includes("View"))).toEqual([]);
      // The revision goes around the view itself: nothing to report about it.
      expect(written.diff.unresolved).toEqual([]);
      expect(written.diff.warnings.join("\n")).not.toContain("bodies");
      await upgrade({ config, revision: "head" });
      await p.expectRoundTrip(v2, "wider");
      expect((await p.query<{ body: string }>("SELECT body FROM bodies")).map((r) => r.body)).toEqual(["x"]);
      // The offline script of the whole history runs on the database emptied: the view goes around the change there too.
      const before = await reflectedByName(config);
      await downgrade({ config, revision: "base" });
      const script = (await upgrade({ config, revision: "head", sql: true })).script!;
      const statements = script.split(";\n").map((t) => t.split("\n").filter((l) => !l.startsWith("-- ")).join("\n").trim()).filter(Boolean);
      await p.sql(`DROP TABLE ${name === "mysql" ? "`migrator_version`" : '"migrator_version"'}`, ...statements);
      expect(await reflectedByName(config)).toEqual(before);
    }, 120_000);
  });
}
