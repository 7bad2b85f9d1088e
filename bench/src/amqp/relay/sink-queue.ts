import { connect, type Channel, type ChannelModel } from 'amqplib';
import type { RelayTarget } from './relay-target.js';

/** The queue the relay throughput publishes into, emptied before each measurement so that all start alike. */
export class SinkQueue {
  private constructor(
    readonly model: ChannelModel,
    readonly channel: Channel,
    readonly queue: string,
  ) {}

  static async open({ url, queue }: RelayTarget): Promise<SinkQueue> {
    const model = await connect(url);
    return new SinkQueue(model, await model.createChannel(), queue);
  }

  async purge(): Promise<void> {
    await this.channel.purgeQueue(this.queue);
  }

  async close(): Promise<void> {
    await this.model.close();
  }
}
