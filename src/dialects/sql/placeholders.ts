/**
 * Statements use `?` for bound parameters on every dialect. These helpers find the `?` that are
 * placeholders (not inside quotes, identifiers, comments or PostgreSQL dollar quotes).
 */

/** Call `replace(i)` for the i-th placeholder and splice its result in. */
/** The lexical differences that matter when looking for placeholders. Defaults: standard SQL and PostgreSQL. */
export interface QuoteSyntax {
  /** `# comment` to the end of the line (MySQL). */
  readonly hashComments?: boolean;
  /** `$tag$ ... $tag$` bodies (PostgreSQL); off on MySQL, where `$` may be part of a bare identifier. Default true. */
  readonly dollarQuotes?: boolean;
  /** A backslash escapes the next character inside '...' and "..." (MySQL's default sql_mode). */
  readonly backslashEscapes?: boolean;
}

export function mapPlaceholders(sql: string, replace: (index: number) => string, syntax: QuoteSyntax = {}): string {
  let out = "";
  let index = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const end = skipQuoted(sql, i, syntax);
    if (end > i) {
      out += sql.slice(i, end);
      i = end;
    } else if (ch === "?") {
      out += replace(index++);
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** If a quoted string, quoted identifier, comment or dollar-quoted body starts at i, return its end; else i. */
export function skipQuoted(sql: string, i: number, syntax: QuoteSyntax = {}): number {
  const ch = sql[i];
  if (ch === "'" || ch === '"' || ch === "`") {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === "\\" && ch !== "`" && (syntax.backslashEscapes || (ch === "'" && sql[i - 1]?.toUpperCase() === "E"))) {
        j += 2;
        continue;
      }
      if (sql[j] === ch) {
        if (sql[j + 1] === ch) {
          j += 2;
          continue;
        }
        return j + 1;
      }
      j++;
    }
    return sql.length;
  }
  if (ch === "#" && syntax.hashComments) {
    const nl = sql.indexOf("\n", i);
    return nl < 0 ? sql.length : nl + 1;
  }
  if (ch === "-" && sql[i + 1] === "-") {
    const nl = sql.indexOf("\n", i);
    return nl < 0 ? sql.length : nl + 1;
  }
  if (ch === "/" && sql[i + 1] === "*") {
    const close = sql.indexOf("*/", i + 2);
    return close < 0 ? sql.length : close + 2;
  }
  if (ch === "$" && syntax.dollarQuotes !== false) {
    const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
    if (m) {
      const close = sql.indexOf(m[0], i + m[0].length);
      return close < 0 ? sql.length : close + m[0].length;
    }
  }
  return i;
}
