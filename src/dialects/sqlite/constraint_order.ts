import type { CheckDef, ForeignKeyDef, UniqueDef } from "../../operations/ops.ts";
import { compareText } from "./catalog.ts";

/**
 * The one order of a table's constraints on SQLite: named ones by name, then unnamed ones by columns
 * (foreign keys: then the referenced table and columns) or by condition. Reflection gives this order, and
 * a batch rebuild writes the table in it, so that the same table gives the same statements whether its
 * definition was reflected (online) or tracked from earlier ops (offline).
 */
export function inConstraintOrder<T extends { readonly foreignKeys: readonly ForeignKeyDef[]; readonly uniques: readonly UniqueDef[]; readonly checks: readonly CheckDef[] }>(
  model: T,
): T {
  return {
    ...model,
    foreignKeys: [...model.foreignKeys].sort(byName((fk) => [...fk.columns, "->", fk.refSchema ?? "", fk.refTable, ...fk.refColumns].join("\u0000"))),
    uniques: [...model.uniques].sort(byName((u) => u.columns.join("\u0000"))),
    checks: [...model.checks].sort(byName((c) => c.condition)),
  };
}

function byName<T extends { readonly name?: string }>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    if (a.name !== undefined && b.name !== undefined) return compareText(a.name, b.name) || compareText(key(a), key(b));
    if (a.name !== undefined || b.name !== undefined) return a.name !== undefined ? -1 : 1;
    return compareText(key(a), key(b));
  };
}
