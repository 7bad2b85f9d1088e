import { randomUUID } from 'node:crypto';
import { connect, type ConsumeMessage } from 'amqplib';
import { testBrokerUrl } from './broker-fixtures.js';

/** Marks the messages {@link Tap.caughtUp} sends itself; they are never recorded. */
const markerHeader = 'annals-tap-marker';

/** An exclusive queue bound to an exchange that records every message it receives, for assertions. */
export interface Tap extends AsyncDisposable {
  /** Every message received so far, in order of arrival. */
  readonly messages: ConsumeMessage[];
  /** Resolves once at least `count` messages arrived; rejects after `timeout` ms. */
  waitFor(count: number, timeout?: number): Promise<ConsumeMessage[]>;
  /**
   * Resolves once every message the broker confirmed to a publisher before the call is in `messages`: a
   * marker sent to the tap's queue now arrives after them. What is missing then never arrived, without
   * waiting for a guessed time. Rejects after `timeout` ms.
   */
  caughtUp(timeout?: number): Promise<ConsumeMessage[]>;
  /** Closes the tap's connection, which deletes its exclusive queue. */
  close(): Promise<void>;
}

/** Listens to `exchange` (declared if absent) for routing keys matching `pattern`. */
export async function tapExchange(exchange: string, pattern = '#', url = testBrokerUrl): Promise<Tap> {
  const model = await connect(url);
  const channel = await model.createConfirmChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true });
  await channel.bindQueue(queue, exchange, pattern);
  const messages: ConsumeMessage[] = [];
  const markers = new Set<string>();
  await channel.consume(
    queue,
    (message) => {
      if (!message) return;
      if (message.properties.headers?.[markerHeader]) markers.add(String(message.properties.messageId));
      else messages.push(message);
    },
    { noAck: true },
  );
  const until = async (done: () => boolean, timeout: number, what: () => string): Promise<void> => {
    const deadline = Date.now() + timeout;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(what());
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const close = async (): Promise<void> => {
    await model.close().catch(() => undefined);
  };
  return {
    messages,
    async waitFor(count, timeout = 15_000) {
      await until(
        () => messages.length >= count,
        timeout,
        () => `tap saw ${messages.length} of ${count} messages`,
      );
      return messages;
    },
    async caughtUp(timeout = 15_000) {
      const marker = randomUUID();
      channel.sendToQueue(queue, Buffer.alloc(0), { messageId: marker, headers: { [markerHeader]: true } });
      await channel.waitForConfirms();
      await until(
        () => markers.has(marker),
        timeout,
        () => 'the tap’s marker did not come back',
      );
      return messages;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
