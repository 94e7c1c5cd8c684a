/**
 * Where SQL's quoted strings, quoted identifiers, comments and dollar-quoted bodies begin and end. This is
 * the one place that knows those rules: placeholder search, statement splitting, identifier renaming and
 * the SQLite DDL reader all build on it.
 */

/** The lexical differences between dialects. Defaults: standard SQL and PostgreSQL. */
export interface QuoteSyntax {
  /** `# comment` to the end of the line (MySQL). */
  readonly hashComments?: boolean;
  /** `$tag$ ... $tag$` bodies (PostgreSQL); off on MySQL, where `$` may be part of a bare identifier. Default true. */
  readonly dollarQuotes?: boolean;
  /** A backslash escapes the next character inside '...' and "..." (MySQL's default sql_mode). */
  readonly backslashEscapes?: boolean;
  /** `/* /* *\/ *\/` nests (standard SQL, PostgreSQL). Default true; SQLite ends a comment at the first `*\/`. */
  readonly nestedComments?: boolean;
  /** `[name]` is a quoted identifier (SQLite). Default false: in PostgreSQL `[` starts a subscript. */
  readonly bracketIdentifiers?: boolean;
}

/**
 * `string` is '...' (and PostgreSQL's E'...'); `identifier` is "...", `...` or [...] (MySQL's default mode
 * reads "..." as a string; the span is the same). `word` is a run of identifier characters (names, keywords,
 * numbers, `$1`); `space` a run of white space; `other` any other single character.
 */
export type TokenKind = "string" | "identifier" | "comment" | "dollarQuoted" | "word" | "space" | "other";

export interface Token {
  readonly kind: TokenKind;
  /** Index of the first character; `end` is one past the last. */
  readonly start: number;
  readonly end: number;
  /** The opening text of a quoted token or comment: `'`, `E'`, `"`, `` ` ``, `[`, `--`, `#`, `/*` or the `$tag$`; "" otherwise. */
  readonly open: string;
  /** False when the text ends before the token is closed (it then runs to the end). Line comments always end. */
  readonly terminated: boolean;
}

const IDENTIFIER_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;
const SPACE = /\s/;

/** A letter, digit, `_`, `$` or any non-ASCII character: what PostgreSQL, MySQL and SQLite accept inside a bare name. */
export function isIdentifierChar(c: string | undefined): boolean {
  return c !== undefined && IDENTIFIER_CHAR.test(c);
}

/** True when sql[at] is an `E`/`e` that is a word of its own, so that the quote after it opens an E'...' string. */
function isEPrefix(sql: string, at: number): boolean {
  return (sql[at] === "E" || sql[at] === "e") && !isIdentifierChar(sql[at - 1]);
}

/** The quoted string, quoted identifier, comment or dollar-quoted body that starts at i, or undefined. */
export function scanQuoted(sql: string, i: number, syntax: QuoteSyntax = {}): Token | undefined {
  const c = sql[i];
  const next = sql[i + 1];
  if (c === "'") return quoted(sql, i, i, "string", syntax.backslashEscapes === true || isEPrefix(sql, i - 1));
  if (next === "'" && isEPrefix(sql, i)) return quoted(sql, i, i + 1, "string", true);
  if (c === '"') return quoted(sql, i, i, "identifier", syntax.backslashEscapes === true);
  if (c === "`") return quoted(sql, i, i, "identifier", false);
  if (c === "[" && syntax.bracketIdentifiers) {
    const close = sql.indexOf("]", i + 1);
    return close < 0 ? token("identifier", i, sql.length, "[", false) : token("identifier", i, close + 1, "[", true);
  }
  if ((c === "-" && next === "-") || (c === "#" && syntax.hashComments)) {
    const nl = sql.indexOf("\n", i);
    return token("comment", i, nl < 0 ? sql.length : nl, c === "#" ? "#" : "--", true);
  }
  if (c === "/" && next === "*") return blockComment(sql, i, syntax.nestedComments !== false);
  if (c === "$" && syntax.dollarQuotes !== false && !isIdentifierChar(sql[i - 1])) {
    DOLLAR_TAG.lastIndex = i;
    const tag = DOLLAR_TAG.exec(sql)?.[0];
    if (tag !== undefined) {
      const close = sql.indexOf(tag, i + tag.length);
      return close < 0 ? token("dollarQuoted", i, sql.length, tag, false) : token("dollarQuoted", i, close + tag.length, tag, true);
    }
  }
  return undefined;
}

/** The end of the quoted string, quoted identifier, comment or dollar-quoted body starting at i; i when none starts there. */
export function skipToken(sql: string, i: number, syntax: QuoteSyntax = {}): number {
  return scanQuoted(sql, i, syntax)?.end ?? i;
}

/** Every token of `sql`, in order; together they cover the text. */
export function* tokens(sql: string, syntax: QuoteSyntax = {}): Generator<Token> {
  let i = 0;
  while (i < sql.length) {
    const t = scanQuoted(sql, i, syntax) ?? plain(sql, i);
    yield t;
    i = t.end;
  }
}

/**
 * The text inside a quoted identifier or a '...' string, with doubled quotes undone (`"a""b"` → `a"b`,
 * `[a b]` → `a b`). Backslash escapes are not undone. Other text is returned as is.
 */
export function unquote(text: string): string {
  const q = text[0];
  if (q !== "'" && q !== '"' && q !== "`" && q !== "[") return text;
  const close = q === "[" ? "]" : q;
  const body = text.length > 1 && text.endsWith(close) ? text.slice(1, -1) : text.slice(1);
  return q === "[" ? body : body.replaceAll(q + q, q);
}

function token(kind: TokenKind, start: number, end: number, open: string, terminated: boolean): Token {
  return { kind, start, end, open, terminated };
}

/** A quote-delimited token; the quote character is sql[quote] (after an `E` prefix, quote = start + 1). */
function quoted(sql: string, start: number, quote: number, kind: TokenKind, escapes: boolean): Token {
  const q = sql[quote] as string;
  const open = sql.slice(start, quote + 1);
  let j = quote + 1;
  while (j < sql.length) {
    const d = sql[j];
    if (escapes && d === "\\") j += 2;
    else if (d === q && sql[j + 1] === q) j += 2;
    else if (d === q) return token(kind, start, j + 1, open, true);
    else j++;
  }
  return token(kind, start, sql.length, open, false);
}

function blockComment(sql: string, i: number, nested: boolean): Token {
  if (!nested) {
    const close = sql.indexOf("*/", i + 2);
    return close < 0 ? token("comment", i, sql.length, "/*", false) : token("comment", i, close + 2, "/*", true);
  }
  let level = 1;
  let j = i + 2;
  while (j < sql.length) {
    const pair = sql.slice(j, j + 2);
    if (pair === "/*") level++;
    else if (pair === "*/" && --level === 0) return token("comment", i, j + 2, "/*", true);
    j += pair === "/*" || pair === "*/" ? 2 : 1;
  }
  return token("comment", i, sql.length, "/*", false);
}

function plain(sql: string, i: number): Token {
  const c = sql[i] as string;
  const kind: TokenKind = isIdentifierChar(c) ? "word" : SPACE.test(c) ? "space" : "other";
  let j = i + 1;
  if (kind === "word") while (isIdentifierChar(sql[j])) j++;
  if (kind === "space") while (j < sql.length && SPACE.test(sql[j] as string)) j++;
  return token(kind, i, j, "", true);
}
