import type { DatabaseUrl } from "../../config/url.ts";
import type { Connection, Lock } from "../connection.ts";
import type { LockOptions } from "../dialect.ts";
import { leaseOnOwnConnection } from "../lease.ts";
import { connectPostgres } from "./connection.ts";

/** The server's clock in milliseconds since the epoch, in SQL that PostgreSQL and its wire-compatible engines share. */
const NOW_MS = "CAST(floor(extract(epoch FROM now()) * 1000) AS BIGINT)";

/**
 * A lease lock (src/dialects/lease.ts) on a server of the PostgreSQL wire protocol whose advisory locks do
 * not exclude (CockroachDB defines them as no-ops; YugabyteDB has them only behind a flag): a row in
 * `migrator_lock`, taken and renewed on a session of its own so that renewals stay out of the run's
 * transaction. A crashed holder's lease expires by itself (60 s).
 */
export function leasePostgres(_conn: Connection, url: DatabaseUrl, options: LockOptions): Promise<Lock> {
  return leaseOnOwnConnection(() => connectPostgres(url, { timeoutMs: 10_000 }), { key: options.key, timeoutMs: options.timeoutMs, nowSql: NOW_MS });
}
