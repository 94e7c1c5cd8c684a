/**
 * The one owner of the bookkeeping tables' statements, online and offline: their creation, the version
 * table's rows and the history's. The runner, stamp and repair write them only through a Journal. Rows are
 * written with literals, so each write is one plain statement, the same in a script.
 */
import { hostname, userInfo } from "node:os";
import type { Dialect, Statement } from "../dialects/dialect.ts";
import type { StatementWriter } from "../runtime/target.ts";
import type { VersionUpdate } from "../script/revision.ts";
import type { TableRef } from "../operations/ops.ts";
import type { TableModel } from "../schema/model.ts";
import { VERSION } from "../version.ts";
import { MigratorError } from "../errors.ts";
import { HISTORY_COLUMNS, type BookkeepingTables } from "./tables.ts";
import { rowFromDatabase, type HistoryDirection, type HistoryRow, type HistoryState } from "./row.ts";

/** What a new row says before the revision runs. */
export interface HistoryStart {
  readonly revision: string;
  readonly direction: HistoryDirection;
  readonly checksum: string | null;
}

export class Journal {
  #nextId: number | undefined;
  #historyExists: boolean | undefined;
  /** Created, or checked and upgraded in place, by this journal. */
  #historyReady = false;

  constructor(
    /** Where its statements go: a Transaction's writer, which runs each in the open transaction or alone. */
    readonly target: StatementWriter,
    readonly dialect: Dialect,
    readonly tables: BookkeepingTables,
    /** Reads a table's columns from the live database (to upgrade the history table in place). */
    private readonly reflect?: (ref: TableRef) => Promise<TableModel | undefined>,
    /** The clock, replaced in tests. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Create the tables that do not exist yet: called only when something is about to be recorded, so that
   * a run that records nothing leaves no empty table behind. The version table's CREATE is the one an
   * offline script prints.
   */
  async ensure(): Promise<void> {
    // An offline script starts from base (the caller says when): the version table only, no history.
    if (this.target.offline) return await this.target.statement({ sql: this.tables.version.create(false) });
    try {
      if (!(await this.#exists(this.tables.version.exists()))) await this.target.statement({ sql: this.tables.version.create(false) });
      await this.#ensureHistory();
    } catch (error) {
      if (error instanceof MigratorError) throw error;
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new MigratorError(
        `Cannot create the bookkeeping tables ${this.tables.version.name} and ${this.tables.history.name}: ${reason}; check version_table, version_table_schema and the user's privileges`,
        { cause: error },
      );
    }
  }

  async #ensureHistory(): Promise<void> {
    if (this.#historyReady) return;
    if (await this.#exists(this.tables.history.exists)) await this.#addMissingColumns();
    else for (const stmt of await this.dialect.compile(this.tables.history.create, { table: async () => undefined })) await this.target.statement(stmt);
    this.#historyExists = true;
    this.#historyReady = true;
  }

  /**
   * A history table made by an earlier migrator is upgraded in place: the declared columns it lacks are
   * added (nullable: its rows predate them). Needs `reflect`; without it the table is taken as it is.
   */
  async #addMissingColumns(): Promise<void> {
    const table = await this.reflect?.(this.tables.history.ref);
    if (!table) return;
    const have = new Set(table.columns.map((c) => c.name.toLowerCase()));
    for (const column of this.tables.history.create.columns) {
      if (have.has(column.name.toLowerCase())) continue;
      const op = { kind: "addColumn" as const, table: this.tables.history.ref, column: { ...column, nullable: true } };
      for (const stmt of await this.dialect.compile(op, { table: async () => table })) await this.target.statement(stmt);
    }
  }

  async #exists(query: Statement): Promise<boolean> {
    return (await this.target.query(query.sql, query.params ?? [])).length > 0;
  }

  /** Apply a step's changes to the version table (Alembic's rows: one per head). */
  async writeVersionUpdates(updates: readonly VersionUpdate[]): Promise<void> {
    const table = this.tables.version;
    for (const u of updates) {
      if (u.kind === "insert") await this.target.statement(table.insert(u.to));
      else if (u.kind === "delete") await this.target.statement(table.delete(u.from));
      else await this.target.statement(table.update(u.from, u.to));
    }
  }

  /** Down to base in an offline script: drop the version table (the mirror of the script's CREATE). */
  async dropVersionTable(): Promise<void> {
    await this.target.statement({ sql: this.tables.version.drop() });
  }

  /** Every history row, oldest first; none when the table does not exist (a database of an earlier migrator). */
  async rows(): Promise<HistoryRow[]> {
    if (!(this.#historyExists ??= await this.#exists(this.tables.history.exists))) return [];
    // Every column, whatever the table's age: a column an earlier migrator did not have reads as null.
    const rows = await this.target.query(`SELECT * FROM ${this.tables.history.name} ORDER BY ${this.dialect.quoteIdentifier("id")}`, []);
    return rows.map(rowFromDatabase);
  }

  /** A new row for a revision about to run, with its id, not written yet (see RevisionRecord). */
  async newRow(entry: HistoryStart): Promise<HistoryRow> {
    await this.#ensureHistory();
    return {
      id: await this.#takeId(),
      ...entry,
      state: "started",
      statements: 0,
      startedAt: this.now().toISOString(),
      finishedAt: null,
      durationMs: null,
      ...who(),
      toolVersion: VERSION,
      error: null,
    };
  }

  /** The write of a row as it is (a revision recorded as started), for the caller to send (Transaction's `Around`). */
  insertion(row: HistoryRow): Statement {
    return { sql: this.#insertSql(row) };
  }

  /** The write of how many of the started revision's statements have completed for good, for the caller to send. */
  progress(row: HistoryRow, statements: number): Statement {
    return { sql: this.#updateSql(row.id, { statements }) };
  }

  /**
   * The revision completed, in the same transaction as its version-table update: its started row updated,
   * or (`written` false: nothing of it could commit on its own, so no started row was needed) inserted whole.
   */
  async complete(row: HistoryRow, statements: number, written: boolean): Promise<HistoryRow> {
    const done = this.#finished(row, "completed", statements, null);
    if (written) await this.#update(row.id, { state: "completed", statements, finished_at: done.finishedAt, duration_ms: done.durationMs });
    else await this.#insert(done);
    return done;
  }

  /**
   * The revision failed, after its transaction was rolled back (which may have taken the started row with
   * it): the row is written again whole. `statements` counts those that stay applied.
   */
  async fail(row: HistoryRow, statements: number, error: string): Promise<void> {
    // The rollback may have taken the table's creation (or upgrade) with it.
    this.#historyExists = undefined;
    this.#historyReady = false;
    await this.#ensureHistory();
    await this.target.statement({ sql: `DELETE FROM ${this.tables.history.name} WHERE ${this.dialect.quoteIdentifier("id")} = ${row.id}` });
    await this.#insert(this.#finished(row, "failed", statements, error));
  }

  /** A completed row at once (stamp, repair): what was done by hand, and the checksum it accepted. */
  async record(entry: HistoryStart): Promise<HistoryRow> {
    return await this.complete(await this.newRow(entry), 0, false);
  }

  /** Mark rows left incomplete as dealt with (a re-run, repair or stamp). */
  async clear(rows: readonly HistoryRow[]): Promise<void> {
    for (const row of rows) await this.#update(row.id, { state: "cleared" });
  }

  #finished(row: HistoryRow, state: HistoryState, statements: number, error: string | null): HistoryRow {
    const end = this.now();
    return { ...row, state, statements, error, finishedAt: end.toISOString(), durationMs: Math.max(0, end.getTime() - Date.parse(row.startedAt)) };
  }

  async #takeId(): Promise<number> {
    if (this.#nextId === undefined) {
      const rows = await this.target.query(`SELECT MAX(${this.dialect.quoteIdentifier("id")}) AS m FROM ${this.tables.history.name}`, []);
      this.#nextId = Number(rows[0]?.["m"] ?? 0) + 1;
    }
    return this.#nextId++;
  }

  async #insert(row: HistoryRow): Promise<void> {
    await this.target.statement({ sql: this.#insertSql(row) });
  }

  #insertSql(row: HistoryRow): string {
    const values = [row.id, row.revision, row.direction, row.state, row.statements, row.checksum, row.startedAt, row.finishedAt, row.durationMs, row.runBy, row.host, row.toolVersion, row.error];
    const cols = HISTORY_COLUMNS.map((c) => this.dialect.quoteIdentifier(c)).join(", ");
    return `INSERT INTO ${this.tables.history.name} (${cols}) VALUES (${values.map((v) => this.dialect.literal(v)).join(", ")})`;
  }

  async #update(id: number, set: Readonly<Record<string, string | number | null>>): Promise<void> {
    await this.target.statement({ sql: this.#updateSql(id, set) });
  }

  #updateSql(id: number, set: Readonly<Record<string, string | number | null>>): string {
    const assignments = Object.entries(set).map(([k, v]) => `${this.dialect.quoteIdentifier(k)} = ${this.dialect.literal(v)}`);
    return `UPDATE ${this.tables.history.name} SET ${assignments.join(", ")} WHERE ${this.dialect.quoteIdentifier("id")} = ${id}`;
  }
}

let runner: { runBy: string | null; host: string | null } | undefined;

/** Who runs migrator: the OS user and host, as far as they can be read (a container may have no user entry). Read once. */
function who(): { runBy: string | null; host: string | null } {
  return (runner ??= readWho());
}

function readWho(): { runBy: string | null; host: string | null } {
  let runBy: string | null = null;
  try {
    runBy = userInfo().username;
  } catch {
    // No passwd entry for the uid (containers): fall back to the environment, or nothing.
    runBy = process.env["USER"] ?? process.env["LOGNAME"] ?? null;
  }
  return { runBy, host: hostname() || null };
}
