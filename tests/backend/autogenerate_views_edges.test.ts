/**
 * Declared views at their edges, each a case a review reproduced as a failure: a view that names the default
 * schema (public.users, MySQL's own database), a view the schema module leaves out that reads a declared one
 * made again, a query ending in a -- comment with a check option, a column alias named like another view,
 * a view over a table the schema does not declare, and (PostgreSQL, whose views bind their columns) a
 * recreateEnum and a `SELECT *` view's retyped column, whose offline scripts must run as the online ones.
 */
import { describe, expect, test } from "bun:test";
import { appendFileSync } from "node:fs";
import { table, view } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import { autogenerateProject, reflectedByName, type AutogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const users = table("users", [{ name: "id", type: "integer", primaryKey: true }, { name: "active", type: "integer" }]);

/** The offline script of the whole history, run on the database emptied, makes what the online runs made. */
async function expectOfflineScriptRuns(p: AutogenerateProject, quote: (name: string) => string): Promise<void> {
  const config = p.config;
  const before = await reflectedByName(config);
  await downgrade({ config, revision: "base" });
  const script = (await upgrade({ config, revision: "head", sql: true })).script!;
  const statements = script.split(";\n").map((t) => t.split("\n").filter((l) => !l.startsWith("-- ")).join("\n").trim()).filter(Boolean);
  await p.sql(`DROP TABLE ${quote("migrator_version")}`, ...statements);
  expect(await reflectedByName(config)).toEqual(before);
}

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`declared views at their edges: ${name}`, () => {
    const p = autogenerateProject(`migrator-views-edges-${name}-`, create);

    test("a view naming the default schema, a -- comment before the check option, an alias named like a view, a view over an undeclared table", async () => {
      const config = p.config;
      // Not declared (left to raw SQL): the schema module leaves it out, and a declared view reads it.
      await p.sql("CREATE TABLE legacy (id integer PRIMARY KEY, code varchar(10))");
      const own = name === "postgres" ? "public" : name === "mysql" ? new URL(config.url!).pathname.slice(1) : undefined;
      const check = name === "sqlite" ? {} : { checkOption: "local" as const };
      const path = p.writeSchema({
        tables: [users],
        views: [
          view("qualified", `SELECT id FROM ${own ? `${own}.` : ""}users`),
          view("commented", "SELECT id, active FROM users WHERE active = 1 -- only the active ones", check),
          view("counts", "SELECT count(*) AS summary FROM users"),
          view("summary", "SELECT summary FROM counts"),
          view("codes", "SELECT code FROM legacy"),
        ],
      });
      appendFileSync(path, `export const includeObject = (o: { type: string; name: string }) => o.name !== "legacy";\n`);
      await autogenerate({ config, schema: path, message: "edges", revId: "e1" });
      await upgrade({ config, revision: "head" });
      await p.expectNoDifference(path, "edges");
      if (name === "postgres") {
        expect(await p.query<{ o: string[] | null }>("SELECT reloptions AS o FROM pg_class WHERE relname = 'commented'")).toEqual([{ o: ["check_option=local"] }]);
      }
      if (name === "mysql") expect(await p.query<{ o: string }>("SELECT CHECK_OPTION AS o FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'commented'")).toEqual([{ o: "LOCAL" }]);
    }, 120_000);

    test("a view the schema module leaves out that reads a declared view made again is made again as it is; a drop under it is refused by check", async () => {
      const config = p.config;
      const schema = (filter: string | undefined) => {
        const path = p.writeSchema({ tables: [users], views: filter === undefined ? [] : [view("actives", `SELECT id FROM users WHERE ${filter}`)] });
        appendFileSync(path, `export const includeObject = (o: { type: string; name: string }) => !o.name.startsWith("report_");\n`);
        return path;
      };
      await p.revise(schema("active = 1"), "actives", "h1");
      await p.sql("CREATE VIEW report_actives AS SELECT id FROM actives");
      const changed = schema("active = 2");
      const written = await autogenerate({ config, schema: changed, message: "changed", revId: "h2" });
      expect(written.diff.changes.map((c) => `${c.op.kind} ${"name" in c.op ? c.op.name : ""}`)).toEqual(["dropView report_actives", "dropView actives", "createView actives", "createView report_actives"]);
      await upgrade({ config, revision: "head" });
      await p.expectNoDifference(changed, "changed");
      expect(await p.query<{ id: number }>("SELECT id FROM report_actives")).toEqual([]);
      const dropped = await diffSchema({ config, schema: schema(undefined) });
      expect(dropped.unresolved.join("\n")).toContain("view report_actives, which the schema leaves out, reads it");
    }, 120_000);
  });
}

describe("PostgreSQL: what changes a column's type under a declared view, offline as online", () => {
  const p = autogenerateProject("migrator-views-enum-", DATABASES["postgres"]!);

  test("a recreateEnum under a view, and a SELECT * view over a retyped column (autogenerated offline): the revisions go around the views, and the offline script runs", async () => {
    const config = p.config;
    const declared = (values: string[], body: string) => ({
      enums: [{ name: "mood", values }],
      tables: [table("people", [{ name: "id", type: "integer", primaryKey: true }, { name: "m", type: "mood" }]), table("notes", [{ name: "id", type: "integer", primaryKey: true }, { name: "body", type: body }])],
      views: [view("pm", "SELECT id, m FROM people"), view("nv", "SELECT * FROM notes")],
    });
    await p.revise(declared(["happy", "sad", "meh"], "varchar(20)"), "first", "m1");
    const enumChange = p.writeSchema(declared(["happy", "sad"], "varchar(20)"));
    const first = await autogenerate({ config, schema: enumChange, message: "enum", revId: "m2" });
    expect(first.diff.changes.map((c) => `${c.op.kind} ${"name" in c.op ? c.op.name : ""}`)).toEqual(["dropView pm", "recreateEnum mood", "createView pm"]);
    await upgrade({ config, revision: "head" });
    const wider = p.writeSchema(declared(["happy", "sad"], "varchar(400)"));
    const second = await autogenerate({ config, schema: wider, message: "wider", revId: "m3", offline: true });
    expect(second.diff.changes.map((c) => `${c.op.kind} ${"name" in c.op ? c.op.name : "table" in c.op ? c.op.table.name : ""}`)).toEqual(["dropView nv", "alterColumn notes", "createView nv"]);
    await upgrade({ config, revision: "head" });
    await p.expectNoDifference(wider, "wider");
    await expectOfflineScriptRuns(p, (n) => `"${n}"`);
  }, 120_000);
});

describe("PostgreSQL: a generated column under a declared view given another expression", () => {
  const p = autogenerateProject("migrator-views-generated-", DATABASES["postgres"]!);

  test("the view is dropped and made again around the column (dropped and added again before PostgreSQL 17), offline as online", async () => {
    const config = p.config;
    const declared = (expression: string) => ({
      tables: [table("t", [{ name: "id", type: "integer", primaryKey: true }, { name: "x", type: "integer" }, { name: "g", type: "integer", generated: { sql: expression, stored: true } }])],
      views: [view("gv", "SELECT id, g FROM t")],
    });
    await p.revise(declared("x * 2"), "first", "g1");
    await p.sql("INSERT INTO t (id, x) VALUES (1, 5)");
    const changed = p.writeSchema(declared("x * 3"));
    const written = await autogenerate({ config, schema: changed, message: "times three", revId: "g2" });
    const kinds = written.diff.changes.map((c) => c.op.kind);
    expect(kinds[0]).toBe("dropView");
    expect(kinds.at(-1)).toBe("createView");
    await upgrade({ config, revision: "head" });
    expect((await p.query<{ g: number }>("SELECT g FROM gv")).map((r) => Number(r.g))).toEqual([15]);
    await p.expectRoundTrip(changed, "times three");
    await expectOfflineScriptRuns(p, (n) => `"${n}"`);
  }, 120_000);
});

describe("PostgreSQL: a collation changed under a declared view", () => {
  const p = autogenerateProject("migrator-views-collation-", DATABASES["postgres"]!);

  test("is a type change there (ALTER ... TYPE ... COLLATE): the view goes around it, offline as online", async () => {
    const config = p.config;
    const declared = (collation: string | undefined) => ({
      tables: [table("words", [{ name: "id", type: "integer", primaryKey: true }, { name: "w", type: "text", ...(collation ? { collation } : {}) }])],
      views: [view("sorted", "SELECT w FROM words")],
    });
    await p.revise(declared(undefined), "words", "k1");
    const changed = p.writeSchema(declared("C"));
    const written = await autogenerate({ config, schema: changed, message: "collation", revId: "k2" });
    expect(written.diff.changes.map((c) => c.op.kind)).toEqual(["dropView", "alterColumn", "createView"]);
    await upgrade({ config, revision: "head" });
    await p.expectRoundTrip(changed, "collation");
    await expectOfflineScriptRuns(p, (n) => `"${n}"`);
  }, 120_000);
});
