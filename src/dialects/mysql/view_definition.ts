import { tokens, unquote } from "../sql/lexer.ts";
import { MYSQL_QUOTES } from "./ddl.ts";

/**
 * A view's VIEW_DEFINITION without its own database's qualifier: the server writes every name in full
 * (``select `app`.`t`.`id` AS `id` from `app`.`t` ``), so the same view made in another database (a
 * scratch database) would otherwise read differently. A backquoted name equal to `database` and directly
 * followed by `.` goes; text inside strings and comments, and other databases' names, stay.
 */
export function unqualifiedViewDefinition(definition: string, database: string): string {
  const all = [...tokens(definition, MYSQL_QUOTES)];
  let out = "";
  for (let i = 0; i < all.length; i++) {
    const t = all[i]!;
    const next = all[i + 1];
    const own = t.kind === "identifier" && t.open === "`" && t.terminated && unquote(definition.slice(t.start, t.end)) === database;
    if (own && next !== undefined && next.kind === "other" && definition[next.start] === ".") {
      i++; // the dot goes with the name
      continue;
    }
    out += definition.slice(t.start, t.end);
  }
  return out;
}
