import { randomUUID } from 'node:crypto';
import { cassandraStrategy, type CassandraStrategy } from '@annals/cassandra';
import { BankAccount } from '../../sql/annals/bank-account.js';
import { Bank } from '../../sql/annals/bank.js';
import { layerOptions } from '../../sql/annals/layer-options.js';
import { MoneyDeposited } from '../../sql/annals/money-deposited.js';
import { OpenedOnce } from '../../harness/index.js';
import type { StateLayer } from '../../sql/state-layer.js';
import type { CassandraContender } from '../cassandra-contender.js';
import type { AppendShape } from '../cassandra-task.js';
import {
  BUCKET_SIZE,
  CLIENT_OPTIONS,
  CONSISTENCY,
  CONTACT_POINTS,
  LOCAL_DATA_CENTER,
  PAGE_SIZE,
  SERIAL_CONSISTENCY,
} from '../connection.js';
import { runWriters } from '../writers.js';

/**
 * Annals on Cassandra, through its public API: `Application.save`, `Application.get`, and the strategy's
 * `selectNotifications` with the application's mapper for following the log.
 */
export class AnnalsContender implements CassandraContender {
  /** A bank of its own per layer, opened on first use and closed with this one. */
  readonly #layered = new OpenedOnce((layer: StateLayer) => AnnalsContender.open(this.keyspace, layer));

  private constructor(
    readonly bank: Bank,
    readonly strategy: CassandraStrategy,
    readonly keyspace: string,
  ) {}

  static async open(keyspace: string, layer?: StateLayer): Promise<AnnalsContender> {
    const strategy = cassandraStrategy({
      contactPoints: CONTACT_POINTS,
      localDataCenter: LOCAL_DATA_CENTER,
      keyspace,
      bucketSize: BUCKET_SIZE,
      pageSize: PAGE_SIZE,
      consistency: CONSISTENCY,
      serialConsistency: SERIAL_CONSISTENCY,
      clientOptions: CLIENT_OPTIONS,
    });
    const bank = new Bank({ strategy, env: {}, ...(layer === undefined ? {} : layerOptions(layer)) });
    // Connects and checks the schema, which the strategy does once, before its first operation.
    await bank.eventStore.get(randomUUID());
    return new AnnalsContender(bank, strategy, keyspace);
  }

  append(shape: AppendShape): Promise<void> {
    return runWriters(
      shape,
      () => new BankAccount(),
      (account, _firstVersion, events) => this.#deposit(account, events),
    );
  }

  async seed(events: number, eventsPerAppend: number): Promise<string> {
    const account = new BankAccount();
    for (let stored = 0; stored < events; stored += eventsPerAppend)
      await this.#deposit(account, eventsPerAppend);
    return account.id;
  }

  async load(aggregateId: string, events: number): Promise<void> {
    const account = await this.bank.get(BankAccount, aggregateId);
    if (account.version !== events) throw new Error(`annals loaded ${account.version} of ${events} events`);
  }

  /**
   * What a follower does: asks the strategy for the notifications from `start` on, a page at a time, and
   * decodes each one's domain event through the application's mapper, until a page comes back short.
   */
  async follow(events: number): Promise<void> {
    const log = this.bank.notificationLog;
    let read = 0;
    let balance = 0;
    for (let start = 1; ;) {
      const page = await this.strategy.selectNotifications({ start, limit: PAGE_SIZE });
      for (const notification of page) {
        const event = log.decode(notification);
        if (event instanceof MoneyDeposited) balance += event.payload.amount;
        read++;
      }
      const last = page.at(-1);
      if (!last || page.length < PAGE_SIZE) break;
      start = last.position + 1;
    }
    if (read !== events) throw new Error(`annals followed ${read} of ${events} events (balance ${balance})`);
  }

  withLayer(layer: StateLayer): Promise<AnnalsContender> {
    return this.#layered.get(layer);
  }

  async close(): Promise<void> {
    await this.#layered.close();
    await this.bank.close();
  }

  async #deposit(account: BankAccount, events: number): Promise<void> {
    for (let event = 0; event < events; event++) account.deposit();
    await this.bank.save(account);
  }
}
