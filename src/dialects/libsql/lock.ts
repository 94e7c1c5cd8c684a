import type { DatabaseUrl } from "../../config/url.ts";
import type { Connection, Lock } from "../connection.ts";
import type { LockOptions } from "../dialect.ts";
import { openLibsql } from "./connection.ts";
import { leaseOnOwnConnection } from "../lease.ts";

/**
 * The run lock on a libSQL server: a lease row in `migrator_lock` (see lease.ts), taken and renewed over
 * a client of its own so that renewals stay out of the migration's transaction. A server reached over
 * HTTP has no session a lock could live in, and no advisory locks.
 */
export function lockLibsql(_conn: Connection, url: DatabaseUrl, options: LockOptions): Promise<Lock> {
  return leaseOnOwnConnection(() => openLibsql(url), { key: options.key, timeoutMs: options.timeoutMs, ownWritesBlockRenewals: true });
}
