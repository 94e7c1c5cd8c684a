/**
 * The enum types a run has built so far, followed through the ops that change them: the offline tracker
 * (op.inspect() in an --sql run) and the replayed history of autogenerate --offline share it.
 */
import type * as ops from "../operations/ops.ts";
import type { EnumModel } from "./model.ts";

/** The enum types by "schema.name" (or "name"), as the ops wrote them. */
export type EnumState = Map<string, EnumModel>;

type EnumOp = ops.CreateEnumOp | ops.DropEnumOp | ops.AddEnumValueOp | ops.RecreateEnumOp;

export function isEnumOp(op: ops.Op): op is EnumOp {
  return op.kind === "createEnum" || op.kind === "dropEnum" || op.kind === "addEnumValue" || op.kind === "recreateEnum";
}

/**
 * Apply one enum op to the state, in place. A value added where the state has it already, or to a type
 * it does not know (made by raw SQL), changes nothing; so does a recreate of an unknown type.
 */
export function applyEnumOp(state: EnumState, op: EnumOp): void {
  const key = findEnumKey(state, op);
  const known = key === undefined ? undefined : state.get(key);
  switch (op.kind) {
    case "createEnum":
      state.set(enumKey(op), { name: op.name, ...(op.schema !== undefined ? { schema: op.schema } : {}), values: [...op.values] });
      return;
    case "dropEnum":
      if (key !== undefined) state.delete(key);
      return;
    case "addEnumValue": {
      if (key === undefined || !known || known.values.includes(op.value)) return;
      const values = [...known.values];
      const at = op.before !== undefined ? values.indexOf(op.before) : op.after !== undefined ? values.indexOf(op.after) + 1 : values.length;
      values.splice(at < 0 ? values.length : at, 0, op.value);
      state.set(key, { ...known, values });
      return;
    }
    case "recreateEnum":
      if (key !== undefined && known) state.set(key, { ...known, values: [...op.values] });
      return;
  }
}

function enumKey(ref: { readonly name: string; readonly schema?: string }): string {
  return ref.schema ? `${ref.schema}.${ref.name}` : ref.name;
}

/** Exact match first, then the one that differs only in case. */
function findEnumKey(state: EnumState, ref: { readonly name: string; readonly schema?: string }): string | undefined {
  const key = enumKey(ref);
  if (state.has(key)) return key;
  const matches = [...state.keys()].filter((k) => k.toLowerCase() === key.toLowerCase());
  return matches.length === 1 ? matches[0] : undefined;
}
