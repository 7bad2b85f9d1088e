import test from 'ava';
import { pino } from 'pino';
import { Wallet, Wallets } from '../application/fixtures/wallet.js';
import { InMemoryStrategy } from '../memory/index.js';

test('a pino logger is an Annals logger as it is: records keep pino’s shape with Annals’ fields', async (t) => {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
  const app = new Wallets({ strategy: new InMemoryStrategy(), env: {}, logger });
  t.teardown(() => app.close());
  app.bus.subscribe(() => {
    throw new Error('the read model is down');
  });
  await app.save(Wallet.create('ada'));

  const record = lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((r) => r['level'] === 50);
  t.like(record, {
    msg: 'an event subscriber failed after commit',
    application: 'Wallets',
    component: 'bus',
    err: { type: 'Error', message: 'the read model is down' },
  });
});
