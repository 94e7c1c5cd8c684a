/**
 * Sequences (PostgreSQL), in a random stream of their own (generator.ts), so that the walks of seeds chosen
 * before them keep their tables and views: one added (in the default schema or another), its options
 * changed to new random ones (type, either direction, bounds, start, cycle: every kind of alterSequence, a
 * change of direction or type included), or dropped. Named from a counter of their own ("sq1", ...). No table reads them.
 */
import type { Edit, EditContext } from "./edits.ts";
import { FUZZ_SCHEMAS, type FuzzSequence, useSchema } from "./state.ts";

/** Options a server takes: a start within the bounds, a lower bound under the upper one. */
function randomOptions(ctx: EditContext): Omit<FuzzSequence, "name" | "schema"> {
  const { rng } = ctx;
  const descending = rng.chance(0.25);
  const increment = rng.pick(descending ? [-1, -2, -5] : [1, 2, 5, 10])!;
  const o: { -readonly [K in keyof Omit<FuzzSequence, "name" | "schema">]?: FuzzSequence[K] } = {};
  // A smaller type now and then (its bounds within it), or bigint said outright.
  const type = rng.pick([undefined, undefined, "integer", "smallint", "bigint"] as const);
  if (type) o.as = type;
  const far = type === "smallint" ? 1000 : rng.pick([1000, 100000])!;
  if (increment !== 1 || rng.chance(0.2)) o.increment = increment;
  if (descending) {
    if (rng.chance(0.4)) o.minValue = -far;
    if (rng.chance(0.4)) o.maxValue = -rng.pick([1, 10])!;
    if (rng.chance(0.5)) o.start = (o.maxValue ?? -1) - rng.int(0, 50);
  } else {
    if (rng.chance(0.4)) o.minValue = rng.pick([1, 10, 100])!;
    if (rng.chance(0.4)) o.maxValue = (o.minValue ?? 1) + far;
    if (rng.chance(0.5)) o.start = (o.minValue ?? 1) + rng.int(0, 50);
  }
  if (rng.chance(0.3)) o.cycle = rng.chance(0.7);
  return o;
}

const shown = (q: FuzzSequence) => `${q.schema ? `${q.schema}.` : ""}${q.name} ${JSON.stringify({ ...q, name: undefined, schema: undefined })}`;

export const SEQUENCE_EDITS: readonly Edit[] = [
  {
    name: "add sequence",
    weight: 2,
    apply: (ctx) => {
      const { s, rng } = ctx;
      const schema = rng.chance(0.3) ? useSchema(s, rng.pick(FUZZ_SCHEMAS)!) : undefined;
      const q: FuzzSequence = { name: `sq${++s.sequenceCounter}`, ...(schema ? { schema } : {}), ...randomOptions(ctx) };
      s.sequences.push(q);
      return `add sequence ${shown(q)}`;
    },
  },
  {
    name: "change sequence options",
    weight: 3,
    apply: (ctx) => {
      const { s, rng } = ctx;
      const q = rng.pick(s.sequences);
      if (!q) return undefined;
      const changed: FuzzSequence = { name: q.name, ...(q.schema ? { schema: q.schema } : {}), ...randomOptions(ctx) };
      s.sequences[s.sequences.indexOf(q)] = changed;
      return `sequence ${shown(changed)}`;
    },
  },
  {
    name: "drop sequence",
    weight: 1,
    apply: (ctx) => {
      const { s, rng } = ctx;
      const q = rng.pick(s.sequences);
      if (!q) return undefined;
      s.sequences.splice(s.sequences.indexOf(q), 1);
      return `drop sequence ${q.schema ? `${q.schema}.` : ""}${q.name}`;
    },
  },
];
