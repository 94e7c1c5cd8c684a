/**
 * Identifiers inside SQL expressions (CHECK conditions, index expressions, partial index WHERE clauses):
 * find and rename them without touching string literals or comments. Quoted identifiers ("x", `x`, [x]) and
 * bare words are compared case-insensitively, as SQLite, MySQL and unquoted PostgreSQL names are.
 */
import { tokens, unquote, type QuoteSyntax, type Token } from "../dialects/sql/lexer.ts";

/** The expression may come from any dialect: standard rules, plus SQLite's [name]. */
const SYNTAX: QuoteSyntax = { bracketIdentifiers: true };

/** The name a token stands for: a bare word that is not a number or `$1`, or a closed quoted identifier. */
function nameOf(token: Token, text: string): string | undefined {
  if (token.kind === "identifier") return token.terminated ? unquote(text) : undefined;
  if (token.kind === "word" && !/^[0-9$]/.test(text)) return text;
  return undefined;
}

/** True when `expression` names the identifier `name` (outside string literals and comments). */
export function mentionsIdentifier(expression: string, name: string): boolean {
  const wanted = name.toLowerCase();
  for (const t of tokens(expression, SYNTAX)) {
    if (nameOf(t, expression.slice(t.start, t.end))?.toLowerCase() === wanted) return true;
  }
  return false;
}

/** Replace every occurrence of the identifier `from` by `to`, keeping the quoting style of each occurrence. */
export function renameIdentifier(expression: string, from: string, to: string): string {
  const wanted = from.toLowerCase();
  let out = "";
  for (const t of tokens(expression, SYNTAX)) {
    const text = expression.slice(t.start, t.end);
    if (nameOf(t, text)?.toLowerCase() !== wanted) out += text;
    else if (text[0] === '"') out += `"${to.replaceAll('"', '""')}"`;
    else if (text[0] === "`") out += `\`${to.replaceAll("`", "``")}\``;
    else if (text[0] === "[") out += `[${to}]`;
    else out += /^[A-Za-z_][A-Za-z0-9_$]*$/.test(to) ? to : `"${to.replaceAll('"', '""')}"`;
  }
  return out;
}
