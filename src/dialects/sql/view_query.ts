/**
 * A view's SELECT in the form both sides of a comparison are brought to: servers print a view back with
 * their own line breaks and indentation (PostgreSQL's pg_get_viewdef) and sometimes a closing `;`, which
 * say nothing about the view. Only layout is undone: names, case and parentheses are kept as given.
 */
import { tokens, type QuoteSyntax, type Token } from "./lexer.ts";

/**
 * White space outside string literals, quoted identifiers and comments collapsed to one space (a line
 * break after a `--` or `#` comment stays a line break, or the comment would swallow what follows),
 * leading and trailing space trimmed, and trailing semicolons removed. `syntax`: the dialect's quoting
 * rules (default: standard SQL), so that a MySQL `'it\'s  x'` is read as one string.
 */
export function canonicalViewQuery(query: string, syntax: QuoteSyntax = {}): string {
  const all = [...tokens(query, syntax)];
  const isSemicolon = (t: Token) => t.kind === "other" && query[t.start] === ";";
  let first = 0;
  while (first < all.length && all[first]!.kind === "space") first++;
  let last = all.length - 1;
  while (last >= first && (all[last]!.kind === "space" || isSemicolon(all[last]!))) last--;
  let out = "";
  for (let i = first; i <= last; i++) {
    const t = all[i]!;
    if (t.kind !== "space") out += query.slice(t.start, t.end);
    else out += isLineComment(all[i - 1]) ? "\n" : " ";
  }
  return out;
}

function isLineComment(t: Token | undefined): boolean {
  return t !== undefined && t.kind === "comment" && (t.open === "--" || t.open === "#");
}
