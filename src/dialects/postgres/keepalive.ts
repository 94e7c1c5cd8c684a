/**
 * The server's side of `network_timeout`. After a network partition the server keeps our session, with its
 * open transaction and its advisory lock, until it notices we are gone: by default after 2 hours of TCP
 * keepalive, or never for a session waiting for our next statement. The next run, once the network is
 * back, would then wait for the lock and fail. These settings (ordinary user settings, PostgreSQL 12+) have
 * the server's kernel probe our socket after half the timeout of silence and give up about a timeout after
 * the last answer (tcp_user_timeout also bounds a reply the server sent that was never acknowledged); a
 * statement running then is ended too on PostgreSQL 14+, where migrator has the server check the client
 * during long statements (client_connection_check_interval, lock.ts); on 12 and 13, at its end. Our kernel answers the probes whatever the process does, so
 * a healthy session is never ended.
 */

/** The statement that sets them for the session, for a network_timeout of `timeoutMs`. */
export function serverKeepalive(timeoutMs: number): string {
  const seconds = Math.max(2, Math.ceil(timeoutMs / 1000));
  const idle = Math.ceil(seconds / 2);
  const interval = Math.max(1, Math.ceil(seconds / 20));
  const count = Math.max(1, Math.ceil((seconds - idle) / interval));
  const set = (name: string, value: number) => `set_config('${name}', '${value}', false)`;
  return `SELECT ${[
    set("tcp_keepalives_idle", idle),
    set("tcp_keepalives_interval", interval),
    set("tcp_keepalives_count", count),
    set("tcp_user_timeout", seconds * 1000),
  ].join(", ")}`;
}
