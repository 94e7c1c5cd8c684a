/**
 * Materialized views in the declared schema (materializedView(), PostgreSQL): made filled (or empty with
 * withData: false), made again when their query changes or when a view they read is, with the indexes the
 * database has on them (a unique index made in a revision, which REFRESH ... CONCURRENTLY needs), dropped
 * when no longer declared; no difference online or offline at each step, and the downgrade makes them as
 * they were. A plain view that becomes materialized is dropped as a view and made as a materialized one.
 * MariaDB and SQLite refuse one in the schema with one line, before any comparison.
 */
import { describe, expect, test } from "bun:test";
import { appendFileSync } from "node:fs";
import { materializedView, table, view } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import { diffText } from "../../src/cli/diff_output.ts";
import type { Op } from "../../src/operations/ops.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const payments = table("payments", [
  { name: "id", type: "integer", primaryKey: true },
  { name: "day", type: "date", nullable: false },
  { name: "amount", type: "integer", nullable: false },
]);
const totals = (query: string) => materializedView("daily_totals", query);
const BY_DAY = "SELECT day, sum(amount) AS total FROM payments GROUP BY day";
const shown = (ops: readonly Op[]) => ops.map((op) => `${op.kind}${"materialized" in op && op.materialized ? " materialized" : ""} ${"name" in op ? op.name : "table" in op ? op.table.name : ""}`);

describe("declared materialized views: postgres", () => {
  const p = autogenerateProject("migrator-matviews-", DATABASES["postgres"]!);
  /** The materialized views as the catalog has them: name, whether filled, and their indexes. */
  const catalog = () =>
    p.query<{ name: string; populated: boolean; indexes: string | null }>(
      `SELECT c.relname AS name, c.relispopulated AS populated,
              (SELECT string_agg(ic.relname, ',' ORDER BY ic.relname) FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = c.oid) AS indexes
         FROM pg_class c WHERE c.relkind = 'm' ORDER BY 1`,
    );

  test("made filled, kept with its index when made again, a reader made again with it, dropped; no difference online or offline; downgrades", async () => {
    const config = p.config;
    const v1 = p.writeSchema({ tables: [payments], views: [totals(BY_DAY)] });
    const first = await autogenerate({ config, schema: v1, message: "totals", revId: "m1" });
    expect(shown(first.diff.changes.map((c) => c.op))).toEqual(["createTable payments", "createView materialized daily_totals"]);
    await upgrade({ config, revision: "head" });
    await p.expectNoDifference(v1, "made");
    expect(await catalog()).toEqual([{ name: "daily_totals", populated: true, indexes: null }]);
    // Compared, so no longer listed as left alone; a schema without views lists it, and says how to declare it.
    expect((await diffSchema({ config, schema: v1 })).unmanaged).toEqual([]);
    const bare = await diffSchema({ config, schema: p.writeSchema({ tables: [payments] }) });
    expect(bare.unmanaged).toEqual(["materialized view daily_totals"]);
    expect(diffText(bare)).toContain("declare them in the schema's views: [materializedView(name, query)]");

    // A unique index made by hand (REFRESH ... CONCURRENTLY needs one), rows, and a view that reads it.
    await p.sql(
      "CREATE UNIQUE INDEX ux_daily_totals_day ON daily_totals (day)",
      "INSERT INTO payments VALUES (1, '2026-01-01', 5), (2, '2026-01-01', 7), (3, '2026-01-02', 1)",
      "REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals",
    );
    const v2 = p.writeSchema({ tables: [payments], views: [totals(BY_DAY), view("big_days", "SELECT day FROM daily_totals WHERE total > 10")] });
    await autogenerate({ config, schema: v2, message: "reader", revId: "m2" });
    await upgrade({ config, revision: "head" });
    await p.expectNoDifference(v2, "reader");
    expect(await p.query<{ day: string }>("SELECT to_char(day, 'YYYY-MM-DD') AS day FROM big_days")).toEqual([{ day: "2026-01-01" }]);

    // The query changes: the reader goes first and comes back after; the index comes back with the view.
    const v3 = p.writeSchema({ tables: [payments], views: [totals("SELECT day, sum(amount) AS total, count(*) AS n FROM payments GROUP BY day"), view("big_days", "SELECT day FROM daily_totals WHERE total > 10")] });
    const third = await autogenerate({ config, schema: v3, message: "count", revId: "m3" });
    expect(shown(third.diff.changes.map((c) => c.op))).toEqual(["dropView big_days", "dropView materialized daily_totals", "createView materialized daily_totals", "createView big_days"]);
    // The index as the server prints it, unqualified as the view is (so that it follows the run's schema, as the view does).
    const index = "CREATE UNIQUE INDEX ux_daily_totals_day ON daily_totals USING btree (day)";
    expect(third.diff.changes.find((c) => c.op.kind === "createView" && c.op.name === "daily_totals")?.op).toMatchObject({ indexes: [index] });
    await upgrade({ config, revision: "head" });
    await p.expectNoDifference(v3, "count");
    expect(await catalog()).toEqual([{ name: "daily_totals", populated: true, indexes: "ux_daily_totals_day" }]);
    expect(await p.query<{ n: number }>("SELECT n::int AS n FROM daily_totals ORDER BY day")).toEqual([{ n: 2 }, { n: 1 }]);
    // The refresh the index is for still works.
    await p.sql("REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals");
    // Offline, the history knows the index from the revision's createView, and a view made again keeps it too.
    const v3b = p.writeSchema({ tables: [payments], views: [totals("SELECT day, sum(amount) AS total, count(*) AS n, max(amount) AS top FROM payments GROUP BY day"), view("big_days", "SELECT day FROM daily_totals WHERE total > 10")] });
    const offline = await diffSchema({ config, schema: v3b, offline: true });
    expect(offline.changes.find((c) => c.op.kind === "createView" && c.op.name === "daily_totals")?.op).toMatchObject({ materialized: true, indexes: [index] });

    // Dropped when no longer declared (destructive), with its reader.
    const v4 = p.writeSchema({ tables: [payments], views: [] });
    const fourth = await autogenerate({ config, schema: v4, message: "gone", revId: "m4" });
    expect(fourth.diff.changes.map((c) => c.safety)).toEqual(["destructive", "destructive"]);
    await upgrade({ config, revision: "head" });
    await p.expectNoDifference(v4, "gone");
    expect(await catalog()).toEqual([]);

    // The downgrades make each as it was: the index too.
    await downgrade({ config, revision: "m3" });
    expect(await catalog()).toEqual([{ name: "daily_totals", populated: true, indexes: "ux_daily_totals_day" }]);
    await downgrade({ config, revision: "m2" });
    expect(await catalog()).toEqual([{ name: "daily_totals", populated: true, indexes: "ux_daily_totals_day" }]);
    expect(await p.query<{ n: number }>("SELECT count(*)::int AS n FROM big_days")).toEqual([{ n: 1 }]);
    await upgrade({ config, revision: "head" });
    await p.expectNoDifference(v4, "again");
  }, 120_000);

  test("withData: false makes it empty; a plain view made materialized is dropped as a view and made as a materialized one; --sql prints the same", async () => {
    const config = p.config;
    const v1 = p.writeSchema({ tables: [payments], views: [view("recent", "SELECT id, day FROM payments WHERE day > '2026-01-01'")] });
    await autogenerate({ config, schema: v1, message: "recent", revId: "w1" });
    await upgrade({ config, revision: "head" });
    const v2 = p.writeSchema({ tables: [payments], views: [materializedView("recent", "SELECT id, day FROM payments WHERE day > '2026-01-01'", { withData: false })] });
    const second = await autogenerate({ config, schema: v2, message: "materialized", revId: "w2" });
    expect(shown(second.diff.changes.map((c) => c.op))).toEqual(["dropView recent", "createView materialized recent"]);
    const sql = await second.diff.sql();
    expect(sql).toContain("DROP VIEW");
    expect(sql).toContain("CREATE MATERIALIZED VIEW");
    expect(sql).toContain("WITH NO DATA");
    await upgrade({ config, revision: "head" });
    await p.expectNoDifference(v2, "materialized");
    expect(await catalog()).toEqual([{ name: "recent", populated: false, indexes: null }]);
    // Filled or not is not compared: a refresh is the application's, not a difference.
    await p.sql("REFRESH MATERIALIZED VIEW recent");
    await p.expectNoDifference(v2, "refreshed");
    await downgrade({ config, revision: "w1" });
    expect(await catalog()).toEqual([]);
    // A plain view again, reading the rows the first test put in (one after 2026-01-01).
    expect(await p.query("SELECT count(*)::int AS n FROM recent")).toEqual([{ n: 1 }]);
    await upgrade({ config, revision: "head" });
  }, 120_000);

  test("one the schema module leaves out, reading a declared view made again, is made again as it was, with its index (PostgreSQL refused the drop of the view under it)", async () => {
    const config = p.config;
    const schema = (min: number) => {
      const path = p.writeSchema({ tables: [payments], views: [view("large", `SELECT id, day, amount FROM payments WHERE amount >= ${min}`)] });
      appendFileSync(path, `export const includeObject = (o: { type: string; name: string }) => !o.name.startsWith("report_");\n`);
      return path;
    };
    await p.revise(schema(5), "large", "h1");
    await p.sql("CREATE MATERIALIZED VIEW report_large AS SELECT day, count(*) AS n FROM large GROUP BY day", "CREATE UNIQUE INDEX ux_report_large ON report_large (day)");
    const changed = schema(6);
    const written = await autogenerate({ config, schema: changed, message: "changed", revId: "h2" });
    expect(shown(written.diff.changes.map((c) => c.op))).toEqual(["dropView materialized report_large", "dropView large", "createView large", "createView materialized report_large"]);
    await upgrade({ config, revision: "head" });
    await p.expectNoDifference(changed, "changed");
    expect(await catalog()).toContainEqual({ name: "report_large", populated: true, indexes: "ux_report_large" });
    // Computed again from the new query: only the payment of 7 is 6 or more.
    expect(await p.query<{ n: number }>("SELECT sum(n)::int AS n FROM report_large")).toEqual([{ n: 1 }]);
  }, 120_000);

  test("a column retyped under a declared one: the revision drops it first and makes it again after (with its index), so its offline script has them too", async () => {
    const config = p.config;
    const scores = (type: string) => table("scores", [{ name: "id", type: "integer", primaryKey: true }, { name: "points", type, nullable: false }]);
    const top = materializedView("top_scores", "SELECT id, points FROM scores WHERE points > 10");
    await p.revise({ tables: [scores("integer")], views: [top] }, "scores", "r1");
    await p.sql("INSERT INTO scores VALUES (1, 20), (2, 5)", "REFRESH MATERIALIZED VIEW top_scores", "CREATE INDEX ix_top_scores_points ON top_scores (points)");
    const wider = p.writeSchema({ tables: [scores("bigint")], views: [top] });
    const diff = await diffSchema({ config, schema: wider });
    expect(diff.unresolved).toEqual([]);
    expect(shown(diff.changes.map((c) => c.op))).toEqual(["dropView materialized top_scores", "alterColumn scores", "createView materialized top_scores"]);
    // In the revision itself, not only around the op as it runs online: the offline script has them, in order.
    const sql = await diff.sql();
    const at = (text: string) => sql.indexOf(text);
    expect(at("DROP MATERIALIZED VIEW")).toBeGreaterThanOrEqual(0);
    expect(at("DROP MATERIALIZED VIEW") < at("ALTER TABLE") && at("ALTER TABLE") < at("CREATE MATERIALIZED VIEW")).toBe(true);
    expect(at("CREATE INDEX ix_top_scores_points")).toBeGreaterThan(at("CREATE MATERIALIZED VIEW"));
    await autogenerate({ config, schema: wider, message: "wider", revId: "r2" });
    await upgrade({ config, revision: "head" });
    await p.expectNoDifference(wider, "wider");
    expect(await catalog()).toContainEqual({ name: "top_scores", populated: true, indexes: "ix_top_scores_points" });
    expect(await p.query<{ id: number }>("SELECT id FROM top_scores")).toEqual([{ id: 1 }]);
  }, 120_000);
});

for (const name of ["mysql", "sqlite"] as const) {
  describe(`declared materialized views: ${name}`, () => {
    const p = autogenerateProject(`migrator-matviews-${name}-`, DATABASES[name]!);
    test("refused in the declared schema with one line that says what to do, online and offline", async () => {
      const schema = p.writeSchema({ tables: [payments], views: [totals(BY_DAY)] });
      for (const offline of [false, true]) {
        const error = await diffSchema({ config: p.config, schema, offline }).catch((e: unknown) => e);
        expect(String((error as Error).message)).toBe(
          `Materialized view "daily_totals" in the declared schema: ${name} has no materialized views (PostgreSQL has); declare it with view() instead, or keep a table that the application fills`,
        );
      }
    });
  });
}
