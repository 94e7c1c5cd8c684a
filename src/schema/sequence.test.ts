import { describe, expect, test } from "bun:test";
import { alteredSequence, narrows, sameSequence, sequenceChanges, sequenceModel, sequenceValues } from "./sequence.ts";

describe("sequence options", () => {
  test("the values the server fills in: bounds and start follow the direction; the model keeps only what differs from them", () => {
    expect(sequenceValues({})).toEqual({ type: "bigint", increment: 1n, min: 1n, max: 2n ** 63n - 1n, start: 1n, cycle: false });
    expect(sequenceValues({ increment: -3 })).toEqual({ type: "bigint", increment: -3n, min: -(2n ** 63n), max: -1n, start: -1n, cycle: false });
    expect(sequenceValues({ as: "integer", increment: -3 })).toEqual({ type: "integer", increment: -3n, min: -(2n ** 31n), max: -1n, start: -1n, cycle: false });
    expect(sequenceValues({ minValue: 10 }).start).toBe(10n);
    expect(sequenceModel({ name: "n", schema: "s" }, sequenceValues({ start: 1, minValue: 1, increment: 1, cycle: false }))).toEqual({ name: "n", schema: "s" });
    expect(sameSequence({ start: 1 }, {})).toBe(true);
    // A bound alone is a difference (the comparison used to look at start, increment and cycle only).
    expect(sameSequence({ maxValue: 1000 }, {})).toBe(false);
  });

  test("changes name what differs; turning `from` by them gives `to`, whatever the two are", () => {
    const shapes = [
      {}, { start: 100 }, { maxValue: 1000, cycle: true }, { increment: -5 }, { increment: -1, minValue: -50, maxValue: -10 }, { increment: 2, minValue: 5, start: 7 },
      { as: "integer" as const }, { as: "smallint" as const, increment: -1 }, { as: "integer" as const, maxValue: 2147483647 }, { maxValue: 9223372036854775806n },
    ];
    for (const from of shapes) {
      for (const to of shapes) {
        const changes = sequenceChanges(from, to);
        expect({ from, to, same: changes === undefined }).toEqual({ from, to, same: sameSequence(from, to) });
        if (changes) expect({ from, to, ok: sameSequence(alteredSequence({ name: "n", ...from }, changes), to) }).toEqual({ from, to, ok: true });
      }
    }
    // The server keeps an option the ALTER does not name: a new direction names the bounds and the start, and restarts.
    expect(sequenceChanges({}, { increment: -1 })).toEqual({ increment: -1, minValue: null, maxValue: null, start: -1, restart: true });
  });

  test("values beyond 2^53 stay exact (bigint); a type's own limits are its defaults", () => {
    // 2^63-2 as a number would be 2^63, which no sequence holds.
    expect(sequenceModel({ name: "n" }, sequenceValues({ maxValue: 9223372036854775806n }))).toEqual({ name: "n", maxValue: 9223372036854775806n });
    expect(alteredSequence({ name: "n" }, { increment: -1 })).toEqual({ name: "n", increment: -1, minValue: 1, maxValue: 9223372036854775807n, start: 1 });
    expect(sameSequence({ as: "integer" }, { as: "integer", maxValue: 2147483647 })).toBe(true);
    expect(sameSequence({ as: "integer" }, {})).toBe(false);
    // A new type moves a bound at the old type's limit to the new one's, even the upper bound of a descending sequence.
    expect(alteredSequence({ name: "n", as: "integer", increment: -1, maxValue: 2147483647 }, { as: "bigint" })).toEqual({ name: "n", increment: -1, maxValue: 9223372036854775807n, start: 2147483647 });
    // With a new type, NO MAXVALUE would follow that rule, not the direction: bounds as values.
    expect(sequenceChanges({ as: "integer" }, {})).toEqual({ as: "bigint", minValue: 1, maxValue: 9223372036854775807n, start: 1 });
    expect(alteredSequence({ name: "n" }, { as: "integer", increment: -5, maxValue: null })).toEqual({ name: "n", as: "integer", increment: -5, minValue: 1, maxValue: 2147483647, start: 1 });
    // AS naming the type it has already: the same rule (checked against the server).
    expect(alteredSequence({ name: "n", as: "integer", minValue: -2147483648 }, { as: "integer", minValue: null })).toEqual({ name: "n", as: "integer", minValue: -2147483648 });
  });

  test("a narrower range is one the value the sequence is at may lie outside", () => {
    expect(narrows({}, { maxValue: 10 })).toBe(true);
    expect(narrows({ maxValue: 10 }, {})).toBe(false);
    expect(narrows({}, { increment: 5, cycle: true })).toBe(false);
  });
});
