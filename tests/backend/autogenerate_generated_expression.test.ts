/**
 * A generated column given a new expression, in the cases a fresh-eyes review found broken when the
 * expression was first set in place: the new expression reads a generated column added in the same
 * revision, or one defined after it (MySQL/MariaDB: "Unknown column", "refers to uninitialized field"; it is
 * dropped and added again, last); a NOT NULL column made nullable with an expression that gives NULL
 * (PostgreSQL 17+: SET EXPRESSION after DROP NOT NULL); a materialized view over it (PostgreSQL 17+: SET
 * EXPRESSION goes on under it, where a drop and an add is refused). Each revision upgrades a table with
 * rows, leaves no difference online or offline, downgrades and upgrades again.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const id = { name: "id", type: "integer", primaryKey: true };
const title = { name: "title", type: "varchar(100)", nullable: false };
const generated = (name: string, sql: string, nullable = true) => ({ name, type: "varchar(100)", generated: { sql }, ...(nullable ? {} : { nullable: false }) });
const posts = (...columns: object[]) => ({ tables: [table("posts", [id, title, ...(columns as never[])])] });

// PostgreSQL has no generated column that reads another ("cannot use generated column in column generation expression").
for (const [name, create] of Object.entries(DATABASES).filter(([n]) => n !== "postgres")) {
  describe(`a new generated expression reading another generated column: ${name}`, () => {
    const p = autogenerateProject(`migrator-generated-expr-${name}-`, create);
    const slugs = async () => (await p.query<{ slug: string }>("SELECT slug FROM posts")).map((r) => r.slug);

    test("one added in the same revision; the one it read dropped; one defined after it in the table", async () => {
      await p.revise(posts(generated("slug", "lower(title)")), "one", "x1");
      await p.sql("INSERT INTO posts (id, title) VALUES (1, ' Hello ')");
      await p.expectRoundTrip(await p.revise(posts(generated("norm", "trim(title)"), generated("slug", "lower(norm)")), "added", "x2"));
      expect(await slugs()).toEqual(["hello"]);
      await p.expectRoundTrip(await p.revise(posts(generated("slug", "upper(title)")), "dropped", "x3"));
      expect(await slugs()).toEqual([" HELLO "]);
      // norm comes after slug in the table; then slug reads it.
      await p.revise(posts(generated("slug", "upper(title)"), generated("norm", "trim(title)")), "norm after", "x4");
      await p.expectRoundTrip(await p.revise(posts(generated("norm", "trim(title)"), generated("slug", "lower(norm)")), "after", "x5"));
      expect(await slugs()).toEqual(["hello"]);
    }, 60_000);
  });
}

describe("a new generated expression on PostgreSQL: nullability and a materialized view", () => {
  const p = autogenerateProject("migrator-generated-expr-pg-", DATABASES["postgres"]!);

  test("made nullable with an expression that gives NULL; then under a materialized view", async () => {
    await p.revise(posts(generated("slug", "lower(title)", false)), "one", "n1");
    await p.sql("INSERT INTO posts (id, title) VALUES (1, 'Hello'), (2, ' none ')");
    await p.expectRoundTrip(await p.revise(posts(generated("slug", "nullif(lower(title), ' none ')")), "nullable", "n2"));
    expect((await p.query<{ slug: string | null }>("SELECT slug FROM posts ORDER BY id")).map((r) => r.slug)).toEqual(["hello", null]);
    await p.sql("CREATE MATERIALIZED VIEW slugs AS SELECT slug FROM posts");
    const inPlace = (await p.capabilities()).generatedExpressionInPlace.stored;
    const path = p.writeSchema(posts(generated("slug", "upper(title)")));
    if (!inPlace) {
      // Before 17 it is dropped and added, which the view refuses: said before anything is written.
      const written = await import("../../src/commands/autogenerate.ts").then((m) => m.diffSchema({ config: p.config, schema: path }));
      expect(written.unresolved.join("\n")).toContain("slugs");
      return;
    }
    await p.expectRoundTrip(await p.revise(path, "under a view", "n3"));
    expect((await p.query<{ slug: string }>("SELECT slug FROM posts ORDER BY id")).map((r) => r.slug)).toEqual(["HELLO", " NONE "]);
  }, 60_000);
});

// The cases a third review found: a chain of generated columns; SQLite's batch order; a column made plain
// beside one dropped that it read; a primary key over a generated column dropped and added again.
for (const [name, create] of Object.entries(DATABASES).filter(([n]) => n !== "postgres")) {
  describe(`generated columns that read each other, changed together: ${name}`, () => {
    const p = autogenerateProject(`migrator-generated-chain-${name}-`, create);
    const virtual = (n: string, sql: string) => ({ name: n, type: "varchar(100)", generated: { sql, stored: false } });
    const stored = (n: string, sql: string) => ({ name: n, type: "varchar(100)", generated: { sql } });
    const values = async (column: string) => (await p.query<Record<string, string | null>>(`SELECT ${column} AS v FROM posts`)).map((r) => r["v"]);

    test("the middle of a chain takes a new expression; two added that read each other beside a drop; one made plain beside the drop of what it read", async () => {
      await p.revise(posts(virtual("c", "lower(title)"), virtual("a", "trim(c)"), virtual("b", "concat(a, 'x')"), { name: "old", type: "integer" }), "chain", "y1");
      await p.sql("INSERT INTO posts (id, title) VALUES (1, ' Hi ')");
      await p.expectRoundTrip(await p.revise(posts(virtual("c", "lower(title)"), virtual("a", "upper(c)"), virtual("b", "concat(a, 'x')"), { name: "old", type: "integer" }), "middle", "y2"));
      expect(await values("b")).toEqual([" HI x"]);
      // z and y read each other's way (y reads z), added while a plain column is dropped: one batch on SQLite.
      await p.expectRoundTrip(await p.revise(posts(virtual("c", "lower(title)"), virtual("a", "upper(c)"), virtual("b", "concat(a, 'x')"), virtual("z", "lower(title)"), virtual("y", "concat(z, 'y')")), "added", "y3"));
      expect(await values("y")).toEqual([" hi y"]);
      // c and a dropped; b made plain (STORED first: MariaDB keeps only a STORED column's values).
      await p.revise(posts(virtual("c", "lower(title)"), virtual("a", "upper(c)"), stored("b", "concat(a, 'x')")), "stored", "y4");
      await p.expectRoundTrip(await p.revise(posts({ name: "b", type: "varchar(100)" }), "plain", "y5"));
      expect(await values("b")).toEqual([" HI x"]);
    }, 90_000);
  });
}

describe("a primary key over a generated column dropped and added again: postgres", () => {
  const p = autogenerateProject("migrator-generated-pk-", DATABASES["postgres"]!);

  test("the key is dropped first and made again after, with its name", async () => {
    const schema = (sql: string) => ({ tables: [table("posts", [{ name: "id", type: "integer", nullable: false }, title, { ...generated("slug", sql, false) }], { primaryKey: { columns: ["id", "slug"] } })] });
    await p.revise(schema("lower(title)"), "one", "q1");
    await p.sql("INSERT INTO posts (id, title) VALUES (1, 'Hi')");
    const inPlace = (await p.capabilities()).generatedExpressionInPlace.stored;
    await p.expectRoundTrip(await p.revise(schema("upper(title)"), "upper", "q2"));
    const key = await p.query<{ name: string }>("SELECT conname AS name FROM pg_constraint WHERE conrelid = 'posts'::regclass AND contype = 'p'");
    expect({ inPlace, key: key.map((k) => k.name) }).toEqual({ inPlace, key: ["posts_pkey"] });
  }, 60_000);
});
