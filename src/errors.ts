/**
 * The exit codes of the CLI, one table for every command (README: Exit codes). A new code takes the next
 * free number and a line in the README's table.
 */
export const EXIT_CODES = {
  /** Success. */
  ok: 0,
  /** An error: one line on stderr starting with "error:". */
  error: 1,
  /** Bad usage: unknown command or option, wrong arguments. */
  usage: 2,
  /** `check` found differences between the database (or the history) and the declared schema. */
  checkDifferences: 3,
  /** Reserved for `check-history`. */
  historyCheck: 4,
  /** `current --check-heads`: the database is not at every head (revisions not applied yet). */
  behind: 5,
  /** The database cannot be reached (refused, no answer, `wait` / `--wait` gave up); waiting may fix it. */
  unreachable: 6,
  /** An `upgrade` / `downgrade` stopped by SIGINT. */
  sigint: 130,
  /** An `upgrade` / `downgrade` stopped by SIGTERM. */
  sigterm: 143,
} as const;

/**
 * Typed errors. Every error the user can cause is a MigratorError: the CLI prints its message as one
 * line and exits with its exit code; anything else is a bug and gets a stack trace.
 */
export class MigratorError extends Error {
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    // The bundler may rename a class (MigrationFailedError2); the name users see is the source's.
    this.name = new.target.name.replace(/\d+$/, "");
  }
}

/** Bad command-line usage: unknown flag, missing argument. Exit code 2. */
export class UsageError extends MigratorError {
  override readonly exitCode: number = EXIT_CODES.usage;
}

/** The configuration file or URL is missing or invalid. */
export class ConfigError extends MigratorError {}

/** A migration module or SQL revision file cannot be read or is inconsistent. */
export class ScriptError extends MigratorError {}

/** Base class of errors about the revision graph and revision identifiers. */
export class RevisionError extends MigratorError {}

/** The graph has a cycle. */
export class CycleError extends RevisionError {
  constructor(readonly revisions: readonly string[]) {
    super(`Cycle detected in the revision graph: ${revisions.map((r) => `"${r}"`).join(" -> ")}`);
  }
}

/** Two modules declare the same revision id. */
export class DuplicateRevisionError extends RevisionError {
  constructor(readonly revision: string, readonly paths: readonly string[]) {
    super(`Revision "${revision}" is declared twice: ${paths.join(" and ")}; give one of them a new id`);
  }
}

/** A downRevision or dependsOn names a revision that does not exist. */
export class MissingParentError extends RevisionError {
  constructor(readonly revision: string, readonly parent: string, readonly kind: "downRevision" | "dependsOn") {
    super(`Revision "${revision}" names ${kind} "${parent}", which does not exist`);
  }
}

/** An identifier matches no revision. */
export class UnknownRevisionError extends RevisionError {
  constructor(readonly identifier: string, detail?: string) {
    super(`No revision matches "${identifier}"${detail ? `: ${detail}` : ""}`);
  }
}

/** A partial id matches several revisions. */
export class AmbiguousRevisionError extends RevisionError {
  constructor(readonly identifier: string, readonly candidates: readonly string[]) {
    super(
      `Cannot resolve revision "${identifier}": ${candidates.length} revisions start with it (${candidates.join(", ")})`,
    );
  }
}

/** "head" (or a single target) was asked for, but the graph or the database has several heads. */
export class MultipleHeadsError extends RevisionError {
  constructor(readonly heads: readonly string[], readonly what: string = "head") {
    super(
      `"${what}" is ambiguous: there are ${heads.length} heads (${heads.join(", ")}); ` +
        (what === "head"
          ? `name one (e.g. "${heads[0]}" or "label@head"), use "heads", or merge them with "migrator merge heads"`
          : `name one of them (e.g. "${heads[0]}")`),
    );
  }
}

/** A branch label is used twice, or clashes with a revision id. */
export class BranchLabelError extends RevisionError {}

/** A range or relative move cannot be carried out on this graph (e.g. not an ancestor, too many steps). */
export class RevisionRangeError extends RevisionError {}

/** Another process holds the migration lock for longer than the timeout. */
export class LockTimeoutError extends MigratorError {
  /** The message every dialect gives: what is locked, for how long we waited, who holds it if known. */
  static held(what: string, timeoutMs: number, holder = "", note = ""): LockTimeoutError {
    return new LockTimeoutError(
      `Another migrator process has held the lock on ${what} for more than ${timeoutMs / 1000} s${holder ? ` (held by ${holder})` : ""}; ` +
        `wait for it to finish or raise lock_timeout (--lock-timeout)${note ? `. ${note}` : ""}`,
    );
  }
}

/** The migration lock (a lease) may have passed to another process during the run. */
export class LockLostError extends MigratorError {
  constructor(
    message: string,
    /** Whether another process took it over (and may have changed the database since), not only an unconfirmed lease. */
    readonly takenOver: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A migration's statement gave up on a lock another session holds (a table an application's open transaction
 * has read, a row it is updating): the server cancelled it, so it changed nothing.
 */
export class TableLockTimeoutError extends MigratorError {
  /**
   * `timeoutMs`: table_lock_timeout when that is the deadline that passed, else 0 (NOWAIT, or a lower lock
   * timeout of the server, the role or the URL, after `waitedMs`); `holders`: "pid 4242 (...)", the sessions
   * that hold the lock (`certain`) or may hold it; `end`: how to end them ("SELECT pg_terminate_backend(4242)").
   */
  constructor(readonly timeoutMs: number, readonly waitedMs: number, readonly holders: string, end: string, certain: boolean, cause: unknown) {
    const who = !holders ? "" : certain ? `: ${holders}` : `, perhaps ${holders}`;
    const waited =
      timeoutMs > 0
        ? `the statement waited ${timeoutMs / 1000} s (table_lock_timeout) for a lock that another session holds${who}`
        : `the statement gave up after ${(waitedMs / 1000).toFixed(1)} s on a lock that another session holds${who} ` +
          `(${firstLine(cause)}: NOWAIT, or a lock timeout of the server, the role or the database URL lower than table_lock_timeout)`;
    const raise = timeoutMs > 0 ? "raise table_lock_timeout (--table-lock-timeout; 0 waits as long as it takes)" : "raise that lock timeout";
    super(`${waited}. Run again once it has ended its transaction${end ? ` (or end it: ${end})` : ""}, or ${raise}`, { cause });
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return oneLine(message.split("\n")[0] ?? message, 120);
}

/**
 * Cannot connect to the database. `permanent`: an error waiting cannot fix (authentication, an unknown
 * database), exit code 1; otherwise the database could not be reached, exit code 6 (EXIT_CODES.unreachable).
 */
export class ConnectionError extends MigratorError {
  override readonly exitCode: number;
  readonly permanent: boolean;
  constructor(message: string, options?: { cause?: unknown; permanent?: boolean }) {
    super(message, options);
    this.permanent = options?.permanent ?? false;
    this.exitCode = this.permanent ? EXIT_CODES.error : EXIT_CODES.unreachable;
  }
}

/** `current --check-heads`: the database is not at every head. Exit code 5 (EXIT_CODES.behind). */
export class DatabaseBehindError extends MigratorError {
  override readonly exitCode: number = EXIT_CODES.behind;
  constructor(readonly pending: readonly string[]) {
    super(
      `The database is not at head: ${pending.length} revision(s) not applied (${pending.slice(0, 5).join(", ")}${pending.length > 5 ? ", ..." : ""}); run "migrator upgrade heads"`,
    );
  }
}

/**
 * A command that writes (upgrade, downgrade, stamp) reached a server that takes no writes: a replica, or
 * one set read-only. Raised before any lock is taken; read commands (current, history) still work there.
 */
export class ReadOnlyServerError extends MigratorError {
  constructor(readonly where: string, readonly reason: string) {
    super(`This server is read-only (a replica?): ${where} ${reason}; point the URL at the primary (read commands such as current and history work here)`);
  }
}

/** A migration called an `op` method with a wrong argument: names the method, the argument and what it takes. */
export class OperationArgumentError extends MigratorError {}
/**
 * An open session ended under a run: the server closed it (pg_terminate_backend, a restart, a failover)
 * or the network failed. The server rolls back the session's open transaction and releases its locks.
 */
export class ConnectionLostError extends ConnectionError {
  /** Lost mid-run: an error (1), not "cannot reach the database". */
  override readonly exitCode: number = EXIT_CODES.error;
  constructor(readonly database: string, readonly where: string, readonly reason: string, options?: { cause?: unknown }) {
    super(`The connection to ${database} at ${where} was lost (${reason})`, options);
  }
}

/**
 * SIGINT or SIGTERM stopped the command. The exit code is the one a shell reports for a process the signal
 * ended (130, 143), so that a supervisor sees the stop for what it was.
 */
export class InterruptedError extends MigratorError {
  override readonly exitCode: number;
  constructor(readonly signal: "SIGINT" | "SIGTERM", message: string) {
    super(message);
    this.exitCode = signal === "SIGINT" ? EXIT_CODES.sigint : EXIT_CODES.sigterm;
  }
}

/** An operation is not supported by the dialect in use. */
export class UnsupportedOperationError extends MigratorError {}

/** A migration failed while running. Names the revision, the operation and the SQL statement. */
export class MigrationFailedError extends MigratorError {
  constructor(
    readonly revision: string,
    readonly direction: "upgrade" | "downgrade",
    readonly operation: string | undefined,
    readonly sql: string | undefined,
    readonly reason: string,
    options?: { cause?: unknown; state?: string | undefined },
  ) {
    const parts = [`${direction === "upgrade" ? "Upgrade" : "Downgrade"} of revision "${revision}" failed`];
    if (operation) parts.push(`in ${operation}`);
    const where = parts.join(" ");
    const stmt = sql ? `; statement: ${oneLine(sql, 200)}` : "";
    super(`${where}: ${reason}${stmt}${options?.state ? `. ${options.state}` : ""}`, options);
    this.state = options?.state;
  }

  /** The state the failure left the database in, when the runner knows it ("The transaction was rolled back: ..."). */
  readonly state: string | undefined;
}

/** The COMMIT that ends a run (or one revision's transaction) failed: the revisions in it are named. */
export class CommitFailedError extends MigratorError {
  constructor(readonly revisions: readonly string[], readonly reason: string, readonly state: string, options?: { cause?: unknown }) {
    const what =
      revisions.length === 0 ? "the run"
      : revisions.length === 1 ? `revision "${revisions[0]}"`
      : `the run (revisions ${revisions.map((r) => `"${r}"`).join(", ")})`;
    super(`The commit of ${what} failed: ${reason}. ${state}`, options);
  }
}

export function oneLine(text: string, max = 300): string {
  const s = text.replace(/\s+/g, " ").trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * An earlier run died (or failed) inside a revision after some of its statements had committed for good
 * (DDL on MySQL, a `transactional = false` revision): the database is partly through it. Names the
 * revision, how many statements completed, and the ways out.
 */
export class IncompleteRevisionError extends MigratorError {
  constructor(readonly revision: string, readonly direction: string, readonly statements: number, message: string) {
    super(message);
  }
}

/** Applied revisions whose files changed since they were applied (checksums), or that are missing. */
export class ChangedHistoryError extends MigratorError {
  /** Distinct from errors (1), usage (2) and `check`'s differences (3): see HISTORY_MISMATCH_EXIT_CODE. */
  override readonly exitCode: number = EXIT_CODES.historyCheck;
  constructor(readonly changed: readonly string[], message: string) {
    super(message);
  }
}
