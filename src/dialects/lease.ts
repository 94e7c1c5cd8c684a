import { hostname } from "node:os";
import { LockLostError, LockTimeoutError } from "../errors.ts";
import { bounded } from "./bounded.ts";
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
  /**
   * Whether the run's own open write transaction blocks renewals, as SQLite's single writer does: then it
   * blocks every other process too, and a renewal that waits says nothing about the lease. Default false.
   */
  readonly ownWritesBlockRenewals?: boolean;
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
 * - Before each revision (and the run's final commit) the run asks confirm(): a lease found taken over
 *   stops the run there, and so does one that no renewal has confirmed for half its ttl and that cannot be
 *   renewed before it ends (a lease connection gone silent, a server that blocks it): another process may
 *   take it over then, and two runs would overlap. Except where the run's own writes block renewals (`ownWritesBlockRenewals`:
 *   SQLite's one writer), since those block every other process's writes too.
 * - Released by deleting the row (only if still ours). If the row turns out to belong to someone else (a
 *   takeover), the lease was lost: release() then throws LockLostError, as another run may have overlapped.
 * - Every statement after the lease is taken has a deadline (a renewal its lease's end, the release
 *   RELEASE_BOUND_MS, and none behind a renewal still under way): a lease connection that stops answering
 *   can stop the run, never hang it. Times are taken with the monotonic clock.
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
  const start = Date.now();
  const left = () => options.timeoutMs - (Date.now() - start);
  // Each statement within what is left of lock_timeout (10 s at least): a connection that stops answering fails it.
  const bound = () => Math.max(left(), STATEMENT_FLOOR_MS);
  if ((await within(store.create(), bound())) === LATE) throw unanswered(key, "create the lease table");
  for (;;) {
    const sent = performance.now();
    const won = await within(store.take(owner, ttl), bound());
    if (won === LATE) throw unanswered(key, "take the lease");
    if (won) return new Lease(store, key, owner, ttl, renewEvery, sent, options.ownWritesBlockRenewals ?? false);
    if (left() <= 0) throw await timeoutError(store, key, options.timeoutMs);
    await sleep(Math.min(retry, left()));
  }
}

/** The least time a statement taking the lease is given, whatever is left of lock_timeout. */
const STATEMENT_FLOOR_MS = 10_000;

/** How long release() waits for the DELETE of the lease row. */
const RELEASE_BOUND_MS = 5_000;

/** How long release() waits for a renewal under way before it leaves the row to expire. */
const RENEWAL_SETTLE_MS = 1_000;

class Lease implements Lock {
  #timer: ReturnType<typeof setInterval> | undefined;
  /** The renewal under way: one at a time (on one connection, another would wait behind it anyway). */
  #renewing: Promise<void> | undefined;
  /**
   * When the last renewal that the server confirmed was sent (the take's, at first), by the monotonic
   * clock: the lease lasts ttl past it at least.
   */
  #confirmed: number;
  #lost: string | undefined;

  constructor(
    private readonly store: LeaseStore,
    private readonly key: string,
    private readonly owner: string,
    private readonly ttl: number,
    renewEvery: number,
    taken: number,
    private readonly ownWritesBlockRenewals: boolean,
  ) {
    this.#confirmed = taken;
    this.#timer = setInterval(() => void this.renew(), renewEvery);
    // Do not keep the process alive for the timer.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** Extend the lease (or wait for the renewal under way); notes when it has been lost. Never throws. */
  renew(): Promise<void> {
    if (this.#lost) return Promise.resolve();
    this.#renewing ??= this.#renewOnce().finally(() => (this.#renewing = undefined));
    return this.#renewing;
  }

  async #renewOnce(): Promise<void> {
    const sent = performance.now();
    try {
      if (await this.store.renew(this.owner, this.ttl)) this.#confirmed = Math.max(this.#confirmed, sent);
      else this.#lost = "another process took it over after it expired";
    } catch {
      // Busy or unreachable: try again at the next tick.
    }
  }

  /** Milliseconds since the last renewal the server confirmed was sent. */
  #age(): number {
    return performance.now() - this.#confirmed;
  }

  async confirm(): Promise<void> {
    if (!this.#lost && this.#age() < this.ttl / 2) return;
    const grace = Math.min(1_000, this.ttl / 4);
    const before = this.#confirmed;
    if (this.ownWritesBlockRenewals) {
      // One try: while the run's own transaction is open it fails (and so would any other process's write).
      if (!this.#lost) await within(this.renew(), grace);
      if (this.#lost) throw this.#lostError(this.#lost);
      return;
    }
    // Renew now, and again while renewals fail at once, until one is confirmed (the row is ours now, however
    // long the renewal took) or the lease would end; once at least (a row still ours after its end was
    // taken by nobody).
    const until = Math.max(this.#confirmed + this.ttl, performance.now() + grace);
    while (!this.#lost && this.#confirmed === before) {
      await within(this.renew(), until - performance.now());
      if (this.#lost || this.#confirmed !== before || performance.now() >= until) break;
      await sleep(Math.min(100, until - performance.now()));
    }
    if (this.#lost) throw this.#lostError(this.#lost);
    if (this.#confirmed !== before) return;
    throw new LockLostError(
      `The migration lease on "${this.key}" could not be renewed: the database confirmed no renewal for ${seconds(this.#age())} s ` +
        `of the lease's ${seconds(this.ttl)} s (the lease's connection stopped answering, or the server held it back), so another process may take it over; stopping so that two runs do not overlap`,
      false,
    );
  }

  async release(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    // A renewal still under way after a moment (its connection silent, its row locked) would hold the DELETE
    // behind it: the row is left to expire, and closing the connection ends the renewal.
    const stuck = this.#renewing !== undefined && (await within(this.#renewing, RENEWAL_SETTLE_MS)) === LATE;
    // Our row, still ours: nobody took the lease over (a takeover rewrites the owner), even if renewals
    // were blocked for a while (e.g. by this run's own write transaction). Only a lost row is a lost lease.
    const released = stuck ? LATE : await within(this.store.release(this.owner), RELEASE_BOUND_MS).catch(() => LATE);
    if (released === true) return;
    // No answer (or a failure): the row is left to expire. Nobody can have taken it over before the lease's
    // end past the last renewal that found it ours.
    if (released === LATE && !this.#lost && this.#age() < this.ttl) return;
    throw this.#lostError(this.#lost ?? (released === LATE ? "it could not be released, and no renewal has been confirmed for its whole time" : "it expired and another process took it over"));
  }

  #lostError(why: string): LockLostError {
    return new LockLostError(
      `The migration lease on "${this.key}" was lost during the run (${why}); another migrator process may have run at the same time: check the version table and the schema (migrator current)`,
      true,
    );
  }
}

/** Seconds for a message: one decimal under 10 s. */
function seconds(ms: number): string {
  return ms < 10_000 ? (ms / 1000).toFixed(1).replace(/\.0$/, "") : String(Math.round(ms / 1000));
}

/** What within() gives for a promise that has not settled by its deadline. */
const LATE: unique symbol = Symbol("late");

/** `pending`'s value, or LATE once `ms` have passed (its failure is thrown). */
async function within<T>(pending: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<typeof LATE>((resolve) => (timer = setTimeout(() => resolve(LATE), Math.max(0, ms))));
  try {
    return await Promise.race([pending, late]);
  } finally {
    clearTimeout(timer);
  }
}

function unanswered(key: string, what: string): LockTimeoutError {
  return new LockTimeoutError(`Cannot ${what} for "${key}": the database did not answer within lock_timeout (--lock-timeout)`);
}

async function timeoutError(store: LeaseStore, key: string, timeoutMs: number): Promise<LockTimeoutError> {
  const read = await within(store.holder(), 2_000).catch(() => undefined);
  const holder = read === LATE ? undefined : read;
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
    await bounded(leaseConn.close(), 2_000);
    throw error;
  }
  return {
    confirm: () => lease.confirm!(),
    async release() {
      try {
        await lease.release();
      } finally {
        // A connection that stopped answering must not keep the process waiting.
        await bounded(leaseConn.close(), 2_000);
      }
    },
  };
}
