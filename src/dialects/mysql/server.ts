import type { Connection } from "../connection.ts";

/**
 * What a MySQL or MariaDB session learns about its server right after connecting: the version
 * (capabilities depend on it), whether it takes writes (upgrade refuses a read-only server before any
 * lock) and whether it is a Galera cluster node (the lock and the DDL rules depend on it).
 */
export interface MysqlServer {
  /** VERSION(), e.g. "8.0.36", "10.11.19-MariaDB-0+deb12u1". */
  readonly version: string;
  /** Why the server takes no writes ("has read_only = ON"), or undefined when it does. */
  readonly readOnly: string | undefined;
  /** Set on a Galera cluster node (wsrep_on = ON). */
  readonly galera: GaleraNode | undefined;
}

export interface GaleraNode {
  /** wsrep_OSU_method: "TOI" replicates DDL in total order; "RSU" runs it on this node only. */
  readonly osuMethod: string;
  /** wsrep_cluster_size. */
  readonly clusterSize: number;
  /** wsrep_local_state_comment: "Synced", "Donor/Desynced", "Joining"... */
  readonly state: string;
  /** wsrep_ready = ON and wsrep_cluster_status = Primary: the node accepts queries for the cluster. */
  readonly ready: boolean;
}

/** The server variables read at connect (SHOW VARIABLES lists only those a server has: MySQL has no wsrep_*). */
export const SERVER_VARIABLES_QUERY =
  "SHOW VARIABLES WHERE Variable_name IN ('version', 'read_only', 'super_read_only', 'innodb_read_only', 'wsrep_on', 'wsrep_osu_method')";

/** The Galera status read at connect on a node with wsrep_on. */
export const GALERA_STATUS_QUERY =
  "SHOW STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_local_state_comment', 'wsrep_ready', 'wsrep_cluster_status')";

type NameValue = Record<string, unknown>;

/** Rows of SHOW VARIABLES / SHOW STATUS as a lower-case name → value map. */
export function nameValues(rows: readonly NameValue[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of rows) out.set(String(row["Variable_name"] ?? "").toLowerCase(), String(row["Value"] ?? ""));
  return out;
}

const on = (value: string | undefined) => value !== undefined && /^(on|1|yes|true)$/i.test(value);

/** The facts from the variables (and, on a Galera node, the status). */
export function readServer(variables: Map<string, string>, status: Map<string, string> | undefined): MysqlServer {
  const readOnly =
    on(variables.get("innodb_read_only")) ? "has innodb_read_only = ON"
    : on(variables.get("super_read_only")) ? "has super_read_only = ON"
    : on(variables.get("read_only")) ? "has read_only = ON"
    : undefined;
  const galera: GaleraNode | undefined = on(variables.get("wsrep_on"))
    ? {
        osuMethod: (variables.get("wsrep_osu_method") ?? "TOI").toUpperCase(),
        clusterSize: Number(status?.get("wsrep_cluster_size") ?? 0),
        state: status?.get("wsrep_local_state_comment") ?? "unknown",
        ready: on(status?.get("wsrep_ready")) && (status?.get("wsrep_cluster_status") ?? "Primary") === "Primary",
      }
    : undefined;
  return { version: variables.get("version") ?? "", readOnly, galera };
}

const servers = new WeakMap<Connection, MysqlServer>();

/** Remember what connect read about the server behind a connection. */
export function rememberServer(conn: Connection, server: MysqlServer): void {
  servers.set(conn, server);
}

/** What connect read about the server behind `conn`; undefined for a connection the MySQL dialect did not open. */
export function serverOf(conn: Connection): MysqlServer | undefined {
  return servers.get(conn);
}
