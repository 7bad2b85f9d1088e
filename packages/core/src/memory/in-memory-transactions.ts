import { AsyncLocalStorage } from 'node:async_hooks';

/** What one in-memory transaction changed, so that a rollback can put it back. */
export class InMemoryUnitOfWork {
  readonly #undo: (() => void)[] = [];
  readonly #committed: (() => void)[] = [];
  /** Outbox sequences written by this transaction, invisible to relays until it commits. */
  readonly outbox = new Set<number>();

  /** Registers how to revert one change; reverted newest first on rollback. */
  onRollback(undo: () => void): void {
    this.#undo.push(undo);
  }

  /** Registers what to do once the transaction has committed; never called on rollback. */
  afterCommit(then: () => void): void {
    this.#committed.push(then);
  }

  commit(): void {
    for (const then of this.#committed) then();
  }

  rollback(): void {
    for (const undo of this.#undo.reverse()) undo();
  }
}

/**
 * Transactions of the in-memory strategy. One runs at a time: writes from outside wait until it ends, so a
 * rollback only ever reverts its own changes. The transaction is found through the async context, so code
 * called from inside it (an application's `save`) joins it. Readers are not isolated: they see changes
 * before commit, except relays, which skip outbox rows of an open transaction.
 */
export class InMemoryTransactions {
  readonly #context = new AsyncLocalStorage<InMemoryUnitOfWork>();
  #ended: Promise<void> | undefined;
  #open: InMemoryUnitOfWork | undefined;

  /** The transaction of the calling async context, if any. */
  current(): InMemoryUnitOfWork | undefined {
    return this.#context.getStore();
  }

  /** Outbox sequences written by the open transaction, if any. */
  uncommittedOutbox(): ReadonlySet<number> {
    return this.#open?.outbox ?? noSequences;
  }

  /**
   * True when the caller may write now: it is in the open transaction, or none is open. Check it again
   * after awaiting {@link writable}: a transaction may begin in the tick before the caller resumes.
   */
  get isWritable(): boolean {
    return this.current() !== undefined || this.#ended === undefined;
  }

  /** Resolves when no other transaction is open; joined callers never wait. */
  async writable(): Promise<void> {
    if (this.current()) return;
    while (this.#ended) await this.#ended;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.current()) return work();
    // Not `await this.writable()`: its return takes a tick, in which another caller woken by the same end
    // could begin too. Here the check and the begin below run in one step.
    while (this.#ended) await this.#ended;
    let end: () => void = () => undefined;
    this.#ended = new Promise<void>((resolve) => {
      end = resolve;
    });
    const unit = new InMemoryUnitOfWork();
    this.#open = unit;
    let result: T;
    try {
      result = await this.#context.run(unit, work);
    } catch (error) {
      unit.rollback();
      throw error;
    } finally {
      this.#open = undefined;
      this.#ended = undefined;
      end();
    }
    unit.commit();
    return result;
  }
}

const noSequences: ReadonlySet<number> = new Set();
