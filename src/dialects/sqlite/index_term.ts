/**
 * An index column SQLite reads as `expression [COLLATE name] [ASC | DESC]`. The model has no place for
 * the collation and the order, so reflection keeps them in the column's expression (`name DESC`); the
 * compiler must then put only the expression in parentheses: `(name) DESC`, as `(name DESC)` is an error.
 */
export interface IndexTerm {
  /** The expression, without the suffix. */
  readonly base: string;
  /** `" COLLATE name"`, `" DESC"`, `" COLLATE name ASC"` or "": keywords in upper case, one space before each. */
  readonly suffix: string;
}

const ORDER = /\s+(ASC|DESC)\s*$/i;
const COLLATE = /\s+COLLATE\s+("(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`|'(?:[^']|'')*'|[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)\s*$/i;

/** Split the trailing COLLATE and ASC / DESC off an index expression. */
export function splitIndexTerm(expression: string): IndexTerm {
  let base = expression.trim();
  let order = "";
  let collate = "";
  const o = ORDER.exec(base);
  if (o) {
    order = ` ${o[1]!.toUpperCase()}`;
    base = base.slice(0, o.index);
  }
  const c = COLLATE.exec(base);
  if (c) {
    collate = ` COLLATE ${c[1]}`;
    base = base.slice(0, c.index);
  }
  return { base, suffix: collate + order };
}
