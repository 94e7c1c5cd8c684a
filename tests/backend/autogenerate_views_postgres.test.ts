/**
 * PostgreSQL binds a view to the columns it reads ("cannot alter type of a column used by a view or rule"):
 * autogenerate drops the views in the way (and the views that read them) before a type change and makes
 * them again after, with their check option, comment and grants, on a real server. The revision upgrades
 * a table with rows and views on it, leaves no difference online or offline, and its downgrade does the same
 * around the reverse change. What cannot be carried (a column dropped for good, a materialized view) fails
 * `check` before any SQL.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { diffSchema } from "../../src/commands/autogenerate.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const id = { name: "id", type: "integer", primaryKey: true };
const schema = (email: string, score: string, mood: readonly string[] = ["happy", "sad"]) => ({
  enums: [{ name: "mood", values: mood }],
  tables: [table("users", [id, { name: "email", type: email, nullable: false }, { name: "score", type: score }, { name: "mood", type: "mood" }])],
});

describe("views around type changes: postgres", () => {
  const p = autogenerateProject("migrator-views-postgres-", DATABASES["postgres"]!);

  test("widened columns and a recreated enum under views of views: upgrade, views as they were, no difference, downgrade", async () => {
    await p.revise(schema("varchar(100)", "integer"), "users", "v1");
    const role = `migrator_views_ro_${Math.random().toString(36).slice(2, 8)}`;
    await p.sql(
      `CREATE ROLE ${role}`,
      "INSERT INTO users VALUES (1, 'a@x', 20, 'happy'), (2, 'b@x', 5, 'sad')",
      "CREATE VIEW v_users AS SELECT id, email, score, mood FROM users",
      "CREATE VIEW v_top WITH (security_barrier = true) AS SELECT email FROM v_users WHERE score > 10 WITH LOCAL CHECK OPTION",
      `GRANT SELECT ON v_users TO ${role}`,
      "COMMENT ON VIEW v_users IS 'every user'",
      "CREATE VIEW v_unrelated AS SELECT 1 AS one",
    );
    try {
      const views = async () =>
        await p.query<{ name: string; def: string; options: string | null; comment: string | null; acl: string | null }>(
          `SELECT c.relname AS name, pg_get_viewdef(c.oid, true) AS def, array_to_string(c.reloptions, ',') AS options,
                  obj_description(c.oid, 'pg_class') AS comment, array_to_string(c.relacl, ',') AS acl
             FROM pg_class c WHERE c.relkind = 'v' AND c.relnamespace = to_regnamespace(current_schema()) ORDER BY 1`,
        );
      const before = await views();
      const path = await p.revise(schema("varchar(200)", "bigint", ["sad", "happy"]), "widen", "v2");
      // The views are back, as they were (their definitions print the new types' columns the same way).
      expect(await views()).toEqual(before);
      expect((await p.query<{ n: number }>("SELECT count(*)::int AS n FROM v_top"))[0]!.n).toBe(1);
      expect((await p.query<{ t: string }>("SELECT data_type AS t FROM information_schema.columns WHERE table_name = 'v_users' AND column_name = 'score'"))[0]!.t).toBe("bigint");
      await p.expectRoundTrip(path);
      expect(await views()).toEqual(before);
    } finally {
      await p.sql("DROP VIEW IF EXISTS v_top", "DROP VIEW IF EXISTS v_users", "DROP VIEW IF EXISTS v_unrelated", `DROP ROLE IF EXISTS ${role}`);
    }
  });

  test("a column a view reads dropped for good, a materialized view, a trigger and a policy in the way: check fails naming them and the SQL to use", async () => {
    await p.sql(
      "CREATE VIEW v_mail AS SELECT email FROM users",
      "CREATE MATERIALIZED VIEW m_score AS SELECT score FROM users",
      "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
      "CREATE TRIGGER t_score BEFORE UPDATE OF score ON users FOR EACH ROW EXECUTE FUNCTION touch()",
      "CREATE POLICY p_positive ON users USING (score > 0)",
    );
    try {
      const dropped = await diffSchema({ config: p.config, schema: p.writeSchema({ enums: [{ name: "mood", values: ["sad", "happy"] }], tables: [table("users", [id, { name: "score", type: "numeric(20)" }, { name: "mood", type: "mood" }])] }) });
      expect(dropped.unresolved).toEqual([
        `Trigger t_score on users reads users.score: PostgreSQL refuses to change its type while the trigger exists; put op.execute("DROP TRIGGER t_score ON users") before the change and op.execute("CREATE TRIGGER t_score BEFORE UPDATE OF score ON users FOR EACH ROW EXECUTE FUNCTION touch()") after it (and the same around the downgrade's)`,
        `Policy p_positive on users reads users.score: PostgreSQL refuses to change its type while the policy exists; put op.execute("DROP POLICY p_positive ON users") before the change and op.execute("CREATE POLICY p_positive ON users AS PERMISSIVE FOR ALL TO PUBLIC USING ((score > 0))") after it (and the same around the downgrade's)`,
        `View "v_mail" reads users.email, which this revision drops: PostgreSQL refuses while the view exists; redefine or drop the view first (op.dropView / op.createView in a revision before this one), or keep users.email in the schema`,
        `Materialized view "m_score" reads a column this revision changes the type of: PostgreSQL refuses while it exists, and dropping it would lose its rows and indexes; drop it before and re-create it after by hand (op.execute)`,
      ]);
    } finally {
      await p.sql("DROP VIEW v_mail", "DROP MATERIALIZED VIEW m_score", "DROP TRIGGER t_score ON users", "DROP FUNCTION touch()", "DROP POLICY p_positive ON users");
    }
  });
});
