import { OutboxPolicy, OutboxRelay } from '@annals/amqp';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import type { Contender } from '../../harness/index.js';
import { Meter, Meters } from '../bench-domain.js';
import type { RelayTarget } from './relay-target.js';
import type { RelayTask } from './relay-task.js';
import { SinkQueue } from './sink-queue.js';

/** Rows per save before a measurement: each save is one append of 100 events and their outbox rows. */
export const ROWS_PER_SAVE = 100;

/**
 * Annals: before each measurement (untimed) its application commits the task's events with their outbox rows;
 * the measurement is one `OutboxRelay.flush()` emptying the outbox (claims of 500 rows, 2 in flight, publish
 * with confirms, delete the confirmed). The relay lives as long as the process, its broker connection open
 * before the first measurement, as the raw contender's is.
 */
export class AnnalsRelayContender implements Contender<RelayTask> {
  private constructor(
    readonly app: Meters,
    readonly relay: OutboxRelay,
    readonly sink: SinkQueue,
  ) {}

  static async open(databaseUrl: string, target: RelayTarget): Promise<AnnalsRelayContender> {
    const app = new Meters({ strategy: postgresqlStrategy({ url: databaseUrl }), env: {} });
    new OutboxPolicy({ exchange: target.exchange, publishes: ['Meter.*'] }).attach(app);
    const relay = new OutboxRelay({
      strategy: app.strategy,
      url: target.url,
      sweepInterval: 0,
      concurrency: Number(process.env['BENCH_RELAY_CONCURRENCY'] ?? 2),
    });
    await relay.flush(); // connects; the outbox is empty
    return new AnnalsRelayContender(app, relay, await SinkQueue.open(target));
  }

  async prepare(): Promise<void> {}

  async reset({ rows }: RelayTask): Promise<void> {
    await this.sink.purge();
    for (let written = 0; written < rows; written += ROWS_PER_SAVE) {
      const meter = new Meter();
      for (let n = 0; n < Math.min(ROWS_PER_SAVE, rows - written); n++) meter.tick(n);
      await this.app.save(meter);
    }
  }

  async perform({ rows }: RelayTask): Promise<void> {
    const published = await this.relay.flush();
    if (published !== rows) throw new Error(`the relay published ${published} of ${rows}`);
  }

  async close(): Promise<void> {
    await this.relay.stop();
    await this.sink.close();
    await this.app.close();
  }
}
