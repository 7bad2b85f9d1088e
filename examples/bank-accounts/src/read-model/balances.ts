import type { ProjectionRunner, WaitForOptions } from '@annals/core';
import type { EntityManager } from '@mikro-orm/sql';
import { BalanceTable, type Balance } from './balance-table.js';

/** What a read of the balances answers: the rows of the generation of the read model that served it. */
export interface BalanceList {
  readonly generation: number;
  readonly balances: readonly Balance[];
}

/** Options of {@link Balances.list}. */
export interface ListBalancesOptions extends WaitForOptions {
  /**
   * Read only once the read model has processed the bank's log up to here: pass the position a save
   * returned to read that save's effect (read-your-writes). @default no wait
   */
  readonly position?: number | undefined;
}

/**
 * The balances read model: the runner of its projection, and the reads of the generation it serves.
 * Create it with `openBalances`.
 */
export class Balances implements AsyncDisposable {
  readonly runner: ProjectionRunner<EntityManager>;
  readonly #em: EntityManager;
  readonly #release: () => Promise<void>;

  /**
   * @param em reads the read model's tables
   * @param release frees what the read model holds besides the runner, once the runner stopped
   */
  constructor(runner: ProjectionRunner<EntityManager>, em: EntityManager, release: () => Promise<void>) {
    this.runner = runner;
    this.#em = em;
    this.#release = release;
  }

  /** Starts following the bank's log. */
  start(): Promise<void> {
    return this.runner.start();
  }

  /**
   * Every account's balance, from the generation served now.
   * @throws TimeoutError when `position` is given and the read model has not processed it in time
   */
  async list(options: ListBalancesOptions = {}): Promise<BalanceList> {
    await this.runner.waitFor(options.position, options);
    for (;;) {
      const generation = await this.runner.generation();
      try {
        return { generation, balances: await new BalanceTable(this.#em, generation).rows() };
      } catch (error) {
        // A rebuild switched to the next generation and dropped this one's table in between: read that one.
        if ((await this.runner.generation()) !== generation) continue;
        // The projection has processed nothing yet, so it has not set its table up.
        if ((await this.runner.status()).position === 0) return { generation, balances: [] };
        throw error;
      }
    }
  }

  /** Stops the runner (its batch in progress finishes first), then frees the read model's database. */
  async close(): Promise<void> {
    await this.runner.stop();
    await this.#release();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
