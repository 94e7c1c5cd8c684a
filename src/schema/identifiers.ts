/**
 * Identifiers inside SQL expressions (CHECK conditions, index expressions, partial index WHERE clauses):
 * find and rename them without touching string literals. Quoted identifiers ("x", `x`, [x]) and bare words
 * are compared case-insensitively, as SQLite, MySQL and unquoted PostgreSQL names are.
 */

const TOKEN = /'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]|[A-Za-z_][A-Za-z0-9_$]*|[\s\S]/g;

function unquote(token: string): string | undefined {
  const first = token[0];
  if (first === '"') return token.slice(1, -1).replaceAll('""', '"');
  if (first === "`") return token.slice(1, -1).replaceAll("``", "`");
  if (first === "[") return token.slice(1, -1);
  if (first !== undefined && /[A-Za-z_]/.test(first)) return token;
  return undefined;
}

/** True when `expression` names the identifier `name` (outside string literals). */
export function mentionsIdentifier(expression: string, name: string): boolean {
  const wanted = name.toLowerCase();
  for (const m of expression.matchAll(TOKEN)) {
    if (unquote(m[0])?.toLowerCase() === wanted) return true;
  }
  return false;
}

/** Replace every occurrence of the identifier `from` by `to`, keeping the quoting style of each occurrence. */
export function renameIdentifier(expression: string, from: string, to: string): string {
  const wanted = from.toLowerCase();
  return expression.replace(TOKEN, (token) => {
    if (unquote(token)?.toLowerCase() !== wanted) return token;
    const first = token[0];
    if (first === '"') return `"${to.replaceAll('"', '""')}"`;
    if (first === "`") return `\`${to.replaceAll("`", "``")}\``;
    if (first === "[") return `[${to}]`;
    return /^[A-Za-z_][A-Za-z0-9_$]*$/.test(to) ? to : `"${to.replaceAll('"', '""')}"`;
  });
}
