/**
 * A small reader for the CREATE TABLE and CREATE INDEX text SQLite keeps in sqlite_master. The pragmas give
 * columns, keys and indexes but not CHECK constraints, constraint names or DEFERRABLE: those are read here.
 */
import { scanQuoted, tokens, unquote } from "../sql/lexer.ts";
import { SQLITE_QUOTES as SQLITE } from "./quote_syntax.ts";
import type { IndexColumn } from "../../operations/ops.ts";
import { readIndexKey } from "./index_term.ts";

export type Token =
  | { readonly kind: "word"; readonly text: string; /** The text in upper case, to compare with keywords. */ readonly upper: string }
  | { readonly kind: "ident"; readonly text: string }
  | { readonly kind: "string"; readonly text: string }
  | { readonly kind: "group"; readonly text: string; readonly inner: string }
  | { readonly kind: "punct"; readonly text: string };

/** Split SQL into tokens; a parenthesised group is one token holding its inner text. Comments are dropped. */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const end = quotedEnd(sql, i);
    if (end > i) {
      const quoted = sql.charCodeAt(i) === 39 ? "string" : sql.startsWith("--", i) || sql.startsWith("/*", i) ? "comment" : "ident";
      if (quoted !== "comment") out.push({ kind: quoted, text: unquoted(sql, i, end) });
      i = end;
    } else if (isSpace(sql.charCodeAt(i), sql, i)) {
      i++;
    } else if (sql.charCodeAt(i) === 40 /* ( */) {
      const close = groupEnd(sql, i);
      out.push({ kind: "group", text: sql.slice(i, close), inner: sql.slice(i + 1, close - 1).trim() });
      i = close;
    } else if (isNameChar(sql.charCodeAt(i))) {
      let wordEnd = i + 1;
      while (wordEnd < sql.length && (isNameChar(sql.charCodeAt(wordEnd)) || sql.charCodeAt(wordEnd) === 46) /* . */) wordEnd++;
      const text = sql.slice(i, wordEnd);
      out.push({ kind: "word", text, upper: text.toUpperCase() });
      i = wordEnd;
    } else {
      out.push({ kind: "punct", text: sql[i]! });
      i++;
    }
  }
  return out;
}

// These scans run over the text of every table reflected, so they jump from one character that matters
// to the next with regular expressions rather than looking at each character in turn.

/** What ends a run of plain text: a parenthesis, a comma, a quote, a comment. */
const SPECIAL = /['"`[(),]|--|\/\*/g;

function isSpace(c: number, sql: string, i: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(sql[i]!));
}

/** lexer.ts's isIdentifierChar: a letter, digit, `_`, `$` or any non-ASCII character. */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 128;
}

/** The end of the quoted string, quoted identifier or comment starting at i; i when none starts there. */
function quotedEnd(sql: string, i: number): number {
  const c = sql.charCodeAt(i);
  // ' " ` [ and the two-character comment openers; E'...' (a PostgreSQL string) is not SQLite.
  if (c === 39 || c === 34 || c === 96 || c === 91 || (c === 45 && sql.charCodeAt(i + 1) === 45) || (c === 47 && sql.charCodeAt(i + 1) === 42)) {
    return scanQuoted(sql, i, SQLITE)?.end ?? i;
  }
  return i;
}

/** lexer.ts's unquote of sql[start, end): the slice inside the quotes when no quote is doubled in it. */
function unquoted(sql: string, start: number, end: number): string {
  const q = sql[start]!;
  const inner = sql.slice(start + 1, end - 1);
  return q !== "[" && sql[end - 1] === q && end - start >= 2 && !inner.includes(q) ? inner : unquote(sql.slice(start, end));
}

/** Each "(", ")" and "," outside quotes and comments from `from` on, until `visit` returns true; that index, or -1. */
function walk(sql: string, from: number, visit: (i: number, c: number) => boolean): number {
  let pos = from;
  for (;;) {
    SPECIAL.lastIndex = pos;
    const m = SPECIAL.exec(sql);
    if (!m) return -1;
    const i = m.index;
    const c = sql.charCodeAt(i);
    if (c === 40 || c === 41 || c === 44) {
      if (visit(i, c)) return i;
      pos = i + 1;
    } else pos = Math.max(quotedEnd(sql, i), i + 1);
  }
}

/** One past the ")" that closes the "(" at start; the text's end when it is not closed. */
function groupEnd(sql: string, start: number): number {
  let depth = 0;
  const close = walk(sql, start, (_i, c) => (c === 40 ? (depth++, false) : c === 41 ? --depth === 0 : false));
  return close < 0 ? sql.length : close + 1;
}

/** The SQL with its comments replaced by spaces (quoted text left alone). */
export function stripComments(sql: string): string {
  if (!sql.includes("--") && !sql.includes("/*")) return sql;
  let out = "";
  for (const t of tokens(sql, SQLITE)) out += t.kind === "comment" ? " " : sql.slice(t.start, t.end);
  return out;
}

/** Split the text inside parentheses at its top-level commas. */
export function splitTopLevel(inner: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  walk(inner, 0, (i, c) => {
    if (c === 40) depth++;
    else if (c === 41) depth--;
    else if (depth === 0) {
      parts.push(inner.slice(start, i).trim());
      start = i + 1;
    }
    return false;
  });
  const last = inner.slice(start).trim();
  if (last) parts.push(last);
  return parts;
}

const isWord = (t: Token | undefined, word: string) => t?.kind === "word" && t.upper === word;
const name = (t: Token | undefined) => (t && (t.kind === "word" || t.kind === "ident" || t.kind === "string") ? t.text : "");
const nameList = (t: Token | undefined) => (t?.kind === "group" ? splitTopLevel(t.inner).map((c) => name(tokenize(c)[0])) : []);

export interface ParsedConstraint {
  readonly type: "primary" | "unique" | "check" | "foreign";
  readonly name?: string;
  readonly columns: readonly string[];
  /** CHECK: the condition, as written. */
  readonly condition?: string;
  /** FOREIGN KEY: the referenced table, to tell apart keys on the same columns (the pragma lists them in another order). */
  readonly refTable?: string;
  /** FOREIGN KEY: DEFERRABLE / INITIALLY DEFERRED, which the pragmas do not report. */
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
}

/** The constraints of a CREATE TABLE statement, column-level ones included, in the order written. */
export function parseTableConstraints(createSql: string): ParsedConstraint[] {
  const out: ParsedConstraint[] = [];
  for (const element of tableElements(createSql)) {
    if (!CONSTRAINT_WORD.test(element)) continue; // a column without constraints (most of them)
    const tokens = tokenize(element);
    const first = tokens[0];
    const tableLevel = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"].some((w) => isWord(first, w));
    const column = tableLevel ? undefined : name(first);
    readConstraints(tableLevel ? tokens : tokens.slice(1), column, out);
  }
  return out;
}

/** The column definitions and table constraints of a CREATE TABLE statement, comments removed. */
export function tableElements(createSql: string): string[] {
  const sql = stripComments(createSql);
  const open = bodyStart(sql);
  return open < 0 ? [] : splitTopLevel(sql.slice(open + 1, groupEnd(sql, open) - 1));
}

/** A word every constraint this reader reports starts with (or, for a column's REFERENCES, contains). */
const CONSTRAINT_WORD = /\b(CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN|REFERENCES)\b/i;

/** The first "(" outside quotes: where the column list starts. */
function bodyStart(sql: string): number {
  return walk(sql, 0, (_i, c) => c === 40);
}

function readConstraints(tokens: readonly Token[], column: string | undefined, out: ParsedConstraint[]): void {
  let pending: string | undefined;
  const named = () => {
    const n = pending;
    pending = undefined;
    return n !== undefined ? { name: n } : {};
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (isWord(t, "CONSTRAINT")) {
      pending = name(tokens[++i]);
    } else if (isWord(t, "PRIMARY") && isWord(tokens[i + 1], "KEY")) {
      i++;
      const cols = column === undefined ? nameList(tokens[++i]) : [column];
      out.push({ type: "primary", ...named(), columns: cols });
    } else if (isWord(t, "UNIQUE")) {
      const cols = column === undefined ? nameList(tokens[++i]) : [column];
      out.push({ type: "unique", ...named(), columns: cols });
    } else if (isWord(t, "CHECK")) {
      const group = tokens[++i];
      out.push({ type: "check", ...named(), columns: column === undefined ? [] : [column], condition: group?.kind === "group" ? group.inner : "" });
    } else if (isWord(t, "FOREIGN") && isWord(tokens[i + 1], "KEY")) {
      i++;
      const cols = nameList(tokens[++i]);
      i = readReferences(tokens, i + 1, cols, named(), out);
    } else if (isWord(t, "REFERENCES") && column !== undefined) {
      i = readReferences(tokens, i, [column], named(), out);
    }
  }
}

/** From a REFERENCES token: read up to the end of the clause; returns the index of its last token. */
function readReferences(tokens: readonly Token[], at: number, columns: string[], named: { name?: string }, out: ParsedConstraint[]): number {
  let i = at;
  if (!isWord(tokens[i], "REFERENCES")) return at - 1;
  let deferrable: boolean | undefined;
  let initiallyDeferred: boolean | undefined;
  const stop = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "NULL", "DEFAULT", "COLLATE", "GENERATED", "AS"];
  for (i = at + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (isWord(t, "ON") && (isWord(tokens[i + 1], "DELETE") || isWord(tokens[i + 1], "UPDATE"))) {
      // ON DELETE SET NULL / SET DEFAULT / NO ACTION / CASCADE / RESTRICT: its NULL and DEFAULT end nothing.
      i += isWord(tokens[i + 2], "SET") || isWord(tokens[i + 2], "NO") ? 3 : 2;
    } else if (isWord(t, "NOT") && isWord(tokens[i + 1], "DEFERRABLE")) {
      deferrable = false;
      i++;
    } else if (isWord(t, "NOT") && isWord(tokens[i + 1], "NULL")) {
      break;
    } else if (isWord(t, "DEFERRABLE")) deferrable = true;
    else if (isWord(t, "INITIALLY")) initiallyDeferred = isWord(tokens[++i], "DEFERRED");
    else if (stop.some((w) => isWord(t, w))) break;
  }
  out.push({
    type: "foreign",
    ...named,
    columns,
    refTable: name(tokens[at + 1]),
    ...(deferrable !== undefined ? { deferrable } : {}),
    ...(initiallyDeferred ? { initiallyDeferred } : {}),
  });
  return i - 1;
}

export interface ParsedIndex {
  readonly unique: boolean;
  /** Column names, or expressions (with their COLLATE), each with the order written after it. */
  readonly columns: readonly IndexColumn[];
  readonly where?: string;
}

/** Read `CREATE [UNIQUE] INDEX name ON table (columns) [WHERE condition]`. */
export function parseCreateIndex(text: string): ParsedIndex | undefined {
  const sql = stripComments(text).trim();
  const tokens = tokenize(sql);
  const on = tokens.findIndex((t) => isWord(t, "ON"));
  const group = tokens[on + 2];
  if (on < 0 || group?.kind !== "group") return undefined;
  const columns = splitTopLevel(group.inner).map((item) => {
    const parts = tokenize(item);
    const only = parts.length === 1 ? parts[0] : undefined;
    return only && (only.kind === "word" || only.kind === "ident") ? only.text : readIndexKey(item);
  });
  const rest = sql.slice(sql.indexOf(group.text) + group.text.length);
  const where = /^\s*WHERE\b/i.exec(rest);
  const tail = where ? rest.slice(where[0].length).trim() : undefined;
  return { unique: isWord(tokens[1], "UNIQUE"), columns, ...(tail ? { where: tail } : {}) };
}
