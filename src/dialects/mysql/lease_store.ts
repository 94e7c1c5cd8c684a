import type { Connection } from "../connection.ts";
import { LEASE_TABLE, type LeaseStore } from "../lease_store.ts";

/** The server's clock in milliseconds since the epoch (MySQL and MariaDB). */
export const MYSQL_NOW_MS = "CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)";

/** ER_LOCK_DEADLOCK: on Galera also a certification conflict, another node's write to the row won. */
const DEADLOCK = 1213;

/** Whether an error means that another session's write to the row won (retry later). */
export function lostTheRace(error: unknown): boolean {
  return (error as { errno?: unknown }).errno === DEADLOCK;
}

/**
 * The lease (lease.ts) in MySQL's SQL, for a Galera cluster: an InnoDB table with a primary key (Galera
 * replicates only InnoDB rows and needs the key to certify them), written in autocommit statements.
 * Without RETURNING or ON CONFLICT ... WHERE, each write is followed by a read of the row: on a Galera node
 * a session reads its own committed writes, and a write that lost certification fails with a deadlock
 * error (1213), which means "someone else won".
 * - take: when the row is absent or expired, INSERT ... ON DUPLICATE KEY UPDATE that overwrites the row
 *   only if it is still expired when the statement runs; then read who owns it.
 * - renew: UPDATE ... WHERE owner = me, then read; release: DELETE ... WHERE owner = me, after a read.
 */
export function mysqlLeaseStore(conn: Connection, key: string): LeaseStore {
  const now = MYSQL_NOW_MS;
  const read = async () => {
    const rows = await conn.query<{ owner: string; left: number | string }>(
      `SELECT owner, expires_at - ${now} AS \`left\` FROM ${LEASE_TABLE} WHERE \`key\` = ?`,
      [key],
    );
    const row = rows[0];
    return row ? { owner: String(row.owner), leftMs: Number(row.left) } : undefined;
  };
  return {
    async create() {
      await conn.execute(
        `CREATE TABLE IF NOT EXISTS ${LEASE_TABLE} (\`key\` VARCHAR(191) NOT NULL PRIMARY KEY, owner VARCHAR(255) NOT NULL, ` +
          `acquired_at BIGINT NOT NULL, expires_at BIGINT NOT NULL) ENGINE=InnoDB`,
      );
    },
    async take(owner, ttlMs) {
      const held = await read();
      if (held && held.leftMs > 0) return held.owner === owner;
      const expired = `expires_at <= ${now}`;
      try {
        // owner and acquired_at first: each IF still sees the old expires_at, which is set last.
        await conn.execute(
          `INSERT INTO ${LEASE_TABLE} (\`key\`, owner, acquired_at, expires_at) VALUES (?, ?, ${now}, ${now} + ?) ON DUPLICATE KEY UPDATE ` +
            `owner = IF(${expired}, VALUES(owner), owner), acquired_at = IF(${expired}, VALUES(acquired_at), acquired_at), ` +
            `expires_at = IF(${expired}, VALUES(expires_at), expires_at)`,
          [key, owner, ttlMs],
        );
      } catch (error) {
        if (lostTheRace(error)) return false;
        throw error;
      }
      return (await read())?.owner === owner;
    },
    async renew(owner, ttlMs) {
      await conn.execute(`UPDATE ${LEASE_TABLE} SET expires_at = ${now} + ? WHERE \`key\` = ? AND owner = ?`, [ttlMs, key, owner]);
      return (await read())?.owner === owner;
    },
    async release(owner) {
      if ((await read())?.owner !== owner) return false;
      // A waiter's write that raced ours may make this one lose certification once: try again.
      for (let attempt = 0; ; attempt++) {
        try {
          await conn.execute(`DELETE FROM ${LEASE_TABLE} WHERE \`key\` = ? AND owner = ?`, [key, owner]);
          return true;
        } catch (error) {
          if (!lostTheRace(error) || attempt >= 5) throw error;
          await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
        }
      }
    },
    holder: read,
  };
}
