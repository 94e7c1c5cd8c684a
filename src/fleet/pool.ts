/**
 * How many databases run at once by default: enough to overlap the round trips of a few servers, few
 * enough that a fleet run next to a live application takes no more connections than a small pool would.
 */
export const DEFAULT_CONCURRENCY = 4;

/** How one item of a bounded run ended. */
export type Outcome<T> =
  | { readonly status: "ok"; readonly value: T; readonly durationMs: number }
  | { readonly status: "failed"; readonly error: unknown; readonly durationMs: number }
  /** Not started: an earlier item failed (without continueOnError), or the run was stopped. */
  | { readonly status: "skipped" };

export interface PoolOptions<T> {
  /** How many items run at once (at least 1). */
  readonly concurrency: number;
  /** Start every item whatever fails; otherwise the first failure stops starting new ones (running ones finish). */
  readonly continueOnError: boolean;
  /** Once aborted, no new item starts. */
  readonly signal?: { readonly aborted: boolean } | undefined;
  /** Called as each item ends, in the order they end. */
  readonly onDone?: ((index: number, outcome: Outcome<T>) => void) | undefined;
}

/**
 * Run `work` over `items`, at most `concurrency` at a time, in the items' order. Never throws for an
 * item: each one's result or error is its Outcome, at its index.
 */
export async function runBounded<I, T>(items: readonly I[], work: (item: I, index: number) => Promise<T>, options: PoolOptions<T>): Promise<Outcome<T>[]> {
  const outcomes: Outcome<T>[] = items.map(() => ({ status: "skipped" }));
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < items.length && options.signal?.aborted !== true) {
      const index = next++;
      const started = performance.now();
      let outcome: Outcome<T>;
      try {
        outcome = { status: "ok", value: await work(items[index]!, index), durationMs: performance.now() - started };
      } catch (error) {
        outcome = { status: "failed", error, durationMs: performance.now() - started };
        if (!options.continueOnError) stopped = true;
      }
      outcomes[index] = outcome;
      options.onDone?.(index, outcome);
    }
  };
  const width = Math.max(1, Math.min(Math.floor(options.concurrency), items.length));
  await Promise.all(Array.from({ length: width }, worker));
  return outcomes;
}
