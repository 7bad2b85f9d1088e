import test from 'ava';
import { RecordingLogger } from '@annals/test-support';
import { Consumer } from './consumer.js';

test('a consumer waiting for an unreachable broker stops and closes at once', async (t) => {
  t.timeout(10_000, 'close() waited for a broker that never came');
  const logger = new RecordingLogger();
  // Port 1 refuses connections: consume() keeps retrying until it is stopped.
  const consumer = new Consumer({
    name: 'ledger',
    url: 'amqp://guest:guest@127.0.0.1:1',
    exchange: 'bank.events',
    backoff: { initial: 10, max: 10 },
    logger,
  });
  consumer.subscribe('Account.*', () => undefined);
  const consuming = consumer.consume();
  await logger.waitFor((line) => line.message.startsWith('cannot reach the broker'));
  await consumer.close();
  await t.notThrowsAsync(consuming);
});
