import type { DefaultValue } from "../../operations/ops.ts";

/** "CHECK (price > 0)" or "CHECK (price > 0) NOT VALID" → "price > 0". */
export function checkCondition(def: string): string {
  const m = /^CHECK \((.*)\)( NOT VALID)?$/s.exec(def);
  return m ? m[1]! : def;
}

/** Whether PostgreSQL would have made this name up: users_pkey, users_email_key, users_org_id_fkey, users_age_check1. */
export function isGeneratedName(name: string, table: string, columns: readonly string[], suffix: string): boolean {
  const forms = suffix === "check" ? [`${table}_check`, ...columns.map((c) => `${table}_${c}_check`)] : [`${table}_${suffix === "pkey" ? "" : `${columns.join("_")}_`}${suffix}`];
  return forms.some((f) => name === f || (name.startsWith(f) && /^\d+$/.test(name.slice(f.length))));
}

/** A default as pg_get_expr prints it → a DefaultValue; `NULL::text` (an explicit DEFAULT NULL) → null. */
export function parseDefault(text: string): DefaultValue {
  const s = text.trim();
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s)) return Number(s);
  const paren = /^\((-?\d+(\.\d+)?)\)$/.exec(s);
  if (paren) return Number(paren[1]);
  if (s === "true" || s === "false") return s === "true";
  if (/^NULL(::.*)?$/.test(s)) return null;
  const quoted = /^'((?:[^']|'')*)'::([a-z][a-z0-9_ ."]*(\(\d+(,\s*\d+)?\))?(\[\])?)$/s.exec(s);
  if (quoted) {
    const value = quoted[1]!.replaceAll("''", "'");
    const numeric = /^(integer|bigint|smallint|numeric|real|double precision)\b/.test(quoted[2]!);
    return numeric && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return { sql: s };
}
