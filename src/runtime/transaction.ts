import type { Dialect } from "../dialects/dialect.ts";
import type { StatementTarget } from "./target.ts";

/** Tracks whether a transaction is open on the target, so that BEGIN/COMMIT are never doubled. */
export class Transaction {
  #open = false;
  constructor(
    private readonly target: StatementTarget,
    private readonly dialect: Dialect,
    /** Called after each COMMIT that succeeded, including those `outside()` makes. */
    private readonly onCommit: () => void = () => {},
  ) {}

  get open(): boolean {
    return this.#open;
  }

  /** Begin, unless a transaction is open. */
  async begin(): Promise<void> {
    if (this.#open) return;
    await this.target.statement({ sql: this.dialect.begin });
    this.#open = true;
  }

  async commit(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    await this.target.statement({ sql: this.dialect.commit });
    this.onCommit();
  }

  async rollback(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    await this.target.statement({ sql: this.dialect.rollback });
  }

  /** Run `fn` outside any transaction, then reopen the one that was open. */
  async outside<T>(fn: () => Promise<T>): Promise<T> {
    const wasOpen = this.#open;
    if (wasOpen) await this.commit();
    try {
      return await fn();
    } finally {
      if (wasOpen) await this.begin();
    }
  }
}
