import type { EntityManager, EventSubscriber, MikroORM, TransactionEventArgs } from '@mikro-orm/core';
import type { Executor } from '../internal/executor.js';

/** A MikroORM transaction context: a transaction, or a savepoint in one (then with a `savepointName`). */
type Context = object & { readonly savepointName?: string };

/**
 * The transactions of one ORM that appends join (the caller's `em.transactional`, `em.begin()`, nested
 * transactions and savepoints, and the strategy's own `transaction()`), and what waits for their commit.
 * MikroORM's transaction events say when each commits or rolls back. A savepoint's writes are committed
 * only when the transaction around it commits, so what waits on a released savepoint moves to its parent,
 * and only the outermost commit runs it; a rollback, of a savepoint or a transaction, drops it.
 */
export class JoinedTransactions {
  readonly #orm: MikroORM;
  readonly #waiting = new WeakMap<object, (() => void)[]>();
  readonly #parents = new WeakMap<Context, Context>();
  /** Between its start events, the context a savepoint is started in, by the entity manager starting it. */
  readonly #startingIn = new WeakMap<EntityManager, Context>();

  constructor(orm: MikroORM) {
    this.#orm = orm;
    // Forks share the ORM's event manager, and transactions clone it as they start.
    orm.em.getEventManager().registerSubscriber(this.#subscriber());
  }

  /**
   * The transaction of THIS ORM active in the calling async context, if any. MikroORM keeps transaction
   * and request contexts in process-wide async-local storage, so inside another ORM's transaction (another
   * application, another database) the context's entity manager belongs to that ORM; joining it would write
   * our rows into its database.
   */
  current(): Executor | undefined {
    const context = this.#orm.em.getContext(false);
    return this.#isOurs(context) ? context.getTransactionContext<Executor>() : undefined;
  }

  /** Runs `work` in the active transaction of this ORM, or in a new one (`propagation: 'required'`). */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.#entityManager().transactional(() => work(), { propagation: 'required' });
  }

  /**
   * Runs `then` once `transaction` (from {@link current}) has committed, with every transaction around it;
   * never when one of them rolls back. Without a transaction, runs it now.
   */
  afterCommit(transaction: Executor | undefined, then: () => void): void {
    if (transaction === undefined) then();
    else this.#wait(transaction, [then]);
  }

  #wait(context: object, then: readonly (() => void)[]): void {
    const waiting = this.#waiting.get(context);
    if (waiting) waiting.push(...then);
    else this.#waiting.set(context, [...then]);
  }

  /** The entity manager of the current context when it belongs to this ORM, else a fork of our own. */
  #entityManager(): EntityManager {
    const context = this.#orm.em.getContext(false);
    return this.#isOurs(context) ? context : this.#orm.em.fork();
  }

  #isOurs(em: EntityManager): boolean {
    return em.getConnection() === this.#orm.em.getConnection();
  }

  #subscriber(): EventSubscriber {
    // MikroORM types the context as `any`: it is the driver's (here Kysely's) transaction object.
    const contextOf = (args: TransactionEventArgs): Context | undefined =>
      args.transaction as Context | undefined;
    return {
      beforeTransactionStart: (args) => {
        const parent = contextOf(args);
        if (parent) this.#startingIn.set(args.em, parent);
      },
      afterTransactionStart: (args) => {
        const parent = this.#startingIn.get(args.em);
        this.#startingIn.delete(args.em);
        const started = contextOf(args);
        if (started?.savepointName !== undefined && parent) this.#parents.set(started, parent);
      },
      afterTransactionCommit: (args) => {
        const committed = contextOf(args);
        const waiting = committed && this.#waiting.get(committed);
        if (!committed || !waiting) return;
        this.#waiting.delete(committed);
        if (committed.savepointName === undefined) {
          for (const then of waiting) then();
          return;
        }
        // A savepoint whose start this subscriber missed has no known parent: its commit cannot be seen.
        const parent = this.#parents.get(committed);
        if (parent) this.#wait(parent, waiting);
      },
      afterTransactionRollback: (args) => {
        const rolledBack = contextOf(args);
        if (rolledBack) this.#waiting.delete(rolledBack);
      },
    };
  }
}
