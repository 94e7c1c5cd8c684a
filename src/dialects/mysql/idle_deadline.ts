/**
 * The server's deadline for a session of ours that goes quiet: `wait_timeout`, set for the session to twice
 * network_timeout, so that a session whose client vanished behind a silent network (a partition: no FIN or
 * RST ever arrives) is ended by the server once it is idle that long, releasing GET_LOCK and rolling back,
 * rather than after the server's default of 8 hours. MariaDB's TCP keepalive settings are global, unlike
 * PostgreSQL's (postgres/keepalive.ts), so this is the session-level deadline it has. While the session is
 * ours and idle (a revision's code running between statements), a ping every quarter of the deadline keeps
 * it from being ended: only a process that stops answering, or blocks its own event loop for longer than the
 * deadline, loses it.
 */

export interface IdleDeadline {
  /** The session's wait_timeout, in seconds. */
  readonly seconds: number;
  /** How long the session may stay idle before a ping is sent, in milliseconds. */
  readonly pingMs: number;
}

/** The deadline for network_timeout `networkTimeoutMs`; undefined when it is 0 (no limit) or unset. */
export function idleDeadline(networkTimeoutMs: number | undefined): IdleDeadline | undefined {
  if (networkTimeoutMs === undefined || networkTimeoutMs <= 0) return undefined;
  const seconds = Math.max(2, Math.ceil((2 * networkTimeoutMs) / 1000));
  return { seconds, pingMs: (seconds * 1000) / 4 };
}

/** The SET SESSION assignment of the deadline. */
export function idleDeadlineAssignment(deadline: IdleDeadline): string {
  return `wait_timeout = ${deadline.seconds}`;
}

/**
 * Pings the session whenever it has been idle for `pingMs`: `idleFor()` says how long it has been idle (0
 * while a statement is in flight), `ping()` sends one. The timer does not keep the process alive. Returns
 * the function that stops it.
 */
export function keepAwake(deadline: IdleDeadline, idleFor: () => number, ping: () => void): () => void {
  const timer = setInterval(() => {
    if (idleFor() >= deadline.pingMs) ping();
  }, Math.max(250, deadline.pingMs / 2));
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
}
