import { dumbo, type Dumbo } from '@event-driven-io/dumbo';
import type { Event } from '@event-driven-io/emmett';
import {
  getPostgreSQLEventStore,
  readLastMessageGlobalPosition,
  readMessagesBatch,
  type PostgresEventStore,
} from '@event-driven-io/emmett-postgresql';
import { v7 as uuidv7 } from 'uuid';
import { depositFor, type Deposit } from '../deposit.js';
import type { SqlContender } from '../sql-contender.js';
import type { AppendShape } from '../sql-task.js';
import type { StateLayer } from '../state-layer.js';
import { runWriters } from '../writers.js';

type MoneyDeposited = Event<'MoneyDeposited', Deposit>;

interface Balance {
  readonly balance: number;
}

const evolve = (state: Balance, event: MoneyDeposited): Balance => ({
  balance: state.balance + event.data.amount,
});

/**
 * Emmett's PostgreSQL event store, through its public API: `appendToStream`, `aggregateStream`, and
 * `readMessagesBatch` (what its consumers poll with) over the store's own pool for the log.
 */
export class EmmettContender implements SqlContender {
  private constructor(
    readonly pool: Dumbo,
    readonly store: PostgresEventStore,
  ) {}

  static async open(url: string): Promise<EmmettContender> {
    const pool = dumbo({ connectionString: url });
    const store = getPostgreSQLEventStore(url, { connectionOptions: { dumbo: pool } });
    await store.schema.migrate();
    return new EmmettContender(pool, store);
  }

  append(shape: AppendShape): Promise<string[]> {
    return runWriters(
      shape,
      () => ({ id: `BankAccount-${uuidv7()}` }),
      async ({ id }, firstVersion, events) => {
        const deposits: MoneyDeposited[] = [];
        for (let version = firstVersion; version < firstVersion + events; version++) {
          deposits.push({ type: 'MoneyDeposited', data: depositFor(version) });
        }
        await this.store.appendToStream(id, deposits);
      },
    );
  }

  async load(streamName: string, events: number): Promise<void> {
    const { currentStreamVersion } = await this.store.aggregateStream<Balance, MoneyDeposited>(streamName, {
      evolve,
      initialState: () => ({ balance: 0 }),
    });
    if (currentStreamVersion !== BigInt(events)) {
      throw new Error(`emmett loaded ${currentStreamVersion} of ${events} events`);
    }
  }

  async scan(events: number, pageSize: number, from: number): Promise<void> {
    let read = 0;
    let after = BigInt(from);
    let state: Balance = { balance: 0 };
    while (read < events) {
      const { messages, currentGlobalPosition } = await readMessagesBatch<MoneyDeposited>(this.pool.execute, {
        after,
        batchSize: Math.min(pageSize, events - read),
      });
      if (messages.length === 0) throw new Error(`emmett scanned ${read} of ${events} events`);
      for (const message of messages) state = evolve(state, message);
      read += messages.length;
      after = currentGlobalPosition;
    }
  }

  async lastPosition(): Promise<number> {
    const { currentGlobalPosition } = await readLastMessageGlobalPosition(this.pool.execute);
    return Number(currentGlobalPosition ?? 0n);
  }

  /** Emmett stores its events as plain JSONB: it has no compression or encryption to measure. */
  async withLayer(layer: StateLayer): Promise<SqlContender> {
    throw new Error(`Emmett has no ${layer} layer; the plan leaves it out of the layers' workloads`);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
