/**
 * What a PostgreSQL session learns about its server right after connecting, in one round trip: the
 * version (capabilities depend on it), whether a pooler stands between (the lock depends on it) and
 * whether the server takes writes (upgrade refuses a replica before any lock).
 */
export interface PostgresServer {
  /** pg_backend_pid(): the server process of this session (behind a transaction pooler, of its first transaction only). */
  readonly pid: number;
  /** server_version_num, e.g. 150020 for 15.20, 180004 for 18.4. */
  readonly versionNum: number;
  /**
   * A connection pooler or proxy answers for the server (PgBouncer, Odyssey, pgcat, RDS Proxy): the
   * process id in the BackendKeyData it sent at startup is not the server process that runs the
   * statements. Behind a transaction pooler each transaction may run on another server session, so a
   * session-level lock could be left behind on a pooled connection.
   */
  readonly pooled: boolean;
  /** Why the server takes no writes: "a hot standby (in recovery)" or "default_transaction_read_only is on"; undefined when it does. */
  readonly readOnly: string | undefined;
  /** current_schema() at connect: where an unqualified version table is (the lock's key names it); null if no schema of the search_path exists. */
  readonly currentSchema: string | null;
}

/** The one query read at connect. A standby answers it too: it only reads settings. */
export const SERVER_QUERY =
  "SELECT pg_backend_pid() AS pid, current_setting('server_version_num') AS version, pg_is_in_recovery() AS recovery, current_setting('transaction_read_only') AS read_only, current_schema() AS schema";

export interface ServerRow {
  readonly pid: unknown;
  readonly version: unknown;
  readonly recovery: unknown;
  readonly read_only: unknown;
  readonly schema?: unknown;
}

/** The facts from the query's row and the process id the startup message named (`keyPid`, undefined if unknown). */
export function readServer(row: ServerRow | undefined, keyPid: number | undefined): PostgresServer {
  const pid = Number(row?.pid);
  const readOnly =
    row?.recovery === true ? "is a hot standby (in recovery)"
    : row?.read_only === "on" ? "has default_transaction_read_only = on"
    : undefined;
  return {
    pid: Number.isFinite(pid) ? pid : 0,
    versionNum: Number(row?.version) || 0,
    pooled: keyPid !== undefined && Number.isFinite(pid) && keyPid !== pid,
    readOnly,
    currentSchema: typeof row?.schema === "string" ? row.schema : null,
  };
}

/** "15.20" from 150020; "9.6.24" style numbers do not occur (PostgreSQL 12 is the oldest supported). */
export function versionText(versionNum: number): string {
  return `${Math.floor(versionNum / 10000)}.${versionNum % 10000}`;
}
