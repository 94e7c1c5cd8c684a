import { tolerateRejections } from "../../runtime/tolerated_rejections.ts";

/**
 * postgres.js 3.4 reads the server's array types when a connection first becomes ready, in an async
 * function nobody awaits (connection.js, fetchArrayTypes). When the session ends during that query
 * (pg_terminate_backend, a restart, a failover, a reset socket), its rejection is unhandled, and the
 * runtime would end the process with the driver's bare message ("terminating connection due to
 * administrator command"). The loss itself reaches the run through the connection's close (SessionWatch,
 * reserveSession), which says what happened in one line. While a connection is being opened, and a
 * moment after, that one rejection is tolerated.
 */
const ARRAY_TYPE_QUERY = /pg_catalog\.pg_type a[\s\S]*typcategory = 'A'/;

function isTypeFetchFailure(reason: unknown): boolean {
  const query = (reason as { query?: unknown } | null)?.query;
  return typeof query === "string" && ARRAY_TYPE_QUERY.test(query);
}

/** Tolerate the driver's type-query rejection until the returned function is called, and 100 ms after. */
export function guardTypeFetch(): () => void {
  const stop = tolerateRejections(isTypeFetchFailure);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    // The rejection is reported after the microtasks of the failing read: keep the guard a moment longer.
    const timer = setTimeout(stop, 100);
    (timer as { unref?: () => void }).unref?.();
  };
}
