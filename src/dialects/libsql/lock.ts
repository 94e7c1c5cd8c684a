import type { DatabaseUrl } from "../../config/url.ts";
import type { Connection, Lock } from "../connection.ts";
import type { LockOptions } from "../dialect.ts";
import { openLibsql } from "./connection.ts";
import { takeLease } from "../lease.ts";

/**
 * The run lock on a libSQL server: a lease row in `migrator_lock` (see lease.ts), taken and renewed over
 * a client of its own so that renewals stay out of the migration's transaction. A server reached over
 * HTTP has no session a lock could live in, and no advisory locks.
 */
export async function lockLibsql(_conn: Connection, url: DatabaseUrl, options: LockOptions): Promise<Lock> {
  const leaseConn = await openLibsql(url);
  let lease: Lock;
  try {
    lease = await takeLease(leaseConn, { key: options.key, timeoutMs: options.timeoutMs });
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
