import type { Connection } from "./connection.ts";

/** The table holding migration leases, one row per lock key. */
export const LEASE_TABLE = "migrator_lock";

/** Who holds a lease, and for how many more milliseconds unless renewed. */
export interface LeaseHolder {
  readonly owner: string;
  readonly leftMs: number;
}

/**
 * The statements of a lease on one key, as one engine spells them (lease.ts owns the timing: waiting,
 * renewing, noticing a lost lease). Every time comes from the server's clock, so client clocks never matter.
 */
export interface LeaseStore {
  /** Create the lease table if it is missing. */
  create(): Promise<void>;
  /** Take the lease for `owner` when nobody holds it or the holder's lease has expired: whether it is ours now. */
  take(owner: string, ttlMs: number): Promise<boolean>;
  /** Extend our lease by ttlMs from now: false when the row is no longer ours (taken over). */
  renew(owner: string, ttlMs: number): Promise<boolean>;
  /** Delete our row: false when it was no longer ours. */
  release(owner: string): Promise<boolean>;
  holder(): Promise<LeaseHolder | undefined>;
}

/**
 * Milliseconds since the epoch on the database server's clock: SQLite's spelling, the default of
 * returningLeaseStore; PostgreSQL-like servers pass theirs.
 */
export const SQLITE_NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

/**
 * The lease in the SQL that SQLite and PostgreSQL-like servers share: taking it is one atomic statement,
 * INSERT ... ON CONFLICT ... DO UPDATE ... WHERE expires_at <= now ... RETURNING, which tells whether
 * this call won; renewing and releasing likewise say through RETURNING whether the row was still ours.
 */
export function returningLeaseStore(conn: Connection, key: string, now = SQLITE_NOW_MS): LeaseStore {
  return {
    async create() {
      await conn.execute(
        `CREATE TABLE IF NOT EXISTS ${LEASE_TABLE} (key TEXT PRIMARY KEY, owner TEXT NOT NULL, acquired_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)`,
      );
    },
    async take(owner, ttlMs) {
      const won = await conn.query<{ owner: string }>(
        `INSERT INTO ${LEASE_TABLE} (key, owner, acquired_at, expires_at) VALUES (?, ?, ${now}, ${now} + ?) ` +
          `ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at ` +
          `WHERE ${LEASE_TABLE}.expires_at <= ${now} RETURNING owner`,
        [key, owner, ttlMs],
      );
      return won.length === 1 && String(won[0]!.owner) === owner;
    },
    async renew(owner, ttlMs) {
      const rows = await conn.query(`UPDATE ${LEASE_TABLE} SET expires_at = ${now} + ? WHERE key = ? AND owner = ? RETURNING owner`, [ttlMs, key, owner]);
      return rows.length > 0;
    },
    async release(owner) {
      const rows = await conn.query(`DELETE FROM ${LEASE_TABLE} WHERE key = ? AND owner = ? RETURNING owner`, [key, owner]);
      return rows.length === 1;
    },
    async holder() {
      const rows = await conn.query<{ owner: string; left: number }>(`SELECT owner, expires_at - ${now} AS left FROM ${LEASE_TABLE} WHERE key = ?`, [key]);
      const row = rows[0];
      return row ? { owner: String(row.owner), leftMs: Number(row.left) } : undefined;
    },
  };
}
