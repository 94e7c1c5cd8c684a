/**
 * An index column SQLite reads as `expression [COLLATE name] [ASC | DESC]`. The order has its place in
 * the model (IndexColumn's `order`); the collation does not, so reflection keeps it in the column's
 * expression (`name COLLATE NOCASE`), and the compiler must put only the expression in parentheses:
 * `(name) COLLATE NOCASE DESC`, as `(name COLLATE NOCASE)` is another expression.
 */
import type { IndexColumn, IndexOrder } from "../../operations/ops.ts";
import { normalIndexColumn } from "../../operations/index_column.ts";

export interface IndexTerm {
  /** The expression, without the collation and the order. */
  readonly base: string;
  /** `" COLLATE name"` or "": the keyword in upper case, one space before it. */
  readonly collate: string;
  /** The ASC / DESC written after it, if any. */
  readonly order?: IndexOrder;
}

const ORDER = /\s+(ASC|DESC)\s*$/i;
const COLLATE = /\s+COLLATE\s+("(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`|'(?:[^']|'')*'|[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)\s*$/i;
const IDENTIFIER = /^(?:([A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)|"((?:[^"]|"")*)"|\[([^\]]*)\]|`((?:[^`]|``)*)`)$/;

/** Split the trailing COLLATE and ASC / DESC off an index expression. */
export function splitIndexTerm(expression: string): IndexTerm {
  let base = expression.trim();
  let order: IndexOrder | undefined;
  let collate = "";
  const o = ORDER.exec(base);
  if (o) {
    order = o[1]!.toLowerCase() as IndexOrder;
    base = base.slice(0, o.index);
  }
  const c = COLLATE.exec(base);
  if (c) {
    collate = ` COLLATE ${c[1]}`;
    base = base.slice(0, c.index);
  }
  return order ? { base, collate, order } : { base, collate };
}

/**
 * One key of an index as SQLite prints it (or as an older revision wrote it, `{ expression: "name DESC" }`)
 * → the model's index column in its normal form: a lone column name (with an order) is a name, anything
 * else an expression with its collation; "asc" left out.
 */
export function readIndexKey(text: string, order?: IndexOrder): IndexColumn {
  const term = splitIndexTerm(text);
  const desc = term.order === "desc" || order === "desc";
  const id = term.collate === "" ? IDENTIFIER.exec(term.base.trim()) : null;
  const name = id ? (id[1] ?? id[2]?.replaceAll('""', '"') ?? id[3] ?? id[4]?.replaceAll("``", "`")) : undefined;
  const key: IndexColumn = name !== undefined ? { name } : { expression: term.base + term.collate };
  return normalIndexColumn(desc ? { ...key, order: "desc" } : key);
}
