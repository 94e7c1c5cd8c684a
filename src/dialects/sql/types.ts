import type { ColumnType } from "../../operations/ops.ts";

/** A portable type name split into its parts: "varchar(255)" → { name: "varchar", args: ["255"] }. */
export interface ParsedType {
  readonly name: string;
  readonly args: readonly string[];
  /** "text[]" → array of text (PostgreSQL). */
  readonly array: boolean;
}

const TYPE_RE = /^\s*([A-Za-z_][A-Za-z0-9_ ]*?)\s*(?:\((.*)\))?\s*(\[\])?\s*$/s;

export function parseType(type: string): ParsedType | undefined {
  if (parsedTypes.has(type)) return parsedTypes.get(type);
  const m = TYPE_RE.exec(type);
  // Frozen: one result serves every column of that type.
  const parsed = m ? Object.freeze({ name: m[1]!.toLowerCase().replace(/\s+/g, " "), args: Object.freeze(m[2] === undefined ? [] : splitArgs(m[2])), array: m[3] !== undefined }) : undefined;
  parsedTypes.set(type, parsed);
  return parsed;
}

/** Parsed types by their text: a migration set uses a handful of types thousands of times, each compiled several times. */
const parsedTypes = new Map<string, ParsedType | undefined>();

function splitArgs(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote = "";
  for (const ch of s) {
    if (quote) {
      cur += ch;
      if (ch === quote) quote = "";
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === ",") {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  if (cur.trim() !== "") out.push(cur.trim());
  return out;
}

/** Enum values written as enum('a','b') or enum(a,b). */
export function enumValues(args: readonly string[]): string[] {
  return args.map((a) => (/^'.*'$/s.test(a) ? a.slice(1, -1).replaceAll("''", "'") : a));
}

/**
 * Map a column type through a dialect's table of portable names. `table[name]` gets the parsed type and
 * returns the SQL; a name not in the table is sent as written (so dialect-native types just work).
 */
export function mapType(type: ColumnType, table: Readonly<Record<string, (t: ParsedType) => string>>): string {
  if (typeof type !== "string") return type.raw;
  let cache = mapped.get(table);
  if (!cache) mapped.set(table, (cache = new Map()));
  let sql = cache.get(type);
  if (sql === undefined) {
    const parsed = parseType(type);
    const render = parsed && table[parsed.name];
    sql = render ? render(parsed) : type;
    cache.set(type, sql); // a type that fails to map throws above and is not cached
  }
  return sql;
}

/** Mapped types per dialect table: a migration set uses a handful of types thousands of times. */
const mapped = new WeakMap<object, Map<string, string>>();

/** "(a, b)" when there are args, "" otherwise. */
export function argList(t: ParsedType): string {
  return t.args.length > 0 ? `(${t.args.join(", ")})` : "";
}
