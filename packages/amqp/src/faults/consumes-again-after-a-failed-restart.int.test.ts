import test from 'ava';
import { RecordingLogger } from '@annals/test-support';
import { connect } from 'amqplib';
import { Consumer, type ConsumerOptions } from '../consumer/index.js';
import { closeBrokerConnections, deleteTopology, testBrokerUrl, uniqueName } from '../testing/index.js';

/** Publishes one message to `exchange` and waits for the broker's confirm. */
async function publish(exchange: string, messageId: string): Promise<void> {
  const model = await connect(testBrokerUrl);
  try {
    const channel = await model.createConfirmChannel();
    channel.publish(exchange, 'Thing.Happened', Buffer.from('{}'), { messageId });
    await channel.waitForConfirms();
  } finally {
    await model.close();
  }
}

// consume() used to reject when starting again after a reconnection failed (as it does when a restarting
// broker drops the new connection), and the consumer stayed stopped until restarted by hand.
test('a consumer whose start after a reconnection fails tries again, and consumes once it can', async (t) => {
  t.timeout(60_000, 'the consumer did not consume again');
  const exchange = uniqueName('restart-test');
  const logger = new RecordingLogger();
  const options: ConsumerOptions = {
    name: uniqueName('restarting'),
    url: testBrokerUrl,
    exchange,
    setup: true,
    backoff: { initial: 50, max: 200 },
    logger,
  };
  const waiting = new Map<string, () => void>();
  const handled = (id: string): Promise<void> => new Promise((resolve) => waiting.set(id, resolve));
  const subscribed = (connectionName: string): Consumer =>
    new Consumer({ ...options, connectionName }).subscribe('Thing.*', (message) =>
      waiting.get(message.id)?.(),
    );
  const connectionName = uniqueName('restarting-consumer');
  const consumer = subscribed(connectionName);
  t.teardown(async () => {
    await consumer.close();
    await deleteTopology(consumer.topology());
  });
  await consumer.setup();
  const consuming = consumer.consume();
  const first = handled('first');
  await publish(exchange, 'first');
  await first;

  // Starting again fails for as long as the consumer's queue is gone.
  const model = await connect(testBrokerUrl);
  await (await model.createChannel()).deleteQueue(consumer.names.queue);
  await model.close();
  t.is(await closeBrokerConnections(connectionName), 1, 'the broker closed the connection');
  const retrying = logger.waitFor((line) => line.message.startsWith('could not start consuming again'));
  const stopped = consuming.then(() => Promise.reject(new Error('consume() ended')));
  await Promise.race([retrying, stopped]);

  const redeclaring = subscribed(uniqueName('redeclaring'));
  await redeclaring.setup();
  await redeclaring.close();
  const second = handled('second');
  await publish(exchange, 'second');
  await Promise.race([second, stopped]);
  t.pass('the consumer consumed again');
});
