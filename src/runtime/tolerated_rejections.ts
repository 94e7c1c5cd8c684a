/**
 * Rejections a driver leaves unhandled on purpose-less paths, which the run hears about another way.
 * A dialect registers a test for the ones it knows (postgres/type_fetch_guard.ts) for as long as they can
 * happen; the CLI's crash handler, and the listener installed here for library users, let those pass and
 * treat every other one as before.
 */
type Test = (reason: unknown) => boolean;

const tests = new Set<Test>();

/** Whether a registered test claims this rejection. */
export function isTolerated(reason: unknown): boolean {
  for (const test of tests) if (test(reason)) return true;
  return false;
}

function listener(reason: unknown): void {
  if (isTolerated(reason)) return;
  // Ours is the only listener: without it the runtime would have ended the process on this rejection.
  if (process.listenerCount("unhandledRejection") === 1) throw reason;
}

/** Tolerate the rejections `test` claims until the returned function is called. */
export function tolerateRejections(test: Test): () => void {
  if (tests.size === 0) process.on("unhandledRejection", listener);
  tests.add(test);
  return () => {
    if (!tests.delete(test)) return;
    if (tests.size === 0) process.off("unhandledRejection", listener);
  };
}
