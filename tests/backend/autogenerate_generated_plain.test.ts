/**
 * A generated column made a plain one keeps the values it holds: autogenerate writes one alterColumn
 * (`generated: null`: PostgreSQL's DROP EXPRESSION, MySQL's MODIFY, a SQLite rebuild) where it used to drop
 * the column and add it again, which emptied it. The downgrade computes the column again, its index and
 * CHECK included. MariaDB, which makes a VIRTUAL column neither plain nor VIRTUAL in place, gets a new column
 * beside it, filled from it, its index and CHECK made again (its values were lost: it was dropped and added
 * again); so does PostgreSQL 18's VIRTUAL column (no DROP EXPRESSION for one), with its CHECK, NOT NULL and
 * comment, around a view that reads it (before 18, a VIRTUAL column is refused). On PostgreSQL, what
 * the catalog holds on the column beyond the model (an exclusion constraint, a deferrable key, statistics,
 * column grants) stops the downgrade that would drop it, and is named in a revision that drops and adds it.
 */
import { describe, expect, test } from "bun:test";
import { table, view } from "../../src/autogenerate/declare.ts";
import { autogenerate } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Op } from "../../src/operations/ops.ts";
import { autogenerateProject, reflectedByName as reflected } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const id = { name: "id", type: "integer", primaryKey: true };

function schema(slug: { readonly sql: string; readonly stored?: boolean } | undefined) {
  return {
    tables: [
      table("posts", [id, { name: "title", type: "varchar(100)", nullable: false }, { name: "slug", type: "varchar(300)", ...(slug ? { generated: slug } : {}) }], {
        checks: [{ name: "ck_posts_slug", condition: "slug <> ''" }],
        indexes: [{ name: "ix_posts_slug", columns: ["slug"] }],
      }),
    ],
  };
}

const kinds = (ops: readonly Op[]) => ops.flatMap((op): string[] => (op.kind === "batchAlterTable" ? op.ops.map((o) => o.kind) : [op.kind]));

for (const [name, create] of Object.entries(DATABASES)) {
  // PostgreSQL before 18 has no VIRTUAL columns; MariaDB makes one plain anew beside it, filled from it (virtual_swap.ts).
  const cases: { stored: boolean; keeps: boolean }[] = [{ stored: true, keeps: true }];
  if (name !== "postgres") cases.push({ stored: false, keeps: true });
  for (const { stored, keeps } of cases) {
    const kind = stored ? "STORED" : "VIRTUAL";
    describe(`a ${kind} generated column made plain: ${name}`, () => {
      const p = autogenerateProject(`migrator-generated-plain-${name}-`, create);

      test(keeps ? "keeps its values; the downgrade computes it again, index and CHECK back" : "is dropped and added again, and the revision says its values are lost", async () => {
        const config = p.config;
        const expression = { sql: "lower(title)", stored };
        await p.revise(schema(expression), "posts", "p1");
        await p.sql("INSERT INTO posts (id, title) VALUES (1, 'Hello'), (2, 'World')");
        const before = await reflected(config);

        const path = p.writeSchema(schema(undefined));
        const written = await autogenerate({ config, schema: path, message: "plain", revId: "p2" });
        const ops = written.diff.changes.map((c) => c.op);
        if (keeps) {
          expect(kinds(ops)).toEqual(["alterColumn"]);
          expect(written.diff.warnings.join("\n")).not.toContain("LOST");
        } else {
          expect(kinds(ops)).toContain("dropColumn");
          expect(written.diff.warnings.join("\n")).toContain("VALUES ARE LOST");
        }
        await upgrade({ config, revision: "head" });
        await p.expectNoDifference(path, "plain");
        const kept = await p.query<{ id: number; slug: string | null }>("SELECT id, slug FROM posts ORDER BY id");
        expect(kept.map((r) => [Number(r.id), r.slug])).toEqual(keeps ? [[1, "hello"], [2, "world"]] : [[1, null], [2, null]]);
        // A plain column now: it takes what an insert gives it.
        await p.sql("INSERT INTO posts (id, title, slug) VALUES (3, 'Three', 'chosen')");
        const after = await reflected(config);

        await downgrade({ config, revision: "-1" });
        expect(await reflected(config)).toEqual(before);
        const recomputed = await p.query<{ id: number; slug: string | null }>("SELECT id, slug FROM posts ORDER BY id");
        expect(recomputed.map((r) => [Number(r.id), r.slug])).toEqual([[1, "hello"], [2, "world"], [3, "three"]]);

        await upgrade({ config, revision: "head" });
        expect(await reflected(config)).toEqual(after);
        const again = await p.query<{ slug: string | null }>("SELECT slug FROM posts ORDER BY id");
        if (keeps) expect(again.map((r) => r.slug)).toEqual(["hello", "world", "three"]);
      }, 120_000);
    });
  }
}

describe("a VIRTUAL generated column made plain: postgres", () => {
  const p = autogenerateProject("migrator-generated-plain-virtual-", DATABASES["postgres"]!);
  // No index: PostgreSQL 18 has none on a VIRTUAL column.
  const posts = (slug: object) => ({
    tables: [
      table("posts", [id, { name: "title", type: "varchar(100)", nullable: false }, { name: "slug", type: "varchar(300)", nullable: false, comment: "the title in a URL", ...slug }], {
        checks: [{ name: "ck_posts_slug", condition: "slug <> ''" }],
      }),
    ],
    views: [view("post_slugs", "SELECT id, slug FROM posts")],
  });

  test("18+: made anew beside it, computed by the rewrite (values, CHECK, NOT NULL, comment and the view reading it kept; no UPDATE for a trigger to see); the downgrade computes it again. Before 18: refused", async () => {
    const config = p.config;
    const virtual = posts({ generated: { sql: "lower(title)", stored: false } });
    if (!(await p.capabilities()).virtualGeneratedColumns) {
      const refused = await autogenerate({ config, schema: p.writeSchema(virtual), message: "posts", revId: "v1" }).then(() => "", (e: Error) => e.message);
      expect(refused).toContain("VIRTUAL generated columns from version 18 only");
      return;
    }
    await p.revise(virtual, "posts", "v1");
    await p.sql("INSERT INTO posts (id, title) VALUES (1, 'Hello'), (2, 'World')");
    // No UPDATE fills the new column: a trigger that refuses one does not stop it (nor would row security hide rows from it).
    await p.sql(
      "CREATE FUNCTION no_updates() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'no updates'; END$$",
      "CREATE TRIGGER posts_frozen BEFORE UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION no_updates()",
    );
    const before = await reflected(config);

    const path = p.writeSchema(posts({}));
    const written = await autogenerate({ config, schema: path, message: "plain", revId: "v2" });
    // The view goes around it in the revision itself (the old column is dropped), so the offline script is the online one.
    expect(kinds(written.diff.changes.map((c) => c.op))).toEqual(["dropView", "alterColumn", "createView"]);
    expect(written.diff.warnings.join("\n")).not.toContain("LOST");
    await upgrade({ config, revision: "head" });
    await p.expectNoDifference(path, "plain");
    expect(await p.query<{ id: number; slug: string }>("SELECT id, slug FROM post_slugs ORDER BY id")).toEqual([{ id: 1, slug: "hello" }, { id: 2, slug: "world" }]);
    await p.sql("INSERT INTO posts (id, title, slug) VALUES (3, 'Three', 'chosen')");
    const refused = await p.sql("INSERT INTO posts (id, title, slug) VALUES (4, 'Four', '')").then(() => "", (e: Error) => e.message);
    expect(refused).toContain("ck_posts_slug");
    const comment = await p.query<{ c: string }>("SELECT col_description('posts'::regclass, attnum) AS c FROM pg_attribute WHERE attrelid = 'posts'::regclass AND attname = 'slug'");
    expect(comment).toEqual([{ c: "the title in a URL" }]);

    await downgrade({ config, revision: "-1" });
    expect(await reflected(config)).toEqual(before);
    expect(await p.query<{ slug: string }>("SELECT slug FROM post_slugs ORDER BY id")).toEqual([{ slug: "hello" }, { slug: "world" }, { slug: "three" }]);
    await upgrade({ config, revision: "head" });
    await p.expectNoDifference(path, "plain again");
  }, 120_000);

  test("18+: a policy that reads it (DROP COLUMN is refused under one) is named by autogenerate and refuses the op before any SQL", async () => {
    const config = p.config;
    if (!(await p.capabilities()).virtualGeneratedColumns) return;
    await p.revise(posts({ generated: { sql: "lower(title)", stored: false } }), "virtual again", "v3");
    await p.sql("ALTER TABLE posts ENABLE ROW LEVEL SECURITY", "CREATE POLICY pol_slug ON posts USING (slug <> 'hidden')");
    const written = await autogenerate({ config, schema: p.writeSchema(posts({})), message: "plain again", revId: "v4" });
    expect(written.diff.warnings.join("\n")).toContain(`Column "posts.slug" is made anew (a VIRTUAL column made plain), which loses what the schema cannot declare: policy pol_slug`);
    const refused = await upgrade({ config, revision: "head" }).then(() => "", (e: Error) => e.message);
    expect(refused).toContain("policy pol_slug");
    expect(refused).not.toContain("depends on it");
    await p.sql("DROP POLICY pol_slug ON posts");
    await upgrade({ config, revision: "head" });
    expect(await p.query<{ slug: string }>("SELECT slug FROM posts ORDER BY id")).toEqual([{ slug: "hello" }, { slug: "world" }, { slug: "three" }]);
  }, 120_000);
});

describe("a generated column made plain, with what no model makes again: postgres", () => {
  const p = autogenerateProject("migrator-generated-plain-lost-", DATABASES["postgres"]!);

  test("the downgrade refuses to drop the column with an exclusion constraint, a deferrable key, statistics or column grants, naming them; without them it runs", async () => {
    const config = p.config;
    await p.revise(schema({ sql: "lower(title)" }), "posts", "l1");
    await p.sql("INSERT INTO posts (id, title) VALUES (1, 'Hello')");
    await p.revise(schema(undefined), "plain", "l2");
    const version = Number((await p.query<{ v: string }>("SELECT current_setting('server_version_num') AS v"))[0]!.v);
    const extras = [
      ["ALTER TABLE posts ADD CONSTRAINT ex_posts_slug EXCLUDE USING btree (slug WITH =)", "ALTER TABLE posts DROP CONSTRAINT ex_posts_slug"],
      ["ALTER TABLE posts ADD CONSTRAINT uq_posts_slug UNIQUE (slug) DEFERRABLE", "ALTER TABLE posts DROP CONSTRAINT uq_posts_slug"],
      ["CREATE STATISTICS st_posts ON slug, title FROM posts", "DROP STATISTICS st_posts"],
      // Statistics on an expression: PostgreSQL 14+.
      ...(version >= 140000 ? [["CREATE STATISTICS st_posts_lower ON (lower(slug)), title FROM posts", "DROP STATISTICS st_posts_lower"]] : []),
      // The owner's grant to itself changes nothing: not named.
      ["GRANT UPDATE (slug) ON posts TO CURRENT_USER", "REVOKE UPDATE (slug) ON posts FROM CURRENT_USER"],
      ["GRANT SELECT (slug) ON posts TO PUBLIC", "REVOKE SELECT (slug) ON posts FROM PUBLIC"],
    ];
    for (const [make] of extras) await p.sql(make!);
    const failed = await downgrade({ config, revision: "-1" }).then(() => undefined, (e: Error) => e.message);
    expect(failed).toContain(`Cannot make "posts.slug" a generated column on PostgreSQL`);
    expect(failed).not.toContain("UPDATE to");
    for (const what of ["exclusion constraint ex_posts_slug", "DEFERRABLE of unique constraint uq_posts_slug", "statistics st_posts", ...(version >= 140000 ? ["statistics st_posts_lower"] : []), "column privileges (SELECT to PUBLIC)"]) expect(failed).toContain(what);
    // Refused before any SQL: the column is still there, with its values, and the database at the head.
    expect((await p.query<{ slug: string }>("SELECT slug FROM posts")).map((r) => r.slug)).toEqual(["hello"]);
    for (const [, undo] of extras) await p.sql(undo!);
    await downgrade({ config, revision: "-1" });
    expect((await p.query<{ slug: string }>("SELECT slug FROM posts")).map((r) => r.slug)).toEqual(["hello"]);
  }, 60_000);
});

describe("a generated column given a new expression, with an exclusion constraint on it: postgres", () => {
  const p = autogenerateProject("migrator-generated-lost-", DATABASES["postgres"]!);

  test("dropped and added again (before PostgreSQL 17), the revision says the constraint is lost; set in place (17+), it stays", async () => {
    const config = p.config;
    await p.revise(schema({ sql: "lower(title)" }), "posts", "e1");
    await p.sql("ALTER TABLE posts ADD CONSTRAINT ex_posts_slug EXCLUDE USING btree (slug WITH =)");
    const written = await autogenerate({ config, schema: p.writeSchema(schema({ sql: "upper(title)" })), message: "upper", revId: "e2" });
    const inPlace = kinds(written.diff.changes.map((c) => c.op)).join() === "alterColumn";
    const warning = `Column "posts.slug" is dropped and added again, which loses what the schema cannot declare: exclusion constraint ex_posts_slug`;
    if (inPlace) expect(written.diff.warnings.join("\n")).not.toContain("exclusion constraint");
    else expect(written.diff.warnings.join("\n")).toContain(warning);
    await upgrade({ config, revision: "head" });
    const left = await p.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_constraint WHERE conname = 'ex_posts_slug'");
    expect(left[0]!.n).toBe(inPlace ? 1 : 0);
  }, 60_000);
});

describe("a VIRTUAL generated column made plain and the primary key: mysql", () => {
  const p = autogenerateProject("migrator-generated-plain-key-", DATABASES["mysql"]!);

  test("made plain as the table's one-column key: the key is added once (it was added twice when the column was dropped and added: 'Multiple primary key defined')", async () => {
    const columns = (slug: object) => [{ name: "id", type: "integer", nullable: false }, { name: "title", type: "varchar(100)", nullable: false }, { name: "slug", type: "varchar(100)", ...slug }];
    await p.revise({ tables: [table("posts", columns({ generated: { sql: "lower(title)", stored: false } }), { primaryKey: { columns: ["id"] } })] }, "one", "k1");
    const path = await p.revise({ tables: [table("posts", columns({ primaryKey: true }))] }, "key", "k2");
    await p.expectRoundTrip(path);
  }, 60_000);
});
