import type { Statement } from "../dialects/dialect.ts";
import type { Journal } from "./journal.ts";
import type { HistoryStart } from "./journal.ts";
import type { HistoryRow } from "./row.ts";

/**
 * The history row of one revision as it runs. The row is written as `started` right before the revision's
 * first statement (`started()`, in that statement's transaction) only where a statement may commit on its
 * own (`eager`: no transactional DDL, or a revision run outside a transaction); elsewhere the revision is
 * all-or-nothing and one INSERT at its end records it, unless a statement commits on its own after all
 * (CREATE INDEX CONCURRENTLY), which writes the started row then (outside the transaction, right after
 * that statement). A revision that sends no statement is recorded by that one INSERT too.
 * The record's writes go with the statements (the sink's hooks): the started row right before the first
 * (done before it starts), each count of statements completed right after the statement that completes
 * it (done only if it succeeds), in its round trip where the target can.
 */
export class RevisionRecord {
  #written = false;
  /** The started row is still to be written before the first statement, with this count. */
  #pending: number | undefined;
  private constructor(
    private readonly journal: Journal,
    private readonly row: HistoryRow,
  ) {}

  /** `done`: statements already completed (a resumed revision's, skipped): the count the row starts at. */
  static async begin(journal: Journal, entry: HistoryStart, eager: boolean, done = 0): Promise<RevisionRecord> {
    const record = new RevisionRecord(journal, await journal.newRow(entry));
    if (eager) record.#pending = done;
    return record;
  }

  /** A statement is about to be sent: the started row's write, to go right before it, if it is due. */
  started(): Statement | undefined {
    const done = this.#pending;
    if (done === undefined) return undefined;
    this.#pending = undefined;
    return this.#write(done);
  }

  /** The write that records `statements` of the revision as committed for good, to go right after the statement that commits them. */
  committed(statements: number): Statement {
    return this.#written ? this.journal.progress(this.row, statements) : this.#write(statements);
  }

  async complete(statements: number): Promise<void> {
    await this.journal.complete(this.row, statements, this.#written);
  }

  /** After the rollback: the row written again whole as failed, with the statements that stay applied. */
  async fail(kept: number, error: string): Promise<void> {
    await this.journal.fail(this.row, kept, error);
  }

  #write(statements: number): Statement {
    this.#written = true;
    return this.journal.insertion({ ...this.row, statements });
  }
}
