/**
 * A statement waiting for a server that has silently gone (a network partition, a failover where the old
 * primary's address stops answering, a NAT entry dropped) would wait for ever: no RST or FIN arrives, TCP
 * keepalive does not probe while data waits to be acknowledged (a statement sent into the partition), and
 * retransmissions go on for about 15 minutes (tcp_retries2). This watches one statement at a time: still
 * running after a moment, it has the dialect check from a second session that the server answers (again
 * at each tick while the statement runs, one check at a time, each bounded); when nothing has answered for
 * `timeoutMs` (`network_timeout`), the session is declared lost, so that the run fails with one line
 * instead of hanging. A statement that runs long on a server that answers is never cut. A statement that
 * ends before the first tick costs a timer.
 */

/** Checks that the server answers, from a session of its own; `done` closes what the checks opened. */
export interface ServerCheck {
  /** Resolves true when the server answered (even with an error of its own), false or throws when it did not. */
  answers(deadlineMs: number): Promise<boolean>;
  done(): void;
}

export interface LivenessOptions {
  /** network_timeout in ms: how long nothing may answer before the session counts as lost (0: never). */
  readonly timeoutMs: number;
  readonly check: ServerCheck;
  /** The session is lost: nothing answered for timeoutMs. Called once per statement at most. */
  readonly onLost: () => void;
  /** Between two checks, and the first after the statement was sent: a quarter of timeoutMs, 250 ms to 15 s. */
  readonly everyMs?: number;
}

export class LivenessWatch {
  readonly #timeoutMs: number;
  readonly #everyMs: number;
  readonly #check: ServerCheck;
  readonly #onLost: () => void;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Which statement a check was made for: an answer that comes after its statement ended is dropped. */
  #statement = 0;
  /** When the server last answered this statement's checks (or the statement was sent), by the monotonic clock. */
  #heardAt = 0;
  /** The statement whose check is in flight, if any. */
  #busy: number | undefined;
  #checked = false;
  #checks = 0;

  constructor(options: LivenessOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#everyMs = options.everyMs ?? Math.min(15_000, Math.max(250, options.timeoutMs / 4));
    this.#check = options.check;
    this.#onLost = options.onLost;
  }

  /** How many checks were made. */
  get checks(): number {
    return this.#checks;
  }

  /** A statement was sent. */
  start(): void {
    this.#clear();
    if (this.#timeoutMs <= 0) return;
    const statement = ++this.#statement;
    this.#heardAt = performance.now();
    const timer = setInterval(() => this.#tick(statement), this.#everyMs);
    // A watcher never keeps the process alive by itself.
    (timer as { unref?: () => void }).unref?.();
    this.#timer = timer;
  }

  /** The statement ended (idempotent). */
  stop(): void {
    this.#clear();
    this.#statement++;
    if (this.#checked) {
      this.#checked = false;
      this.#check.done();
    }
  }

  #clear(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #tick(statement: number): void {
    // A check of this statement still in flight decides first: it has its own bound (below), and a slow
    // answer from a far server must not lose to the deadline (review finding: cut at 4 s by a 3.5 s check).
    const inFlight = this.#busy === statement;
    if (!inFlight && performance.now() - this.#heardAt >= this.#timeoutMs) {
      this.stop();
      this.#onLost();
      return;
    }
    // One check at a time: a slow one is not joined by the next. (One left from an earlier statement does
    // not hold this one's back: its answer is dropped.)
    if (inFlight) return;
    this.#busy = statement;
    this.#checked = true;
    this.#checks++;
    // A check may take a tick, and at least 5 s (or the whole timeout when shorter): a far server reached
    // over TLS may take a few round trips to let a new session in, and a small timeout must not cut a
    // statement on a server that answers.
    const deadlineMs = Math.max(this.#everyMs, Math.min(this.#timeoutMs, 5000));
    let bound: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<boolean>((resolve) => (bound = setTimeout(resolve, deadlineMs, false)));
    void Promise.race([this.#check.answers(deadlineMs), late])
      .catch(() => false)
      .then((answered) => {
        if (answered && this.#statement === statement) this.#heardAt = performance.now();
        // A check that did not answer leaves its session in an unknown state: the next one starts afresh.
        else if (!answered && this.#statement === statement) this.#check.done();
      })
      .finally(() => {
        clearTimeout(bound);
        if (this.#busy === statement) this.#busy = undefined;
      });
  }
}

/**
 * The usual ServerCheck: `SELECT 1` on a session of its own that `open` makes within the check's deadline,
 * kept from one check to the next while it answers, closed by done(). `answered` tells an error the server
 * sent (too many connections: it is there) from one of the network.
 */
export function selectOneCheck<C extends { query(sql: string): Promise<unknown> }>(
  open: (deadlineMs: number) => Promise<C>,
  close: (session: C) => unknown,
  answered: (error: unknown) => boolean,
): ServerCheck {
  let side: Promise<C> | undefined;
  return {
    async answers(deadlineMs) {
      const opening = (side ??= open(deadlineMs));
      let session: C;
      try {
        session = await opening;
      } catch (error) {
        // A session that could not be opened is not kept: the next check connects again (a refusal the
        // server sent, "too many clients", counts as an answer once, not for every later check).
        if (side === opening) side = undefined;
        return answered(error);
      }
      try {
        await session.query("SELECT 1");
        return true;
      } catch (error) {
        return answered(error);
      }
    },
    done() {
      const closing = side;
      side = undefined;
      void closing?.then(close).catch(() => {});
    },
  };
}

/**
 * Seconds of silence before TCP keepalive probes the session's socket (Bun then probes every second, 10
 * times: a silent peer fails an idle socket within the delay + 10 s, and a NAT entry stays alive while a
 * statement runs long): 60, postgres.js's default, or network_timeout when shorter.
 */
export function keepaliveDelayS(networkTimeoutMs: number | undefined): number {
  const ms = networkTimeoutMs ?? 0;
  return ms > 0 ? Math.max(1, Math.min(60, Math.round(ms / 1000))) : 60;
}

/** The reason a lost session gives: what passed, and what set it ("--network-timeout"). */
export function silenceReason(timeoutMs: number, from: string): string {
  return `no answer for ${timeoutMs / 1000} s, the deadline set by ${from}: the server or the network stopped answering (a network partition, a failover, a dropped NAT entry)`;
}
