/** What the CLI reads of its process and how it writes: a real process in cli.ts, a fake one in tests. */
export interface Io {
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colours on stderr: only on a terminal, and not with NO_COLOR set. */
  readonly colors?: boolean;
  /** Aborted on SIGINT / SIGTERM during a run (its reason is the signal's name). */
  readonly signal?: AbortSignal;
}
