import type { Statement } from '../dialect/dialect.js';
import type { SqlClient } from '../internal/sql-client.js';

/** Options of a {@link CommitNotifier}. */
export interface CommitNotifierOptions {
  readonly sql: SqlClient;
  /** The statement that notifies the watchers' channel. */
  readonly notify: Statement;
  /** The least time between two notifications, ms: commits made meanwhile are told by the second. */
  readonly interval: number;
}

/**
 * Tells other processes' log watchers that appends of this process have committed, by a NOTIFY of its own
 * sent after the commit. A NOTIFY inside the append would hold PostgreSQL's database-wide notify lock from
 * its commit until that commit is on disk, serialising all concurrent appends (8 writers ran at a third of
 * their speed). The first commit is told at once; further ones at most once per interval, so that a busy
 * writer does not pay a NOTIFY per append. A notification lost with its process only delays watchers until
 * they poll.
 */
export class CommitNotifier {
  readonly #options: CommitNotifierOptions;
  #sending: Promise<void> | undefined;
  #quiet: NodeJS.Timeout | undefined;
  #again = false;
  #closed = false;

  constructor(options: CommitNotifierOptions) {
    this.#options = options;
  }

  /** Notifies now, or at the end of the interval after the last notification; does not wait. */
  committed(): void {
    if (this.#closed) return;
    if (this.#sending || this.#quiet) {
      this.#again = true;
      return;
    }
    this.#send();
  }

  /** Sends nothing more, and waits for the notification under way. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#quiet);
    await this.#sending;
  }

  #send(): void {
    this.#again = false;
    const { sql, notify, interval } = this.#options;
    // On the pool: an append's after-commit work may run in the async context of a finished transaction.
    this.#sending = sql.query(notify, sql.pool).then(
      () => undefined,
      // Watchers poll besides: a notification that could not be sent only delays them.
      () => undefined,
    );
    void this.#sending.then(() => {
      this.#sending = undefined;
      if (this.#closed) return;
      this.#quiet = setTimeout(() => {
        this.#quiet = undefined;
        if (this.#again && !this.#closed) this.#send();
      }, interval).unref();
    });
  }
}
