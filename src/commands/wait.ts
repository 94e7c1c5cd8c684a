import { openSession } from "../runtime/session.ts";
import type { CommandOptions } from "./options.ts";

/** How long `wait` waits when neither `--wait-timeout` nor `wait_timeout` says. */
export const DEFAULT_WAIT_MS = 60_000;

export interface WaitResult {
  /** How long it took until the database accepted a connection. */
  readonly elapsedMs: number;
}

/**
 * `migrator wait`: connect, retrying while the database starts (for `config.waitMs`, else 60 s), then
 * disconnect. Fails at once on what waiting cannot fix (authentication, an unknown database); when the
 * time is up, a ConnectionError with exit code 6 (EXIT_CODES.unreachable). An embedded database that
 * does not exist yet is not created.
 */
export async function waitForDatabase(options: CommandOptions): Promise<WaitResult> {
  const started = performance.now();
  const config = { ...options.config, waitMs: options.config.waitMs || DEFAULT_WAIT_MS };
  const session = await openSession(config, true, options.onWait);
  await session.conn.close();
  return { elapsedMs: Math.round(performance.now() - started) };
}
