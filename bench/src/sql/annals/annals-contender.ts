import type { Notification } from '@annals/core';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import type { SqlContender } from '../sql-contender.js';
import type { AppendShape } from '../sql-task.js';
import { OpenedOnce } from '../../harness/index.js';
import type { StateLayer } from '../state-layer.js';
import { runWriters } from '../writers.js';
import { BankAccount } from './bank-account.js';
import { Bank } from './bank.js';
import { layerOptions } from './layer-options.js';
import { MoneyDeposited } from './money-deposited.js';

/** Annals on PostgreSQL, through its public API: `save`, `get` and the notification log. */
export class AnnalsContender implements SqlContender {
  /** A bank of its own per layer, opened on first use and closed with this one. */
  readonly #layered = new OpenedOnce((layer: StateLayer) => AnnalsContender.open(this.url, layer));

  private constructor(
    readonly bank: Bank,
    readonly url: string,
  ) {}

  static async open(url: string, layer?: StateLayer): Promise<AnnalsContender> {
    const strategy = postgresqlStrategy({ url });
    const bank = new Bank({ strategy, env: {}, ...(layer === undefined ? {} : layerOptions(layer)) });
    await bank.notificationLog.maxPosition();
    return new AnnalsContender(bank, url);
  }

  append(shape: AppendShape): Promise<string[]> {
    return runWriters(
      shape,
      () => new BankAccount(),
      async (account, _firstVersion, events) => {
        for (let event = 0; event < events; event++) account.deposit();
        await this.bank.save(account);
      },
    );
  }

  async load(aggregateId: string, events: number): Promise<void> {
    const account = await this.bank.get(BankAccount, aggregateId);
    if (account.version !== events) throw new Error(`annals loaded ${account.version} of ${events} events`);
  }

  async scan(events: number, pageSize: number, after: number, oneByOne: boolean): Promise<void> {
    const log = this.bank.notificationLog;
    let read = 0;
    let balance = 0;
    const fold = (notification: Notification): boolean => {
      const event = log.decode(notification);
      if (event instanceof MoneyDeposited) balance += event.payload.amount;
      return ++read === events;
    };
    if (oneByOne) {
      for await (const notification of log.iterate({ pageSize, start: after + 1 })) {
        if (fold(notification)) return;
      }
    } else {
      for await (const page of log.pages({ pageSize, start: after + 1 })) {
        for (const notification of page) if (fold(notification)) return;
      }
    }
    throw new Error(`annals scanned ${read} of ${events} events (balance ${balance})`);
  }

  lastPosition(): Promise<number> {
    return this.bank.notificationLog.maxPosition();
  }

  withLayer(layer: StateLayer): Promise<AnnalsContender> {
    return this.#layered.get(layer);
  }

  async close(): Promise<void> {
    await this.#layered.close();
    await this.bank.close();
  }
}
