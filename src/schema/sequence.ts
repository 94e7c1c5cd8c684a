/**
 * The one owner of what a sequence's options mean once the server has filled in the ones left out
 * (PostgreSQL's rules, which the SQL standard shares): the values compared, the normal form a model holds
 * (only the options that differ from those defaults), and what ALTER SEQUENCE leaves of a sequence. Values
 * are exact: a model holds a number where it is a safe integer, a bigint beyond (2^63-2 as a number is
 * 2^63, which no sequence can hold).
 */
import { SEQUENCE_TYPE_RANGES, type AlterSequenceOp, type SequenceNumber, type SequenceType } from "../operations/ops.ts";
import type { SequenceModel } from "./model.ts";

/** Every option of a sequence, as the server holds it. */
export interface SequenceValues {
  readonly type: SequenceType;
  readonly increment: bigint;
  readonly min: bigint;
  readonly max: bigint;
  readonly start: bigint;
  readonly cycle: boolean;
}

/** The bound a sequence gets without MINVALUE / MAXVALUE: it depends on the direction and the type. */
function defaultMin(increment: bigint, type: SequenceType): bigint {
  return increment > 0n ? 1n : SEQUENCE_TYPE_RANGES[type].min;
}

function defaultMax(increment: bigint, type: SequenceType): bigint {
  return increment > 0n ? SEQUENCE_TYPE_RANGES[type].max : -1n;
}

/** The value as a model holds it: a number where that is exact. */
function exact(value: bigint): SequenceNumber {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/** The values of a sequence as a model or a createSequence op states it: what the server makes of it. */
export function sequenceValues(s: Omit<SequenceModel, "name">): SequenceValues {
  const type = s.as ?? "bigint";
  const increment = BigInt(s.increment ?? 1);
  const min = s.minValue === undefined ? defaultMin(increment, type) : BigInt(s.minValue);
  const max = s.maxValue === undefined ? defaultMax(increment, type) : BigInt(s.maxValue);
  const start = s.start === undefined ? (increment > 0n ? min : max) : BigInt(s.start);
  return { type, increment, min, max, start, cycle: s.cycle === true };
}

/** A sequence's model from its values: only the options that differ from what their absence gives. */
export function sequenceModel(ref: { readonly name: string; readonly schema?: string }, v: SequenceValues): SequenceModel {
  const seq: { -readonly [K in keyof SequenceModel]: SequenceModel[K] } = ref.schema === undefined ? { name: ref.name } : { name: ref.name, schema: ref.schema };
  if (v.type !== "bigint") seq.as = v.type;
  if (v.start !== (v.increment > 0n ? v.min : v.max)) seq.start = exact(v.start);
  if (v.increment !== 1n) seq.increment = exact(v.increment);
  if (v.min !== defaultMin(v.increment, v.type)) seq.minValue = exact(v.min);
  if (v.max !== defaultMax(v.increment, v.type)) seq.maxValue = exact(v.max);
  if (v.cycle) seq.cycle = true;
  return seq;
}

export function sameSequence(a: Omit<SequenceModel, "name">, b: Omit<SequenceModel, "name">): boolean {
  const x = sequenceValues(a);
  const y = sequenceValues(b);
  return x.type === y.type && x.increment === y.increment && x.min === y.min && x.max === y.max && x.start === y.start && x.cycle === y.cycle;
}

/** The options of an alterSequence op: set to a value, or (null) to the default of the new direction and type. */
export type SequenceChanges = Pick<AlterSequenceOp, "as" | "increment" | "minValue" | "maxValue" | "start" | "cycle" | "restart">;

/**
 * What ALTER SEQUENCE leaves: an option it names takes its new value (NO MINVALUE / NO MAXVALUE: the default
 * of the new direction and type). One it does not name keeps its value, even when the direction changes
 * (the server does not recompute it). But AS (a new type, or the same one named again) moves a bound that
 * was the old type's limit to the (new) type's limit (PostgreSQL's rule), left out or NO MINVALUE / NO
 * MAXVALUE, whatever the direction: the upper one to the greatest value even in a descending sequence.
 */
export function alteredValues(was: SequenceValues, changes: SequenceChanges): SequenceValues {
  const type = changes.as ?? was.type;
  const range = SEQUENCE_TYPE_RANGES[type];
  const resetMin = changes.as !== undefined && was.min === SEQUENCE_TYPE_RANGES[was.type].min;
  const resetMax = changes.as !== undefined && was.max === SEQUENCE_TYPE_RANGES[was.type].max;
  const increment = changes.increment === undefined ? was.increment : BigInt(changes.increment);
  let min = was.min;
  if (typeof changes.minValue === "number" || typeof changes.minValue === "bigint") min = BigInt(changes.minValue);
  else if (resetMin) min = range.min;
  else if (changes.minValue === null) min = defaultMin(increment, type);
  let max = was.max;
  if (typeof changes.maxValue === "number" || typeof changes.maxValue === "bigint") max = BigInt(changes.maxValue);
  else if (resetMax) max = range.max;
  else if (changes.maxValue === null) max = defaultMax(increment, type);
  const start = changes.start === undefined ? was.start : BigInt(changes.start);
  return { type, increment, min, max, start, cycle: changes.cycle ?? was.cycle };
}

/** The sequence a model holds after an alterSequence op. */
export function alteredSequence(was: SequenceModel, changes: SequenceChanges): SequenceModel {
  return sequenceModel(was, alteredValues(sequenceValues(was), changes));
}

/**
 * The options an ALTER SEQUENCE must name to turn `from` into `to`: those whose values differ, a bound
 * at its default as null (NO MINVALUE). Where the direction or the type changes, the bounds and the start
 * are named whatever they are, since the server keeps them (or moves them by its own rule: with a new type,
 * as values, since NO MINVALUE / NO MAXVALUE then follow that rule rather than the direction); where the
 * direction changes the sequence also restarts: the value it is at (its start, if never used) lies on the
 * old side, which the server refuses. Undefined when they are the same.
 */
export function sequenceChanges(from: Omit<SequenceModel, "name">, to: Omit<SequenceModel, "name">): SequenceChanges | undefined {
  const a = sequenceValues(from);
  const b = sequenceValues(to);
  const flips = a.increment > 0n !== b.increment > 0n;
  const all = flips || a.type !== b.type;
  const changes: { -readonly [K in keyof SequenceChanges]: SequenceChanges[K] } = {};
  if (a.type !== b.type) changes.as = b.type;
  if (a.increment !== b.increment) changes.increment = exact(b.increment);
  const retyped = a.type !== b.type;
  if (all || a.min !== b.min) changes.minValue = b.min === defaultMin(b.increment, b.type) && !retyped ? null : exact(b.min);
  if (all || a.max !== b.max) changes.maxValue = b.max === defaultMax(b.increment, b.type) && !retyped ? null : exact(b.max);
  if (all || a.start !== b.start) changes.start = exact(b.start);
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
