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
import { openSession } from "../../src/runtime/session.ts";
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
    const session = await openSession(p.config);
    const inPlace = session.dialect.capabilities.generatedExpressionInPlace.stored;
    await session.conn.close();
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
