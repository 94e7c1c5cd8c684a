/**
 * The transaction-control statement `sql` is, in words ("COMMIT"), or undefined. Used only to refuse one
 * in a migration (Transaction.statement): nothing tracks a transaction by reading SQL. SAVEPOINT,
 * RELEASE, ROLLBACK TO and the two-phase COMMIT/ROLLBACK PREPARED are not transaction boundaries.
 */
export function transactionControl(sql: string): string | undefined {
  const words = sql.trim().replace(/;\s*$/, "").trim().toUpperCase().split(/\s+/);
  const [first, second] = words;
  if (first === "BEGIN" && words.length <= 3) return "BEGIN";
  if (first === "START" && second === "TRANSACTION") return "START TRANSACTION";
  if ((first === "COMMIT" || first === "ROLLBACK") && second !== "PREPARED" && second !== "TO" && !(second === "TRANSACTION" && words[2] === "TO")) return first;
  if ((first === "END" || first === "ABORT") && words.length <= 2) return first;
  return undefined;
}
