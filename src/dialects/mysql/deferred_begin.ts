/** Statements after which MySQL has committed implicitly and left the session in autocommit. */
const IMPLICIT_COMMIT = /^\s*(?:(?:CREATE|DROP)(?!\s+(?:OR\s+REPLACE\s+)?TEMPORARY\b)|ALTER|RENAME|TRUNCATE)\b/i;
const BEGIN = /^\s*(?:START\s+TRANSACTION|BEGIN)\s*;?\s*$/i;
const END = /^\s*(?:COMMIT|ROLLBACK)\s*;?\s*$/i;

/**
 * Sends START TRANSACTION only when a statement that it changes comes: a transaction that holds nothing
 * but is ended by COMMIT, ROLLBACK or DDL (which commits implicitly) costs no round trip. A revision of
 * DDL then costs its own statements and the version-table update's START TRANSACTION, UPDATE and COMMIT,
 * instead of a START TRANSACTION before each DDL statement too. What runs, and in which transaction, is
 * the same: an empty transaction ended by DDL or COMMIT leaves nothing behind, and InnoDB takes its
 * snapshot at the first read, not at START TRANSACTION.
 */
export function deferBegin<T>(send: (sql: string) => Promise<T>, empty: T): (sql: string) => Promise<T> {
  let pending = false;
  // Whether a START TRANSACTION was sent and not yet ended.
  let open = false;
  return async (sql) => {
    if (BEGIN.test(sql) && !open) {
      pending = true;
      return empty;
    }
    if (pending && (END.test(sql) || IMPLICIT_COMMIT.test(sql))) {
      pending = false;
      if (END.test(sql)) return empty;
    } else if (pending) {
      pending = false;
      await send("START TRANSACTION");
      open = true;
    }
    const ends = END.test(sql) || IMPLICIT_COMMIT.test(sql);
    try {
      const result = await send(sql);
      if (BEGIN.test(sql)) open = true;
      return result;
    } finally {
      // DDL commits implicitly even when it fails.
      if (ends) open = false;
    }
  };
}
