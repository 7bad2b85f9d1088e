import test from 'ava';
import { randomBytes } from 'node:crypto';
import { leaksIn, printable, RecordingLogger } from '@annals/test-support';
import { Account, Accounts } from '../fixtures/accounts.js';
import { Messaging } from '../messaging/index.js';
import { testBrokerUrl, uniqueName } from '../testing/index.js';

const password = `mq-${randomBytes(12).toString('base64url')}`;
const secrets = { 'broker password': password };
const refusing = testBrokerUrl.replace(/:[^:@/]*@/, `:${password}@`);
const unreachable = `amqp://guest:${password}@127.0.0.1:1`;

for (const [broker, url] of [
  ['refuses the password', refusing],
  ['cannot be reached', unreachable],
] as const) {
  test(`when the broker ${broker}, errors, their causes, the logs and the Messaging show no password`, async (t) => {
    const logger = new RecordingLogger();
    const app = new Accounts({ name: 'bank', env: {}, logger });
    const messaging = new Messaging(app, {
      url,
      exchange: uniqueName('secrets'),
      publishes: ['Account.*'],
      relay: { backoff: { initial: 10, max: 10 } },
    });
    const consumer = messaging.consumer(uniqueName('ledger'), { backoff: { initial: 10, max: 10 } });
    consumer.subscribe('Account.*', () => undefined);
    t.teardown(async () => {
      await messaging.close();
      await app.close();
    });
    const errors = [
      await t.throwsAsync(messaging.setup()),
      await t.throwsAsync(messaging.start()),
      await t.throwsAsync(consumer.drain()),
      await t.throwsAsync(messaging.status()),
    ];
    await app.save(Account.open('ada'));
    const consuming = consumer.consume();
    await logger.waitFor((line) => line.message.startsWith('cannot reach the broker'));
    await consumer.close();
    await consuming.catch(() => undefined);

    const everything = printable({ errors, logged: logger.lines, messaging });
    t.regex(everything, /guest:\*\*\*@/, 'the sweep saw the broker named');
    t.deepEqual(leaksIn(everything, secrets), []);
  });
}
