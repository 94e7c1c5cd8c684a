/**
 * The transaction-control statement `sql` is, in words ("COMMIT"), or undefined. Used only to refuse one
 * in a migration (Transaction.statement): nothing tracks a transaction by reading SQL. SAVEPOINT,
 * RELEASE, ROLLBACK TO and the two-phase COMMIT/ROLLBACK PREPARED are not transaction boundaries.
 */
export function transactionControl(sql: string): string | undefined {
  if (!mayBeControl(sql)) return undefined;
  const words = sql.trim().replace(/;\s*$/, "").trim().toUpperCase().split(/\s+/);
  const [first, second] = words;
  if (first === "BEGIN" && words.length <= 3) return "BEGIN";
  if (first === "START" && second === "TRANSACTION") return "START TRANSACTION";
  if ((first === "COMMIT" || first === "ROLLBACK") && second !== "PREPARED" && second !== "TO" && !(second === "TRANSACTION" && words[2] === "TO")) return first;
  if ((first === "END" || first === "ABORT") && words.length <= 2) return first;
  return undefined;
}

/** The first two letters of every word answered above. */
const CONTROL_PREFIXES = new Set(["BE", "ST", "CO", "RO", "EN", "AB"]);

/**
 * False when `sql` cannot be transaction control, told from its first two characters without splitting
 * the whole text (most statements: CREATE, ALTER, INSERT, ...). Only two ASCII letters decide: the upper
 * case of another character may be an ASCII letter, or two of them.
 */
function mayBeControl(sql: string): boolean {
  const a = sql.charCodeAt(0);
  const b = sql.charCodeAt(1);
  if (!isAsciiLetter(a) || !isAsciiLetter(b)) return true;
  return CONTROL_PREFIXES.has(String.fromCharCode(a & ~0x20, b & ~0x20));
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
