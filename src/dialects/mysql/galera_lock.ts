import type { DatabaseUrl } from "../../config/url.ts";
import { ConfigError } from "../../errors.ts";
import type { Connection, Lock } from "../connection.ts";
import type { LockOptions } from "../dialect.ts";
import { leaseOnOwnConnection } from "../lease.ts";
import { mysqlLeaseStore } from "./lease_store.ts";

/** A lease lasts this long unless renewed: a killed holder's lock is taken over after at most this. */
export const GALERA_LEASE_MS = 20_000;

/**
 * The run lock on a Galera cluster node. GET_LOCK is held by one node's session and the other nodes do
 * not know of it, so racing runs on different nodes would all take it. Instead, a lease row in
 * `migrator_lock` (lease.ts with mysqlLeaseStore), which Galera replicates: of two nodes that write the
 * row at once, certification lets one commit and fails the other with a deadlock error, and that one
 * retries until the lease is released or has expired, within lock_timeout.
 *
 * - The lease lasts GALERA_LEASE_MS (20 s, or `?migrator_lease=<seconds>` in the URL) and is renewed
 *   every quarter of that on a connection of its own, so a renewal never waits on the run's statements.
 *   A holder killed with SIGKILL stops renewing: the next run takes over within the lease.
 * - Under TOI a DDL statement holds back every commit in the cluster while it runs, renewals included: a
 *   statement longer than the lease lets a waiter take over once it ends. The holder notices before its
 *   next revision (Lock.confirm) and stops ("the lease was lost"); give long migrations a longer
 *   `migrator_lease`.
 * - Causal reads: the run's session sets wsrep_sync_wait = 1, so that the version table it reads after
 *   taking the lock has every commit the cluster made before, whichever node made it.
 */
export async function lockGalera(conn: Connection, url: DatabaseUrl, options: LockOptions, open: () => Promise<Connection>): Promise<Lock> {
  const ttlMs = leaseMs(url);
  await conn.execute("SET SESSION wsrep_sync_wait = 1");
  return leaseOnOwnConnection(open, {
    key: options.key,
    timeoutMs: options.timeoutMs,
    ttlMs,
    renewMs: Math.max(250, Math.floor(ttlMs / 4)),
    retryMs: 250,
    store: mysqlLeaseStore,
  });
}

/** The lease's length from `?migrator_lease=<seconds>`, else GALERA_LEASE_MS. */
export function leaseMs(url: DatabaseUrl): number {
  const raw = url.params["migrator_lease"];
  if (raw === undefined) return GALERA_LEASE_MS;
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || seconds < 1) {
    throw new ConfigError(`migrator_lease "${raw}" in the database URL is not a number of seconds (1 or more)`);
  }
  return seconds * 1000;
}
