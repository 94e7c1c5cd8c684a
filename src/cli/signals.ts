/** SIGINT and SIGTERM during a run: stop it cleanly, say what state it left, exit 130 / 143. */

/** How long the first signal waits for the run to stop before the process exits anyway. */
const GRACE_MS = 3000;

const CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Until `dispose()`, SIGINT and SIGTERM abort the returned signal instead of killing the process: the
 * runner then rolls back, reports the state left (InterruptedError) and the CLI exits with 130 / 143.
 * Where nothing watches the signal (connecting, waiting for the lock), or if the run has not stopped
 * within 3 s, or at a second signal, the process exits at once with one line; the database rolls back
 * whatever transaction was open when the session ends.
 */
export function stopOnSignals(stderr: (text: string) => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = (name: keyof typeof CODES) => {
    const exit = (why: string) => {
      stderr(`error: Interrupted by ${name}${why}; exiting without waiting for the run to stop: the database rolls back its open transaction\n`);
      process.exit(CODES[name]);
    };
    if (controller.signal.aborted) exit(" again");
    controller.abort(name);
    grace = setTimeout(() => exit(` and the run did not stop within ${GRACE_MS / 1000} s`), GRACE_MS);
    grace.unref();
  };
  let grace: ReturnType<typeof setTimeout> | undefined;
  const onInt = () => handler("SIGINT");
  const onTerm = () => handler("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(grace);
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
    },
  };
}
