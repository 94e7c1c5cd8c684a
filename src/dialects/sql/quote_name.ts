/**
 * `name` between two `quote` characters, each one inside it doubled: how every dialect quotes an
 * identifier (PostgreSQL and SQLite with ", MySQL with `), and standard SQL a string literal ('). Most
 * names hold no quote character, and replaceAll costs ~150 ns a call even when it finds none: a statement
 * quotes several names, a script of 1,000 revisions some 10,000.
 */
export function quoteName(name: string, quote: '"' | "`" | "'"): string {
  return name.includes(quote) ? `${quote}${name.replaceAll(quote, quote + quote)}${quote}` : `${quote}${name}${quote}`;
}
