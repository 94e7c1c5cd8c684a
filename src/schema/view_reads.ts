/**
 * What a view's query reads: the relations named after FROM, JOIN, and the commas of a FROM list, at any
 * depth (subqueries, CTEs), by their last name part, in lower case. A column alias or a column that shares
 * a view's name is not a dependency (`SELECT count(*) AS summary` does not read the view summary), which
 * the order views are made and dropped in depends on.
 */
import { tokens, unquote } from "../dialects/sql/lexer.ts";
import { mentionsIdentifier } from "./identifiers.ts";

/** Words that end a FROM list at their depth. */
const FROM_ENDS = new Set(["where", "group", "order", "having", "limit", "offset", "fetch", "union", "intersect", "except", "window", "for", "returning", "on", "using", "select", "values"]);
/** Words that may come between FROM or JOIN and the relation. */
const BEFORE_RELATION = new Set(["lateral", "only"]);

export function relationsOf(query: string): Set<string> {
  const found = new Set<string>();
  const parts = [...tokens(query, { bracketIdentifiers: true })].filter((t) => t.kind !== "space" && t.kind !== "comment");
  // Per parenthesis depth: whether a FROM list is open there.
  const inFrom: boolean[] = [false];
  let expect = false;
  for (let i = 0; i < parts.length; i++) {
    const t = parts[i]!;
    const text = query.slice(t.start, t.end);
    const word = t.kind === "word" ? text.toLowerCase() : undefined;
    if (text === "(") {
      inFrom.push(false);
      expect = false;
      continue;
    }
    if (text === ")") {
      if (inFrom.length > 1) inFrom.pop();
      expect = false;
      continue;
    }
    const depth = inFrom.length - 1;
    if (word === "from" || word === "join") {
      inFrom[depth] = true;
      expect = true;
      continue;
    }
    if (text === "," && inFrom[depth]) {
      expect = true;
      continue;
    }
    if (word !== undefined && FROM_ENDS.has(word)) {
      inFrom[depth] = false;
      expect = false;
      continue;
    }
    if (!expect) continue;
    if (word !== undefined && BEFORE_RELATION.has(word)) continue;
    if (t.kind !== "word" && t.kind !== "identifier") {
      expect = false;
      continue;
    }
    // A qualified name: its last part.
    let last = t;
    while (query.slice(parts[i + 1]?.start ?? 0, parts[i + 1]?.end ?? 0) === "." && parts[i + 2]) {
      i += 2;
      last = parts[i]!;
    }
    const name = query.slice(last.start, last.end);
    found.add((last.kind === "identifier" ? unquote(name) : name).toLowerCase());
    expect = false;
  }
  return found;
}

/**
 * Whether a view's text reads the column of a table it reads: it names the column, or selects `*` (`SELECT *`,
 * `t.*`, `a, *`; not `count(*)`, not a product). A view that names the word for something else counts too:
 * those who ask make such a view again, harmlessly.
 */
export function readsColumn(query: string, column: string): boolean {
  if (mentionsIdentifier(query, column)) return true;
  let previous = "";
  for (const t of tokens(query)) {
    if (t.kind === "space" || t.kind === "comment") continue;
    const text = query.slice(t.start, t.end);
    if (text === "*" && (previous === "select" || previous === "distinct" || previous === "all" || previous === "," || previous === ".")) return true;
    previous = t.kind === "word" ? text.toLowerCase() : text;
  }
  return false;
}
