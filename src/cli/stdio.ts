/**
 * Writing to stdout and stderr. Under Bun, `process.stdout` costs ~10 ms to set up (a Node stream), more
 * than the rest of start-up; `Bun.write` to the standard files does not. Writes are chained so that they
 * keep their order; `flush()` waits for them before the process exits.
 */
let pending: Promise<unknown> = Promise.resolve();

function writer(fd: 1 | 2): (text: string) => void {
  if (typeof Bun !== "undefined") {
    const file = fd === 1 ? Bun.stdout : Bun.stderr;
    return (text) => {
      pending = pending.then(() => Bun.write(file, text));
    };
  }
  const stream = fd === 1 ? process.stdout : process.stderr;
  return (text) => void stream.write(text);
}

export const stdout = writer(1);
export const stderr = writer(2);

export function flush(): Promise<unknown> {
  return pending;
}
