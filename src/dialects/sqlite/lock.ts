import { accessSync, constants } from "node:fs";
import { dirname } from "node:path";
import { ConnectionError, LockTimeoutError } from "../../errors.ts";
import type { Lock } from "../connection.ts";
import { openSqlite } from "./connection.ts";

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** SQLITE_BUSY / SQLITE_LOCKED: another connection holds a lock on the file. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (typeof code === "string" && /^SQLITE_(BUSY|LOCKED)/.test(code)) || /database is locked|database is busy/i.test(String(error));
}

/**
 * The run lock for an SQLite file: an exclusive transaction on a small sidecar database next to it
 * (`<file>-migrator.lock`). SQLite's file locks are released by the OS if the process dies, so a crashed
 * run never leaves a stale lock; a waiting process gets the lock as soon as the holder ends.
 * The sidecar keeps the lock apart from the database, so the migrations may commit as often as they like.
 */
export async function lockSqliteFile(path: string, timeoutMs: number, onWait?: () => void): Promise<Lock> {
  if (path === ":memory:" || path === "") return { release: async () => {} };
  const lockPath = `${path}-migrator.lock`;
  // In a folder nobody can write, no process can change the database either: there is nothing to guard
  // (and a run with nothing to do succeeds; one with work fails on SQLite's own write).
  if (!writable(dirname(lockPath))) return { release: async () => {} };
  // The busy timeout blocks the process: try briefly first, so that a wait can be reported before it starts.
  const first = Math.min(timeoutMs, FIRST_TRY_MS);
  let handle = await tryLock(lockPath, first);
  if (handle === null && timeoutMs > first) {
    onWait?.();
    handle = await tryLock(lockPath, timeoutMs - first);
  }
  if (handle === null) throw LockTimeoutError.held(`"${path}"`, timeoutMs);
  const held = handle;
  return {
    async release() {
      try {
        held.exec("ROLLBACK");
      } finally {
        held.close();
      }
    },
  };
}

/** How long the first, silent attempt at the lock may wait. */
const FIRST_TRY_MS = 300;

/** The lock file opened in an exclusive transaction, or null when another process holds it for `timeoutMs`. */
async function tryLock(lockPath: string, timeoutMs: number): Promise<Awaited<ReturnType<typeof openSqlite>> | null> {
  let handle;
  try {
    handle = await openSqlite(lockPath, timeoutMs);
  } catch (error) {
    // Opening reads the lock file's header, which waits (busy_timeout) behind the holder's exclusive lock.
    if (isBusy(error)) return null;
    throw new ConnectionError(
      `Cannot create the lock file "${lockPath}" next to the database (${error instanceof Error ? error.message : String(error)}); ` +
        `migrator needs to write in the database's folder, as SQLite itself does for its journal`,
      { cause: error, permanent: true },
    );
  }
  try {
    handle.exec("BEGIN EXCLUSIVE");
    return handle;
  } catch (error) {
    handle.close();
    if (isBusy(error)) return null;
    throw error;
  }
}
