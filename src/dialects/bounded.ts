/** Wait for `pending` at most `ms`, ignoring its failure: a driver that never settles must not keep a process waiting. */
export async function bounded(pending: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([pending.catch(() => {}), late]);
  } finally {
    clearTimeout(timer);
  }
}
