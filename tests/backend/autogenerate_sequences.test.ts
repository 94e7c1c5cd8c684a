/**
 * A declared sequence whose options change (PostgreSQL): autogenerate writes alterSequence, where it used to
 * report the difference for a hand-written ALTER, and each option counts (a bound changed alone used to be
 * no difference at all). Each step upgrades and leaves no difference online or offline; the downgrade puts
 * the options back. Narrowing the range below the value the sequence is at fails and rolls back, as the
 * revision's note says.
 */
import { describe, expect, test } from "bun:test";
import { autogenerate } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";
import { readFileSync } from "node:fs";

type Options = { as?: "smallint" | "integer" | "bigint"; start?: number | bigint; increment?: number; minValue?: number | bigint; maxValue?: number | bigint; cycle?: boolean };
const schema = (options: Options) => ({ tables: [], sequences: [{ name: "ticket_no", ...options }] });

interface SeqRow extends Record<string, unknown> {
  start: string;
  increment: string;
  min: string;
  max: string;
  cycle: boolean;
}
const SEQ = `SELECT seqstart::text AS start, seqincrement::text AS increment, seqmin::text AS min, seqmax::text AS max, seqcycle AS cycle
               FROM pg_sequence WHERE seqrelid = 'ticket_no'::regclass`;

describe("sequence options changed: postgres", () => {
  const p = autogenerateProject("migrator-sequences-postgres-", DATABASES["postgres"]!);

  test("each option: alterSequence, no difference online or offline, the downgrade puts the options back", async () => {
    const first = await p.revise(schema({ start: 100 }), "ticket_no", "s1");
    await p.expectNoDifference(first);
    const before = await p.query<SeqRow>(SEQ);

    // A bound alone was no difference before: now each option is one.
    const bounded = p.writeSchema(schema({ start: 100, maxValue: 100000, cycle: true }));
    expect(await p.changes(bounded)).toEqual([
      { kind: "alterSequence", name: "ticket_no", maxValue: 100000, cycle: true, existing: { start: 100 } },
    ]);
    await p.revise(bounded, "bounded", "s2");
    await p.expectNoDifference(bounded);
    expect(await p.query<SeqRow>(SEQ)).toEqual([{ start: "100", increment: "1", min: "1", max: "100000", cycle: true }]);

    // The other direction: the bounds and the start are named too (the server keeps them otherwise).
    const down = p.writeSchema(schema({ increment: -5 }));
    expect(await p.changes(down, true)).toEqual([
      { kind: "alterSequence", name: "ticket_no", increment: -5, minValue: null, maxValue: null, start: -1, cycle: false, restart: true, existing: { start: 100, maxValue: 100000, cycle: true } },
    ]);
    await p.revise(down, "descending", "s3");
    await p.expectNoDifference(down);
    expect(await p.query<SeqRow>(SEQ)).toEqual([{ start: "-1", increment: "-5", min: "-9223372036854775808", max: "-1", cycle: false }]);

    // Down twice: the options as the first revision made them.
    await downgrade({ config: p.config, revision: "s1" });
    expect(await p.query<SeqRow>(SEQ)).toEqual(before);
    await upgrade({ config: p.config, revision: "head" });
    await p.expectNoDifference(down);
  }, 120_000);

  test("a range narrowed below the value the sequence is at: the revision says so, and the server refuses it (rolled back)", async () => {
    await p.revise(schema({}), "plain", "n1");
    await p.sql("SELECT nextval('ticket_no')", "SELECT nextval('ticket_no')", "SELECT nextval('ticket_no')");
    const narrow = p.writeSchema(schema({ maxValue: 2 }));
    // Used: its value (3) stays, outside the new range.
    const written = await autogenerate({ config: p.config, schema: narrow, message: "narrow", revId: "n2" });
    const text = readFileSync(written.revision!.path, "utf8");
    expect(text).toContain('await op.alterSequence("ticket_no", { maxValue: 2 });');
    expect(text).toContain("lies outside its new range");
    await expect(upgrade({ config: p.config, revision: "head" })).rejects.toThrow(/cannot be greater than MAXVALUE \(2\)/);
    expect(await p.query<SeqRow>(SEQ)).toEqual([{ start: "1", increment: "1", min: "1", max: "9223372036854775807", cycle: false }]);
  }, 120_000);
});

describe("a sequence never used: postgres", () => {
  const p = autogenerateProject("migrator-sequences-unused-postgres-", DATABASES["postgres"]!);

  test("a new start or range restarts it there: its first value is the declared start (START WITH alone would give the old one; a range past it was refused)", async () => {
    await p.revise(schema({}), "plain", "u1");
    const moved = await p.revise(schema({ start: 500, minValue: 100 }), "moved", "u2");
    await p.expectNoDifference(moved);
    expect(await p.query<{ n: string }>("SELECT nextval('ticket_no')::text AS n")).toEqual([{ n: "500" }]);
    // Used now: a later change keeps its value.
    const wider = await p.revise(schema({ start: 500, minValue: 1 }), "wider", "u3");
    await p.expectNoDifference(wider);
    expect(await p.query<{ n: string }>("SELECT nextval('ticket_no')::text AS n")).toEqual([{ n: "501" }]);
    // Moved by setval(..., false) (its next value 1000, not handed out yet): not sent back to its start.
    await p.sql("SELECT setval('ticket_no', 1000, false)");
    await p.revise(schema({ start: 500, minValue: 1, maxValue: 100000 }), "bounded", "u4");
    expect(await p.query<{ n: string }>("SELECT nextval('ticket_no')::text AS n")).toEqual([{ n: "1000" }]);
  }, 60_000);

  test("a name holding the DO block's dollar quote: made and changed", async () => {
    const odd = (options: Options) => ({ tables: [], sequences: [{ name: "x$migrator$y", ...options }] });
    await p.revise(odd({}), "odd", "d1");
    const changed = await p.revise(odd({ start: 7 }), "odd start", "d2");
    await p.expectNoDifference(changed);
    expect(await p.query<{ n: string }>(`SELECT nextval('"x$migrator$y"')::text AS n`)).toEqual([{ n: "7" }]);
  }, 60_000);
});

describe("a sequence's type, and bounds beyond 2^53: postgres", () => {
  const p = autogenerateProject("migrator-sequences-integer-postgres-", DATABASES["postgres"]!);

  test("made AS integer by raw SQL: declared as: integer, with or without its type's bound, no difference; declared without, made bigint (bounds moved)", async () => {
    await p.revise(schema({}), "bigint", "i1");
    await p.sql("DROP SEQUENCE ticket_no", "CREATE SEQUENCE ticket_no AS integer");
    expect(await p.changes(p.writeSchema(schema({ as: "integer" })))).toEqual([]);
    // 2^31-1 is the type's own upper bound: no difference either way.
    expect(await p.changes(p.writeSchema(schema({ as: "integer", maxValue: 2147483647 })))).toEqual([]);
    const plain = p.writeSchema(schema({}));
    expect(await p.changes(plain)).toEqual([{ kind: "alterSequence", name: "ticket_no", as: "bigint", minValue: 1, maxValue: 9223372036854775807n, start: 1, existing: { as: "integer" } }]);
    await p.revise(plain, "bigint again", "i2");
    await p.expectNoDifference(plain);
    expect(await p.query<SeqRow>(SEQ)).toEqual([{ start: "1", increment: "1", min: "1", max: "9223372036854775807", cycle: false }]);
    await downgrade({ config: p.config, revision: "-1" });
    expect(await p.query<SeqRow>(SEQ)).toEqual([{ start: "1", increment: "1", min: "1", max: "2147483647", cycle: false }]);
    await upgrade({ config: p.config, revision: "head" });
  }, 60_000);

  test("a bound beyond 2^53 is written exactly (9223372036854775806n): upgrade, no difference online or offline, downgrade", async () => {
    const big = await p.revise(schema({ maxValue: 9223372036854775806n }), "big bound", "b1");
    await p.expectNoDifference(big);
    expect((await p.query<SeqRow>(SEQ))[0]!.max).toBe("9223372036854775806");
    // A descending one made by raw SQL whose least value is 2^63-2 below zero: no difference declared so.
    await p.sql("DROP SEQUENCE ticket_no", "CREATE SEQUENCE ticket_no INCREMENT BY -1 MINVALUE -9223372036854775807");
    expect(await p.changes(p.writeSchema(schema({ increment: -1, minValue: -9223372036854775807n })))).toEqual([]);
    await p.sql("DROP SEQUENCE ticket_no", "CREATE SEQUENCE ticket_no MAXVALUE 9223372036854775806");
    await downgrade({ config: p.config, revision: "-1" });
    expect((await p.query<SeqRow>(SEQ))[0]!.max).toBe("9223372036854775807");
  }, 60_000);
});
