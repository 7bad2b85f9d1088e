import {
  NotSupportedError,
  SingleProcessRunner,
  type ApplicationClass,
  type ApplicationOptions,
} from '@annals/core';
import { Bank } from '../domain/bank.js';
import type { Balances } from '../read-model/balances.js';
import { openBalances } from '../read-model/open-balances.js';
import { Transfers } from '../transfers/transfers.js';
import { bankingOptions } from './banking-options.js';
import { bankSystem } from './bank-system.js';

/** Options of {@link openBanking}. */
export interface OpenBankingOptions {
  /** How each application of the system is constructed. @default `bankingOptions()`, from `process.env` */
  readonly applications?: ((application: ApplicationClass) => ApplicationOptions) | undefined;
  /** How long each follower sleeps when no commit wakes it, in ms. @default 1000 */
  readonly pollInterval?: number | undefined;
  /** How many notifications a batch of the balances projection holds at most. @default 500 */
  readonly balancesBatchSize?: number | undefined;
}

/**
 * The bank as one process runs it: the applications of the bank system, the bank and the transfers, each
 * following the other, and the balances read model following the bank. `close` stops every follower,
 * then closes the applications, so `initApplication(() => openBanking())` holds it as an application.
 */
export class Banking implements AsyncDisposable {
  readonly bank: Bank;
  readonly transfers: Transfers;
  readonly #system: SingleProcessRunner;
  readonly #balances: Balances | undefined;

  constructor(system: SingleProcessRunner, balances: Balances | undefined) {
    this.#system = system;
    this.bank = system.get(Bank);
    this.transfers = system.get(Transfers);
    this.#balances = balances;
  }

  /**
   * The balances read model.
   * @throws NotSupportedError when the bank's storage keeps no projections
   */
  get balances(): Balances {
    if (!this.#balances) {
      throw new NotSupportedError(
        `the balances read model needs storage that keeps projections; the bank stores in ${this.bank.strategy.name}`,
      );
    }
    return this.#balances;
  }

  /**
   * Waits until the bank and the transfers have processed each other's events so far, and the events
   * those caused, until neither has more to do.
   * @throws TimeoutError when a follower has not caught up within the timeout
   */
  settle(options: { timeout?: number } = {}): Promise<void> {
    return this.#system.settle(options);
  }

  async close(): Promise<void> {
    try {
      await this.#balances?.close();
    } finally {
      await this.#system.stop();
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** Constructs the bank system's applications, starts their followers and the balances projection. */
export async function openBanking(options: OpenBankingOptions = {}): Promise<Banking> {
  const system = new SingleProcessRunner(bankSystem, {
    options: options.applications ?? bankingOptions(),
    pollInterval: options.pollInterval,
  });
  let balances: Balances | undefined;
  try {
    await system.start();
    balances = openBalances(system.get(Bank), {
      batchSize: options.balancesBatchSize,
      pollInterval: options.pollInterval,
    });
    await balances?.start();
    return new Banking(system, balances);
  } catch (error) {
    await balances?.close();
    await system.stop();
    throw error;
  }
}
