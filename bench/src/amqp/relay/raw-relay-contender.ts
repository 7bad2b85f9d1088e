import { OutboxPolicy } from '@annals/amqp';
import type { ClaimedOutboxMessage } from '@annals/core/storage';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { Contender } from '../../harness/index.js';
import { Meter } from '../bench-domain.js';
import type { RelayTarget } from './relay-target.js';
import type { RelayTask } from './relay-task.js';
import { SinkQueue } from './sink-queue.js';

/** Messages per batch, as many as the relay claims at a time. */
const BATCH = 500;

/**
 * Raw amqplib: the messages Annals' outbox policy writes for the task's events (bodies, headers, properties),
 * published on a confirm channel in batches of the relay's claim size, waiting for each batch's confirms. Its
 * connection and channel live as long as the process.
 */
export class RawRelayContender implements Contender<RelayTask> {
  #messages: readonly ClaimedOutboxMessage[] = [];

  private constructor(
    readonly target: RelayTarget,
    readonly model: ChannelModel,
    readonly channel: ConfirmChannel,
    readonly sink: SinkQueue,
  ) {}

  static async open(target: RelayTarget): Promise<RawRelayContender> {
    const model = await connect(target.url);
    const channel = await model.createConfirmChannel();
    return new RawRelayContender(target, model, channel, await SinkQueue.open(target));
  }

  async prepare({ rows }: RelayTask): Promise<void> {
    const meter = new Meter();
    for (let n = 0; n < rows; n++) meter.tick(n);
    const policy = new OutboxPolicy({ exchange: this.target.exchange, publishes: ['Meter.*'] });
    this.#messages = policy.outboxMessages(meter.pendingEvents).map((message, index) => ({
      ...message,
      sequence: index + 1,
      createdAt: new Date(),
    }));
  }

  async reset(): Promise<void> {
    await this.sink.purge();
  }

  async perform(): Promise<void> {
    for (let offset = 0; offset < this.#messages.length; offset += BATCH) {
      for (const message of this.#messages.slice(offset, offset + BATCH)) {
        this.channel.publish(message.exchange, message.routingKey, Buffer.from(message.body), {
          messageId: message.id,
          persistent: true,
          contentType: message.contentType,
          timestamp: Math.floor(message.createdAt.getTime() / 1000),
          headers: {
            ...message.headers,
            'annals-ordering-key': message.orderingKey,
            'annals-position': message.sequence,
          },
        });
      }
      await this.channel.waitForConfirms();
    }
  }

  async close(): Promise<void> {
    await this.model.close();
    await this.sink.close();
  }
}
