/**
 * Statements use `?` for bound parameters on every dialect. These helpers find the `?` that are
 * placeholders (not inside quotes, identifiers, comments or PostgreSQL dollar quotes).
 */
import { skipToken, type QuoteSyntax } from "./lexer.ts";

export type { QuoteSyntax } from "./lexer.ts";

/** Call `replace(i)` for the i-th placeholder and splice its result in. */
export function mapPlaceholders(sql: string, replace: (index: number) => string, syntax: QuoteSyntax = {}): string {
  let out = "";
  let index = 0;
  let i = 0;
  while (i < sql.length) {
    const end = skipToken(sql, i, syntax);
    if (end > i) {
      out += sql.slice(i, end);
      i = end;
    } else {
      const ch = sql[i]!;
      out += ch === "?" ? replace(index++) : ch;
      i++;
    }
  }
  return out;
}
