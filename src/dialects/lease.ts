import { hostname } from "node:os";
import { LockTimeoutError } from "../errors.ts";
import type { Connection, Lock } from "./connection.ts";
import { returningLeaseStore, SQLITE_NOW_MS, type LeaseStore } from "./lease_store.ts";

export { LEASE_TABLE } from "./lease_store.ts";

export interface LeaseOptions {
  /** A name for what is locked (the version table). */
  readonly key: string;
  /** How long to wait for another holder's lease before failing with LockTimeoutError. */
  readonly timeoutMs: number;
  /** How long a lease lasts unless renewed. */
  readonly ttlMs?: number;
  /** How often the holder renews it. */
  readonly renewMs?: number;
  /** How long to sleep between attempts while waiting. */
  readonly retryMs?: number;
  /** Identifies the holder; by default host, process id and a random id. */
  readonly owner?: string;
  /** SQL for the server's clock in milliseconds since the epoch, as an integer, for the default store (default: SQLite's). */
  readonly nowSql?: string;
  /** The lease's statements for an engine (default: returningLeaseStore, the SQL SQLite and PostgreSQL share). */
  readonly store?: (conn: Connection, key: string) => LeaseStore;
}

/**
 * A migration lock for a database that has no session locks a client can hold, or whose session locks
 * hold on one node only (a libSQL server reached over HTTP, CockroachDB, a Galera cluster): a lease row in
 * `migrator_lock`. The statements are the store's (lease_store.ts; MySQL's in mysql/lease_store.ts); the
 * timing is here.
 *
 * - Taking it: insert the row, or, when a row for the key exists, take it over only if its lease has
 *   expired; the store says whether this call won. Times come from the server's clock.
 * - While held, a timer renews the lease (UPDATE ... WHERE owner = me) every renewMs, so it lasts ttlMs
 *   past the last renewal. A process that crashes stops renewing: its lease expires after ttlMs and the
 *   next run takes it over. No stale lock needs removing by hand.
 * - Released by deleting the row (only if still ours).
 * - A renewal that fails (the server busy with this run's own write transaction, a network error) is
 *   retried at the next tick; while this run's write transaction is open no other process can write the
 *   lease row anyway. If the row turns out to belong to someone else (a takeover),
 *   the lease was lost: release() then throws LockTimeoutError, as another run may have overlapped.
 *
 * `conn` should be a connection of its own, not the one the migrations run on, so that renewals never
 * enter (or wait on) the migration's transaction.
 */
export async function takeLease(conn: Connection, options: LeaseOptions): Promise<Lock> {
  const ttl = options.ttlMs ?? 60_000;
  const renewEvery = options.renewMs ?? Math.max(1, Math.floor(ttl / 4));
  const retry = options.retryMs ?? 500;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${crypto.randomUUID()}`;
  const key = options.key;
  const store = options.store ? options.store(conn, key) : returningLeaseStore(conn, key, options.nowSql ?? SQLITE_NOW_MS);
  await store.create();
  const start = Date.now();
  for (;;) {
    if (await store.take(owner, ttl)) break;
    const waited = Date.now() - start;
    if (waited >= options.timeoutMs) throw await timeoutError(store, key, options.timeoutMs);
    await sleep(Math.min(retry, options.timeoutMs - waited));
  }
  return new Lease(store, key, owner, ttl, renewEvery);
}

class Lease implements Lock {
  #timer: ReturnType<typeof setInterval> | undefined;
  #renewing: Promise<void> = Promise.resolve();
  #lastRenewed = Date.now();
  #lost: string | undefined;

  constructor(
    private readonly store: LeaseStore,
    private readonly key: string,
    private readonly owner: string,
    private readonly ttl: number,
    renewEvery: number,
  ) {
    this.#timer = setInterval(() => {
      this.#renewing = this.#renewing.then(() => this.renew());
    }, renewEvery);
    // Do not keep the process alive for the timer.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** Extend the lease; notes when it has been lost. */
  async renew(): Promise<void> {
    if (this.#lost) return;
    try {
      if (!(await this.store.renew(this.owner, this.ttl))) this.#lost = "another process took it over after it expired";
      else this.#lastRenewed = Date.now();
    } catch {
      // Busy or unreachable: try again at the next tick, unless the lease has run out meanwhile.
    }
    if (!this.#lost && Date.now() - this.#lastRenewed > this.ttl) this.#lost = `it could not be renewed for ${this.ttl / 1000} s`;
  }

  async release(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#renewing;
    // Our row, still ours: nobody took the lease over (a takeover rewrites the owner), even if renewals
    // were blocked for a while (e.g. by this run's own write transaction). Only a lost row is a lost lease.
    if (await this.store.release(this.owner)) return;
    throw new LockTimeoutError(
      `The migration lease on "${this.key}" was lost during the run (${this.#lost ?? "it expired and another process took it over"}); ` +
        `another migrator process may have run at the same time: check the version table and the schema (migrator current)`,
    );
  }
}

async function timeoutError(store: LeaseStore, key: string, timeoutMs: number): Promise<LockTimeoutError> {
  const holder = await store.holder().catch(() => undefined);
  const who = holder ? `"${holder.owner}", lease ends in ${Math.max(0, Math.ceil(holder.leftMs / 1000))} s unless renewed` : "";
  return LockTimeoutError.held(`"${key}"`, timeoutMs, who, "A crashed process's lease expires by itself");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/**
 * A lease taken over a connection of its own (opened here, closed with the lease), so that renewals stay
 * out of the run's transaction: the run lock of engines without session locks.
 */
export async function leaseOnOwnConnection(open: () => Promise<Connection>, options: LeaseOptions): Promise<Lock> {
  const leaseConn = await open();
  let lease: Lock;
  try {
    lease = await takeLease(leaseConn, options);
  } catch (error) {
    await leaseConn.close();
    throw error;
  }
  return {
    async release() {
      try {
        await lease.release();
      } finally {
        await leaseConn.close();
      }
    },
  };
}
