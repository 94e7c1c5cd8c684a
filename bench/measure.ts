/** Timing helpers shared by the benchmark scripts: one run under /usr/bin/time, medians, the printed row. */

export interface Sample {
  seconds: number;
  rssKb: number;
  exitCode: number;
}

export interface Row {
  name: string;
  target: string;
  seconds: number;
  rssKb: number;
}

/**
 * Run a command under /usr/bin/time; returns wall seconds (ms resolution, measured here: time's %e has
 * 10 ms), peak RSS, and the exit code, which must be one of `exitCodes`.
 */
export function measure(cmd: string[], cwd: string, env: Record<string, string> = {}, exitCodes: readonly number[] = [0]): Sample {
  const t0 = performance.now();
  const p = Bun.spawnSync(["/usr/bin/time", "-f", "%e %M", ...cmd], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdin: "ignore",
    stdout: "ignore",
    stderr: "pipe",
  });
  const seconds = (performance.now() - t0) / 1000;
  const lines = p.stderr.toString().trim().split("\n");
  // time reports "Command exited with non-zero status N" before its line; the code is the command's.
  const exitCode = p.exitCode ?? -1;
  if (!exitCodes.includes(exitCode)) throw new Error(`${cmd.join(" ")} failed (exit ${exitCode}): ${lines.slice(-5).join(" | ")}`);
  const [, rss] = lines.at(-1)!.split(" ");
  return { seconds, rssKb: Number(rss), exitCode };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function report(row: Row): Row {
  const ms = (row.seconds * 1000).toFixed(1).padStart(8);
  console.log(`${row.name.padEnd(44)} ${ms} ms  ${(row.rssKb / 1024).toFixed(1).padStart(6)} MiB   target ${row.target}`);
  return row;
}

/** One command of an alternating group: `before` runs untimed before each run (reset, delete a file). */
export interface Contender {
  readonly name: string;
  readonly target: string;
  readonly cmd: string[];
  readonly cwd: string;
  readonly env?: Record<string, string>;
  readonly exitCodes?: readonly number[];
  readonly before?: () => void;
}

/**
 * Run the contenders in turn, `runs` times over, so that the machine's and the servers' state (other
 * jobs, checkpoints, caches) weighs on each alike; report each one's median and peak RSS.
 */
export function alternate(contenders: readonly Contender[], runs: number): Row[] {
  const times = contenders.map(() => [] as number[]);
  const rss = contenders.map(() => 0);
  for (let i = 0; i < runs; i++) {
    contenders.forEach((c, k) => {
      c.before?.();
      const s = measure(c.cmd, c.cwd, c.env, c.exitCodes);
      times[k]!.push(s.seconds);
      rss[k] = Math.max(rss[k]!, s.rssKb);
    });
  }
  return contenders.map((c, k) => report({ name: c.name, target: c.target, seconds: median(times[k]!), rssKb: rss[k]! }));
}
