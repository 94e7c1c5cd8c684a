import { UnsupportedOperationError } from "../../errors.ts";
import { tokens, type Token } from "../sql/lexer.ts";
import { SQLITE_QUOTES } from "./quote_syntax.ts";

/**
 * The SELECT of a stored `CREATE [TEMP|TEMPORARY] VIEW [IF NOT EXISTS] [schema.]name [(columns)] AS select`,
 * as written: SQLite keeps no other form of a view. A column list is not part of it (the model has no place
 * for one). Names may be bare or quoted with "", `` or []; keywords in any case; comments anywhere.
 */
export function sqliteViewQuery(createSql: string, view: string): string {
  const words = [...tokens(createSql, SQLITE_QUOTES)].filter((t) => t.kind !== "space" && t.kind !== "comment");
  const text = (t: Token | undefined) => (t === undefined ? "" : createSql.slice(t.start, t.end));
  const keyword = (t: Token | undefined, ...ks: string[]) => t?.kind === "word" && ks.includes(text(t).toUpperCase());
  const isName = (t: Token | undefined) => t !== undefined && (t.kind === "word" || t.kind === "identifier" || t.kind === "string");
  let i = 0;
  const fail = (): never => {
    throw new UnsupportedOperationError(`Cannot read the SELECT of view "${view}" from its CREATE VIEW statement: ${createSql}`);
  };
  if (!keyword(words[i++], "CREATE")) fail();
  if (keyword(words[i], "TEMP", "TEMPORARY")) i++;
  if (!keyword(words[i++], "VIEW")) fail();
  if (keyword(words[i], "IF") && keyword(words[i + 1], "NOT") && keyword(words[i + 2], "EXISTS")) i += 3;
  if (!isName(words[i++])) fail();
  if (text(words[i]) === ".") {
    if (!isName(words[i + 1])) fail();
    i += 2;
  }
  if (text(words[i]) === "(") {
    // The column list: skipped to its closing parenthesis.
    let depth = 0;
    for (; i < words.length; i++) {
      const p = text(words[i]);
      if (p === "(") depth++;
      else if (p === ")" && --depth === 0) break;
    }
    i++;
  }
  const as = words[i];
  if (!keyword(as, "AS")) fail();
  return createSql.slice(as!.end).trim();
}
