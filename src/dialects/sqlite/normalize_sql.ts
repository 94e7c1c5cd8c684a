/**
 * SQLite keeps CHECK conditions, index expressions, partial-index conditions, column types and default
 * expressions as the user wrote them. The same constraint written by two statements (a createTable op, a
 * hand-written statement, a batch rebuild re-rendering the table) must read back the same, so reflection
 * gives these texts one spacing: tokens are kept as written (case, quotes, literals), comments are
 * dropped, and the white space between tokens is decided here. One exception: a quoted name of a column of
 * the table loses quotes it does not need (see `bare`), as SQLite's RENAME COLUMN adds them.
 */
import { tokens, unquote } from "../sql/lexer.ts";
import { SQLITE_QUOTES } from "./quote_syntax.ts";

type PieceKind = "word" | "quoted" | "op" | "open" | "close" | "comma" | "dot";

interface Piece {
  readonly kind: PieceKind;
  text: string;
  /** The piece ends where the next one starts in the source (no white space or comment between). */
  end: number;
  readonly start: number;
}

const ONE_WORD = /^[A-Za-z0-9_]+$/;

/** Operators of more than one character: adjacent operator characters join while they begin one of these. */
const OPERATORS = ["->>", "->", "<=", ">=", "<>", "!=", "==", "||", "<<", ">>"];

/**
 * Keywords that a parenthesis or a sign may follow as an operand (`IN (`, `EXISTS (`, `THEN -1`), where a
 * bare name before `(` is a function call (`lower(`).
 */
const KEYWORDS = new Set(
  "ALL AND ANY AS BETWEEN CASE COLLATE DISTINCT ELSE END ESCAPE EXISTS FROM GLOB IN IS ISNULL LIKE MATCH NOT NOTNULL ON OR REGEXP SELECT THEN USING VALUES WHEN WHERE".split(
    " ",
  ),
);

/**
 * The text with canonical spacing and without parentheses that enclose all of it:
 * `( length( name )>0 )` → `length(name) > 0`. One space around binary operators and after commas (as the
 * compiler writes `NUMERIC(10, 2)`), none inside parentheses, before a function's "(" or after a sign.
 * Idempotent; quoted strings are untouched, and so are quoted identifiers, but for those `bare` names.
 *
 * `bare`: the lower-cased names of the table's columns that read the same unquoted (not keywords). Such a
 * name quoted (`"qty"`) is written bare: SQLite's ALTER TABLE RENAME COLUMN rewrites every CHECK, index
 * expression, partial-index condition and generated expression naming the column with the new name
 * quoted, which must not read as a change from the declared `qty > 0`. In these texts a name of the table's
 * columns is always the column (SQLite reads a quoted word as a string only when no column has its name).
 */
export function normalizeSql(text: string, bare?: ReadonlySet<string>): string {
  if (ONE_WORD.test(text)) return text; // INTEGER, CURRENT_TIMESTAMP, 0: nothing to space
  const pieces = stripEnclosingParens(readPieces(text));
  if (bare !== undefined && bare.size > 0) unquoteColumns(pieces, bare);
  let out = "";
  let prev: Piece | undefined;
  let prevUnary = false;
  for (const piece of pieces) {
    if (prev && spaceBetween(prev, prevUnary, piece)) out += " ";
    out += piece.text;
    prevUnary = piece.kind === "op" && isSign(piece.text) && operandExpected(prev);
    prev = piece;
  }
  return out;
}

function readPieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  for (const t of tokens(text, SQLITE_QUOTES)) {
    if (t.kind === "space" || t.kind === "comment") continue;
    const s = text.slice(t.start, t.end);
    const last = pieces.at(-1);
    const touching = last !== undefined && last.end === t.start;
    if (t.kind === "string" || t.kind === "identifier" || t.kind === "dollarQuoted") {
      // A blob literal x'00ff' is one token for SQLite.
      if (touching && last.kind === "word" && /^x$/i.test(last.text) && t.kind === "string") pieces[pieces.length - 1] = { ...last, kind: "quoted", text: last.text + s, end: t.end };
      else pieces.push({ kind: "quoted", text: s, start: t.start, end: t.end });
    } else if (t.kind === "word") {
      // An exponent: 1e-5 reads as the words "1e" and "5" around "-".
      const sign = pieces.at(-1);
      const mantissa = pieces.at(-2);
      if (touching && sign?.kind === "op" && isSign(sign.text) && mantissa?.kind === "word" && mantissa.end === sign.start && /^[0-9]*e$/i.test(mantissa.text) && /^[0-9]/.test(s)) {
        pieces.pop();
        mantissa.text += sign.text + s;
        mantissa.end = t.end;
      } else pieces.push({ kind: "word", text: s, start: t.start, end: t.end });
    } else if (s === "(") pieces.push({ kind: "open", text: s, start: t.start, end: t.end });
    else if (s === ")") pieces.push({ kind: "close", text: s, start: t.start, end: t.end });
    else if (s === ",") pieces.push({ kind: "comma", text: s, start: t.start, end: t.end });
    else if (s === ".") pieces.push({ kind: "dot", text: s, start: t.start, end: t.end });
    else if (touching && last.kind === "op" && OPERATORS.some((o) => o.startsWith(last.text + s))) {
      last.text += s;
      last.end = t.end;
    } else pieces.push({ kind: "op", text: s, start: t.start, end: t.end });
  }
  return pieces;
}

/** Quoted column names in `bare` as bare words; not a function name, a table qualifier or a collation. */
function unquoteColumns(pieces: Piece[], bare: ReadonlySet<string>): void {
  for (const [i, piece] of pieces.entries()) {
    if (piece.kind !== "quoted" || !/^["`[]/.test(piece.text)) continue;
    const name = unquote(piece.text);
    if (!bare.has(name.toLowerCase())) continue;
    const next = pieces[i + 1];
    const prev = pieces[i - 1];
    if (next?.kind === "open" || next?.kind === "dot" || (prev?.kind === "word" && /^collate$/i.test(prev.text))) continue;
    pieces[i] = { ...piece, kind: "word", text: name };
  }
}

/** `((a) + (b))` → `(a) + (b)`: drop parentheses around the whole text, as often as they enclose it. */
function stripEnclosingParens(pieces: Piece[]): Piece[] {
  let p = pieces;
  while (p.length >= 2 && p[0]!.kind === "open" && p.at(-1)!.kind === "close" && closingOf(p, 0) === p.length - 1) p = p.slice(1, -1);
  return p;
}

function closingOf(pieces: readonly Piece[], open: number): number {
  let depth = 0;
  for (let i = open; i < pieces.length; i++) {
    const k = pieces[i]!.kind;
    if (k === "open") depth++;
    else if (k === "close" && --depth === 0) return i;
  }
  return -1;
}

function isSign(text: string): boolean {
  return text === "-" || text === "+" || text === "~";
}

/** Whether an operand (not an operator) comes next after `prev`: a sign there is unary. */
function operandExpected(prev: Piece | undefined): boolean {
  if (!prev) return true;
  if (prev.kind === "open" || prev.kind === "comma" || prev.kind === "op") return true;
  return prev.kind === "word" && KEYWORDS.has(prev.text.toUpperCase());
}

function spaceBetween(prev: Piece, prevUnary: boolean, next: Piece): boolean {
  // Two operator characters side by side could read as another operator or a comment (`- -1`, `/ *`).
  if (prev.kind === "op" && next.kind === "op") return true;
  if (next.kind === "close" || next.kind === "comma" || prev.kind === "open" || prev.kind === "dot") return false;
  if (next.kind === "dot") return !(prev.kind === "word" || prev.kind === "quoted" || prev.kind === "close");
  if (prevUnary) return false;
  if (next.kind === "open") {
    if (prev.kind === "word") return KEYWORDS.has(prev.text.toUpperCase());
    // A quoted name before "(" is a function call too; a string is an operand.
    return !(prev.kind === "quoted" && /^["`[]/.test(prev.text));
  }
  return true;
}
