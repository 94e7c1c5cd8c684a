/**
 * The enum values a column default names: a plain string default is one value; an SQL default gives the
 * values of its string literals ('sad'::mood → sad; an array literal '{sad,ok}'::mood[] → sad, ok).
 * Recreating an enum type sets a column's default again after the conversion, which fails when it names
 * a value the type loses.
 */
import type { DefaultValue } from "../operations/ops.ts";

export function valuesNamedBy(value: DefaultValue | undefined): string[] {
  if (typeof value === "string") return [value];
  if (value === null || typeof value !== "object") return [];
  const out: string[] = [];
  for (const m of value.sql.matchAll(/'((?:[^']|'')*)'/g)) {
    const text = m[1]!.replaceAll("''", "'");
    if (text.startsWith("{") && text.endsWith("}")) {
      for (const e of text.slice(1, -1).matchAll(/"((?:[^"\\]|\\.)*)"|([^,]+)/g)) out.push(e[1] !== undefined ? e[1].replace(/\\(.)/g, "$1") : e[2]!.trim());
    } else out.push(text);
  }
  return out;
}
