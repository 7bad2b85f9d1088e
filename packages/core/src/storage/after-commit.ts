import type { Commit, CommitListener } from './commit.js';
import type { OutboxCommit, OutboxWatcher } from './outbox.js';

/**
 * The after-commit path of a strategy: it calls {@link committed} once an append has really committed, and
 * this tells the commit listeners and the one outbox watcher. Strategies compose one and call it from the
 * single place they learn of a commit (their own transaction's end, or a caller's transaction's end).
 */
export class AfterCommit {
  readonly #listeners = new Set<CommitListener>();
  readonly #watchers = new Set<OutboxWatcher>();

  /** See `ActiveRecordStrategy.onCommit`. */
  onCommit(listener: CommitListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** See `OutboxDispatch.watchOutbox`. */
  watchOutbox(watcher: OutboxWatcher): () => void {
    this.#watchers.add(watcher);
    return () => void this.#watchers.delete(watcher);
  }

  /** Whether an outbox watcher is listening, so appends should mark their rows for dispatch. */
  get dispatching(): boolean {
    return this.#watchers.size > 0;
  }

  /** Tells everyone of a commit; `outbox` is what the append marked for dispatch, where it did. */
  committed(commit: Commit, outbox?: OutboxCommit): void {
    for (const listener of this.#listeners) {
      try {
        listener(commit);
      } catch (error) {
        // A listener is only told of what is already committed: its failure is its own, never the append's.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
    // One watcher sends the rows: the earliest still watching (several would send them twice).
    const [watcher] = this.#watchers;
    if (outbox && watcher) watcher(outbox);
  }
}
