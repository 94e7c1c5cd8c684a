import { expect, test } from "bun:test";
import { transactionControl } from "./transaction_control.ts";

test("transaction boundaries are recognised in each dialect's spellings; savepoints, two-phase commits and compound blocks are not", () => {
  for (const sql of ["BEGIN", " begin; ", "BEGIN IMMEDIATE TRANSACTION", "START TRANSACTION", "start transaction read write", "COMMIT", "commit work", "END", "END TRANSACTION", "ABORT", "ROLLBACK", "ROLLBACK TRANSACTION"]) {
    expect([sql, transactionControl(sql)]).toEqual([sql, expect.any(String)]);
  }
  for (const sql of ["SAVEPOINT a", "RELEASE SAVEPOINT a", "ROLLBACK TO SAVEPOINT a", "ROLLBACK TRANSACTION TO SAVEPOINT a", "COMMIT PREPARED 'x'", "ROLLBACK PREPARED 'x'", "BEGIN NOT ATOMIC SELECT 1; END", "DO $$ BEGIN NULL; END $$", "CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END", "INSERT INTO t VALUES ('COMMIT')"]) {
    expect([sql, transactionControl(sql)]).toEqual([sql, undefined]);
  }
});

test("statements told apart by their first two letters get the answer the whole text gives", () => {
  // Other words are answered from their first two letters; control words in any case, and texts that do not
  // start with two ASCII letters (spaces, a comment, "ſ" whose upper case is "S"), are read whole.
  for (const sql of ["Commit", "rOLLBACK", "eNd", "aBoRt", "StArT TRANSACTION", "\tBEGIN", "ſtart transaction"]) {
    expect([sql, transactionControl(sql)]).toEqual([sql, expect.any(String)]);
  }
  for (const sql of ["CREATE TABLE t (a int)", "ALTER TABLE t ADD COLUMN b int", "INSERT INTO t VALUES (1)", "RENAME TABLE a TO b", "EXECUTE p", "SELECT 1", "C", "", "-- COMMIT"]) {
    expect([sql, transactionControl(sql)]).toEqual([sql, undefined]);
  }
});
