/**
 * Reads a migration module's header (its `revision`, `downRevision`, ... exports) from the source text,
 * without importing it: one regex pass per file and a tiny literal reader, so listing thousands of
 * revisions costs a few milliseconds. Exports written in a form this reader cannot evaluate (a computed
 * value, `export { revision }`) give a `DynamicHeader`: the caller then imports the module.
 */
import { ScriptError } from "../errors.ts";
import type { Revision } from "./revision.ts";

/** The module exports `revision`, but not as a literal this reader understands: import it to learn its header. */
export interface DynamicHeader {
  readonly dynamic: true;
  readonly path: string;
  /** Which export could not be read, for messages. */
  readonly field: string;
}

export function isDynamicHeader(value: Revision | DynamicHeader | undefined): value is DynamicHeader {
  return value !== undefined && "dynamic" in value;
}

type Field = "revision" | "downRevision" | "branchLabels" | "dependsOn" | "message";

/**
 * One header export, from the start of its line to its value: the matches of
 * `/^[ \t]*export[ \t]+(?:const|let|var)[ \t]+(revision|...)\b.../gm`, found by readHeader's loop.
 */
const EXPORT_RE =
  /[ \t]*export[ \t]+(?:const|let|var)[ \t]+(revision|downRevisions?|branchLabels|dependsOn|message)\b[ \t]*(?::[^=\n]*)?=[ \t]*/y;
/**
 * The usual header export, tested in one match: EXPORT_RE followed by a plain value (a string without escape
 * or line terminator, `null`, `[]`) and the end of the statement, as readLiteral reads it. It matches exactly
 * where EXPORT_RE does (that part of the pattern cannot match two ways) and stands for the value readLiteral
 * gives; its value holds no line terminator, so no other match starts inside it. Anything else takes the
 * general path. No capture group: readHeader reads the name and value from the text, so that
 * 15,000 exports do not allocate a match array and its strings each (enough to start a garbage collection).
 */
const PLAIN_EXPORT_RE =
  /[ \t]*export[ \t]+(?:const|let|var)[ \t]+(?:revision|downRevisions?|branchLabels|dependsOn|message)\b[ \t]*(?::[^=\n]*)?=[ \t]*(?:"[^"\\\n\r\u2028\u2029]*"|'[^'\\\n\r\u2028\u2029]*'|null(?![\w$])|\[[ \t]*\])[ \t]*(?:as[ \t]+const)?[ \t]*(?:;|\r?\n|$|\/\/)/y;
/** Exports this reader cannot follow: `export { revision }`, `export default`, re-exports. */
const INDIRECT_RE = /^[ \t]*export[ \t]*(?:\{[^}]*\brevision\b|\*)/m;
const CREATE_DATE_RE = /^[ \t]*\*?[ \t]*Create Date:[ \t]*(.*?)[ \t\r]*$/m;

/** A literal value: a string, null, or an array of strings. `NOT_LITERAL` when it is anything else. */
type Literal = string | null | readonly string[];
const NOT_LITERAL = Symbol("not a literal");
/** An export not found (yet) in the source. */
const UNSEEN = Symbol("not exported");

/**
 * Read the header of a `.ts`/`.mts`/`.js`/`.mjs` migration from its source.
 * Returns undefined when the source exports no `revision` (not a revision file).
 * @throws ScriptError when the header is readable but incomplete or contradictory.
 */
export function readHeader(source: string, path: string): Revision | DynamicHeader | undefined {
  // One shape for every file (not an object that gains keys): this runs once per revision file.
  const found: Record<Field, Literal | typeof UNSEEN> = { revision: UNSEEN, downRevision: UNSEEN, branchLabels: UNSEEN, dependsOn: UNSEEN, message: UNSEEN };
  let dynamicField: string | undefined;
  let from = 0;
  // Each match of the multiline `^[ \t]*export[ \t]+(?:const|let|var)[ \t]+`, as a global multiline regex
  // would find it, but found from its words (CANDIDATE_RE) rather than by trying the pattern at every
  // position; then the line start is checked: the text's start or \n, \r, U+2028, U+2029, then only spaces
  // and tabs. In this loop rather than in a helper: a function called 20,000 times is compiled on its own.
  CANDIDATE_RE.lastIndex = 0;
  while (CANDIDATE_RE.test(source)) {
    // The match's "export": the last one starting before its final blank (no other starts inside the match).
    const nameAt = CANDIDATE_RE.lastIndex;
    let start = source.lastIndexOf("export", nameAt - 1);
    while (start > from && (source.charCodeAt(start - 1) === 32 || source.charCodeAt(start - 1) === 9)) start--;
    if (start > 0) {
      const before = source.charCodeAt(start - 1);
      if (before !== 10 && before !== 13 && before !== 0x2028 && before !== 0x2029) continue;
    }
    PLAIN_EXPORT_RE.lastIndex = start;
    const plain = PLAIN_EXPORT_RE.test(source);
    let field: Field;
    if (plain) {
      // The name (where CANDIDATE_RE stopped): one of the pattern's names followed by a word boundary, told
      // apart by its first letters.
      if (source.startsWith("revision", nameAt)) field = "revision";
      else if (source.startsWith("downRevision", nameAt)) field = "downRevision";
      else if (source.startsWith("branchLabels", nameAt)) field = "branchLabels";
      else field = source.startsWith("dependsOn", nameAt) ? "dependsOn" : "message";
      from = PLAIN_EXPORT_RE.lastIndex;
    } else {
      EXPORT_RE.lastIndex = start;
      const m = EXPORT_RE.exec(source);
      if (m === null) {
        // On, from the word after this one (only spaces and tabs lie between the start and the word).
        from = source.indexOf("export", start) + 1;
        CANDIDATE_RE.lastIndex = from;
        continue;
      }
      const name = m[1] as string;
      field = name === "downRevisions" ? "downRevision" : (name as Field);
      from = EXPORT_RE.lastIndex;
    }
    CANDIDATE_RE.lastIndex = from;
    // Seen twice (e.g. inside a template string), or not seen where expected (several statements on one
    // line): the text alone cannot be trusted, so the module's real exports decide (by importing it).
    if (found[field] !== UNSEEN) return { dynamic: true, path, field };
    let value: Literal | typeof NOT_LITERAL;
    if (plain) {
      // The value PLAIN_EXPORT_RE matched: after the statement's first "=" (the keyword, name and type
      // annotation hold none) and blanks, a plain string, null or [].
      let at = source.indexOf("=", start) + 1;
      let first = source.charCodeAt(at);
      while (first === 32 || first === 9) first = source.charCodeAt(++at);
      if (first === 34 || first === 39) value = source.slice(at + 1, source.indexOf(first === 34 ? '"' : "'", at + 1));
      else value = first === 110 ? null : NONE;
    } else {
      value = readLiteral(source, from);
    }
    if (value === NOT_LITERAL) {
      dynamicField ??= field;
      found[field] = null;
    } else {
      found[field] = value;
    }
  }
  const revision = found.revision;
  if (revision === UNSEEN) {
    return INDIRECT_RE.test(source) ? { dynamic: true, path, field: "revision" } : undefined;
  }
  if (dynamicField !== undefined) return { dynamic: true, path, field: dynamicField };

  if (typeof revision !== "string" || revision === "") {
    throw new ScriptError(`${path}: "revision" must be a non-empty string, e.g. export const revision = "1975ea83b712"`);
  }
  if (found.downRevision === UNSEEN) return { dynamic: true, path, field: "downRevision" };
  const comment = leadingComment(source);
  const createDate = comment === "" ? undefined : CREATE_DATE_RE.exec(comment)?.[1];
  const message = found.message;
  if (Array.isArray(message)) throw new ScriptError(`${path}: "message" must be a string`);
  const rev: { -readonly [K in keyof Revision]: Revision[K] } = {
    revision,
    downRevisions: toList(found.downRevision),
    branchLabels: toList(found.branchLabels),
    dependsOn: toList(found.dependsOn),
    message: typeof message === "string" ? message : firstCommentLine(source),
    path,
  };
  if (createDate) rev.createDate = createDate;
  return rev;
}

/** The words a header export starts with (EXPORT_RE needs them): found by the engine, not word by word in JS. */
const CANDIDATE_RE = /export[ \t]+(?:const|let|var)[ \t]+/g;


/**
 * The list of an absent, null or empty export: one frozen array for every revision rather than two or three
 * each (most revisions declare no branch label and no dependsOn).
 */
const NONE: readonly string[] = Object.freeze([]);

function toList(value: Literal | typeof UNSEEN): readonly string[] {
  return value === null || value === UNSEEN ? NONE : typeof value === "string" ? [value] : value.length === 0 ? NONE : value;
}

/** The `/** ... *\/` or `/* ... *\/` comment the file starts with, or "". */
function leadingComment(source: string): string {
  // A printable ASCII first character is not white space: no search (most files start with "/" or "i").
  const first = source.charCodeAt(0);
  const start = first > 32 && first < 127 ? 0 : source.search(/\S/);
  if (start < 0 || !source.startsWith("/*", start)) return "";
  const end = source.indexOf("*/", start + 2);
  return end < 0 ? "" : source.slice(start, end);
}

/** Alembic's fallback: the first line of the module docstring is the message. */
function firstCommentLine(source: string): string {
  for (const line of leadingComment(source).split("\n")) {
    const text = line.replace(/^\s*\/?\*+\s?/, "").trim();
    if (text !== "" && !/^(Revision ID|Revises|Create Date):/.test(text)) return text;
  }
  return "";
}

const WS_RE = /\s*/y;

function skipSpace(source: string, at: number): number {
  WS_RE.lastIndex = at;
  WS_RE.exec(source);
  return WS_RE.lastIndex;
}

/** What may follow a literal: the end of the statement (`;`, newline or `as const`). */
const REST_RE = /[ \t]*(?:as[ \t]+const)?[ \t]*(?:;|\r?\n|$|\/\/)/y;

/** A literal at `at`, which must end the statement (`;`, newline or `as const`). */
function readLiteral(source: string, at: number): Literal | typeof NOT_LITERAL {
  const value = readValue(source, at);
  if (value === NOT_LITERAL) return NOT_LITERAL;
  REST_RE.lastIndex = value.end;
  return REST_RE.test(source) ? value.value : NOT_LITERAL;
}

function readValue(source: string, at: number): { value: Literal; end: number } | typeof NOT_LITERAL {
  if (source.startsWith("null", at) && !/[\w$]/.test(source[at + 4] ?? "")) return { value: null, end: at + 4 };
  if (source[at] !== "[") return readString(source, at);
  const items: string[] = [];
  let i = skipSpace(source, at + 1);
  while (source[i] !== "]") {
    const item = readString(source, i);
    if (item === NOT_LITERAL) return NOT_LITERAL;
    items.push(item.value);
    i = skipSpace(source, item.end);
    if (source[i] === ",") i = skipSpace(source, i + 1);
    else if (source[i] !== "]") return NOT_LITERAL;
  }
  return { value: items, end: i + 1 };
}

const ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", "0": "\0" };

function readString(source: string, at: number): { value: string; end: number } | typeof NOT_LITERAL {
  const quote = source[at];
  if (quote !== '"' && quote !== "'" && quote !== "`") return NOT_LITERAL;
  // The usual string (an id, a message): no escape, no line break, no `${`: the text up to the quote.
  const close = source.indexOf(quote, at + 1);
  if (close > at) {
    const text = source.slice(at + 1, close);
    if (!text.includes("\\") && !text.includes("\n") && !(quote === "`" && text.includes("${"))) return { value: text, end: close + 1 };
  }
  let out = "";
  for (let i = at + 1; i < source.length; i++) {
    const c = source[i] as string;
    if (c === quote) return { value: out, end: i + 1 };
    if (c === "\n" && quote !== "`") return NOT_LITERAL;
    if (c === "$" && quote === "`" && source[i + 1] === "{") return NOT_LITERAL;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = source[++i] ?? "";
    if (e === "u" || e === "x") {
      const m = e === "x" ? /^[0-9a-fA-F]{2}/.exec(source.slice(i + 1, i + 3))
        : /^(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]{1,6}\})/.exec(source.slice(i + 1, i + 9));
      if (!m) return NOT_LITERAL;
      out += String.fromCodePoint(parseInt(m[0].replace(/[{}]/g, ""), 16));
      i += m[0].length;
    } else if (e === "\n") {
      // line continuation
    } else {
      out += ESCAPES[e] ?? e;
    }
  }
  return NOT_LITERAL;
}
