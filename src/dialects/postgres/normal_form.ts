import type { DefaultValue } from "../../operations/ops.ts";

/** "CHECK (price > 0)" or "CHECK (price > 0) NOT VALID" → "price > 0". */
export function checkCondition(def: string): string {
  const m = /^CHECK \((.*)\)( NOT VALID)?$/s.exec(def);
  return m ? m[1]! : def;
}

/**
 * Whether PostgreSQL would have made this name up: users_pkey, users_email_key, users_org_id_fkey,
 * users_age_check, users_check, and the same with a number after the suffix (users_email_key1) when the
 * first name was taken. Long names are cut as the server cuts them to fit in 63 bytes (makeObjectName).
 */
export function isGeneratedName(name: string, table: string, columns: readonly string[], suffix: string): boolean {
  const additions = suffix === "pkey" ? [undefined] : suffix === "check" ? [undefined, ...columns] : [nameAddition(columns)];
  const number = /\d+$/.exec(name)?.[0];
  const labels = number !== undefined ? [suffix, `${suffix}${number}`] : [suffix];
  return additions.some((addition) => labels.some((label) => name === makeObjectName(table, addition, label)));
}

/**
 * The name PostgreSQL gives an unnamed constraint when the name is free: t_pkey, t_a_b_fkey, t_a_key,
 * t_col_check (a CHECK on one column) or t_check. A taken name gets a number, which only the server knows.
 */
export function firstGeneratedName(table: string, columns: readonly string[], suffix: "pkey" | "fkey" | "key" | "check"): string {
  if (suffix === "pkey") return makeObjectName(table, undefined, suffix);
  if (suffix === "check") return makeObjectName(table, columns.length === 1 ? columns[0] : undefined, suffix);
  return makeObjectName(table, nameAddition(columns), suffix);
}

/** The longest name the server keeps, in bytes (NAMEDATALEN - 1). */
const MAX_NAME_BYTES = 63;

const byteLength = (s: string): number => new TextEncoder().encode(s).length;

/** The longest start of s that fits in n bytes without cutting a character (pg_mbcliplen). */
function clip(s: string, n: number): string {
  let out = "";
  for (const ch of s) {
    if (byteLength(out) + byteLength(ch) > n) break;
    out += ch;
  }
  return out;
}

/** Column names joined by "_", stopping once the name is too long anyway (ChooseIndexNameAddition). */
function nameAddition(columns: readonly string[]): string {
  let out = "";
  for (const column of columns) {
    if (out !== "") out += "_";
    out += clip(column, MAX_NAME_BYTES);
    if (byteLength(out) >= MAX_NAME_BYTES + 1) break;
  }
  return out;
}

/** name1_name2_label, name1 and name2 shortened (the longer one first) to fit (PostgreSQL's makeObjectName). */
function makeObjectName(name1: string, name2: string | undefined, label: string): string {
  const overhead = byteLength(label) + 1 + (name2 !== undefined ? 1 : 0);
  const available = MAX_NAME_BYTES - overhead;
  let n1 = byteLength(name1);
  let n2 = name2 !== undefined ? byteLength(name2) : 0;
  while (n1 + n2 > available) {
    if (n1 > n2) n1--;
    else n2--;
  }
  const first = clip(name1, n1);
  return name2 !== undefined ? `${first}_${clip(name2, n2)}_${label}` : `${first}_${label}`;
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
