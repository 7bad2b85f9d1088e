import { connect, type ConsumeMessage } from 'amqplib';
import { testBrokerUrl } from './broker-fixtures.js';

/** An exclusive queue bound to an exchange that records every message it receives, for assertions. */
export interface Tap extends AsyncDisposable {
  readonly messages: ConsumeMessage[];
  /** Resolves once at least `count` messages arrived; rejects after `timeout` ms. */
  waitFor(count: number, timeout?: number): Promise<ConsumeMessage[]>;
  close(): Promise<void>;
}

/** Listens to `exchange` (declared if absent) for routing keys matching `pattern`. */
export async function tapExchange(exchange: string, pattern = '#', url = testBrokerUrl): Promise<Tap> {
  const model = await connect(url);
  const channel = await model.createChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true });
  await channel.bindQueue(queue, exchange, pattern);
  const messages: ConsumeMessage[] = [];
  await channel.consume(queue, (message) => message && messages.push(message), { noAck: true });
  const close = async (): Promise<void> => {
    await model.close().catch(() => undefined);
  };
  return {
    messages,
    async waitFor(count, timeout = 15_000) {
      const deadline = Date.now() + timeout;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`tap saw ${messages.length} of ${count} messages`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return messages;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
