/**
 * The one owner of what a sequence's options mean once the server has filled in the ones left out
 * (PostgreSQL's rules, which the SQL standard shares): the values compared, the normal form a model holds
 * (only the options that differ from those defaults), and what ALTER SEQUENCE leaves of a sequence.
 */
import type { AlterSequenceOp } from "../operations/ops.ts";
import type { SequenceModel } from "./model.ts";

/** Every option of a sequence, as the server holds it (a bigint sequence, CREATE SEQUENCE's type). */
export interface SequenceValues {
  readonly increment: bigint;
  readonly min: bigint;
  readonly max: bigint;
  readonly start: bigint;
  readonly cycle: boolean;
}

const BIGINT_MIN = -(2n ** 63n);
const BIGINT_MAX = 2n ** 63n - 1n;

/** The bound a sequence gets without MINVALUE / MAXVALUE: it depends on the direction. */
function defaultMin(increment: bigint): bigint {
  return increment > 0n ? 1n : BIGINT_MIN;
}

function defaultMax(increment: bigint): bigint {
  return increment > 0n ? BIGINT_MAX : -1n;
}

/** The values of a sequence as a model or a createSequence op states it: what the server makes of it. */
export function sequenceValues(s: Omit<SequenceModel, "name">): SequenceValues {
  const increment = BigInt(s.increment ?? 1);
  const min = s.minValue === undefined ? defaultMin(increment) : BigInt(s.minValue);
  const max = s.maxValue === undefined ? defaultMax(increment) : BigInt(s.maxValue);
  const start = s.start === undefined ? (increment > 0n ? min : max) : BigInt(s.start);
  return { increment, min, max, start, cycle: s.cycle === true };
}

/** The range of a sequence's type (CREATE SEQUENCE ... AS): bigint unless the server says otherwise. */
export interface SequenceRange {
  readonly min: bigint;
  readonly max: bigint;
}

/** The ranges of the types a sequence can be: the bounds left out are the type's. */
export const SEQUENCE_RANGES: Readonly<Record<string, SequenceRange>> = {
  smallint: { min: -(2n ** 15n), max: 2n ** 15n - 1n },
  integer: { min: -(2n ** 31n), max: 2n ** 31n - 1n },
  bigint: { min: BIGINT_MIN, max: BIGINT_MAX },
};

/**
 * A sequence's model from its values: only the options that differ from what their absence gives. `range`:
 * its type's (reflection: a sequence made AS integer by raw SQL has 2^31-1 for its default upper bound,
 * which is no difference from a declaration without one; NO MAXVALUE gives it back).
 */
export function sequenceModel(ref: { readonly name: string; readonly schema?: string }, v: SequenceValues, range: SequenceRange = SEQUENCE_RANGES["bigint"]!): SequenceModel {
  const seq: { -readonly [K in keyof SequenceModel]: SequenceModel[K] } = ref.schema === undefined ? { name: ref.name } : { name: ref.name, schema: ref.schema };
  if (v.start !== (v.increment > 0n ? v.min : v.max)) seq.start = Number(v.start);
  if (v.increment !== 1n) seq.increment = Number(v.increment);
  if (v.min !== (v.increment > 0n ? 1n : range.min)) seq.minValue = Number(v.min);
  if (v.max !== (v.increment > 0n ? range.max : -1n)) seq.maxValue = Number(v.max);
  if (v.cycle) seq.cycle = true;
  return seq;
}

export function sameSequence(a: Omit<SequenceModel, "name">, b: Omit<SequenceModel, "name">): boolean {
  const x = sequenceValues(a);
  const y = sequenceValues(b);
  return x.increment === y.increment && x.min === y.min && x.max === y.max && x.start === y.start && x.cycle === y.cycle;
}

/** The options of an alterSequence op: set to a value, or (null) to the default of the new direction. */
export type SequenceChanges = Pick<AlterSequenceOp, "increment" | "minValue" | "maxValue" | "start" | "cycle" | "restart">;

/**
 * What ALTER SEQUENCE leaves: an option it names takes its new value (NO MINVALUE / NO MAXVALUE: the default
 * of the new direction); one it does not name keeps its value, even when the direction changes (the
 * server does not recompute it).
 */
export function alteredValues(was: SequenceValues, changes: SequenceChanges): SequenceValues {
  const increment = changes.increment === undefined ? was.increment : BigInt(changes.increment);
  const min = changes.minValue === undefined ? was.min : changes.minValue === null ? defaultMin(increment) : BigInt(changes.minValue);
  const max = changes.maxValue === undefined ? was.max : changes.maxValue === null ? defaultMax(increment) : BigInt(changes.maxValue);
  const start = changes.start === undefined ? was.start : BigInt(changes.start);
  return { increment, min, max, start, cycle: changes.cycle ?? was.cycle };
}

/** The sequence a model holds after an alterSequence op. */
export function alteredSequence(was: SequenceModel, changes: SequenceChanges): SequenceModel {
  return sequenceModel(was, alteredValues(sequenceValues(was), changes));
}

/**
 * The options an ALTER SEQUENCE must name to turn `from` into `to`: those whose values differ, a bound
 * at its default as null (NO MINVALUE: the only way to write -2^63 or 2^63-1 as a JavaScript number). Where
 * the direction changes, the bounds and the start are named whatever they are, since the server keeps
 * them, and the sequence restarts: the value it is at (its start, if never used) lies on the old side,
 * which the server refuses. Undefined when they are the same.
 */
export function sequenceChanges(from: Omit<SequenceModel, "name">, to: Omit<SequenceModel, "name">): SequenceChanges | undefined {
  const a = sequenceValues(from);
  const b = sequenceValues(to);
  const flips = a.increment > 0n !== b.increment > 0n;
  const changes: { -readonly [K in keyof SequenceChanges]: SequenceChanges[K] } = {};
  if (a.increment !== b.increment) changes.increment = Number(b.increment);
  if (flips || a.min !== b.min) changes.minValue = b.min === defaultMin(b.increment) ? null : Number(b.min);
  if (flips || a.max !== b.max) changes.maxValue = b.max === defaultMax(b.increment) ? null : Number(b.max);
  if (flips || a.start !== b.start) changes.start = Number(b.start);
  if (a.cycle !== b.cycle) changes.cycle = b.cycle;
  if (flips) changes.restart = true;
  return Object.keys(changes).length === 0 ? undefined : changes;
}

/**
 * Whether the new range is narrower: PostgreSQL then refuses the change if the value the sequence is at
 * lies outside it.
 */
export function narrows(from: Omit<SequenceModel, "name">, to: Omit<SequenceModel, "name">): boolean {
  const a = sequenceValues(from);
  const b = sequenceValues(to);
  return b.min > a.min || b.max < a.max;
}
