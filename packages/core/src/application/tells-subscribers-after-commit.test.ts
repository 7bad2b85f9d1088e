import test from 'ava';
import { InMemoryStrategy } from '../memory/index.js';
import type { Recording } from '../store/index.js';
import { Wallet, Wallets } from './fixtures/wallet.js';

test('bus subscribers hear of a save in a transaction once it commits, and never of one that rolled back', async (t) => {
  const strategy = new InMemoryStrategy();
  await using app = new Wallets({ strategy, env: {} });
  const heard: Recording[] = [];
  app.bus.subscribe((recordings) => void heard.push(...recordings));

  const rolledBack = Wallet.create('rolled back');
  await t.throwsAsync(
    strategy.transaction(async () => {
      await app.save(rolledBack);
      throw new Error('changed my mind');
    }),
    { message: 'changed my mind' },
  );
  t.deepEqual(heard, []);

  const committed = Wallet.create('committed');
  await strategy.transaction(async () => {
    await app.save(committed);
    t.deepEqual(heard, [], 'nothing is told before the transaction commits');
  });
  t.deepEqual(
    heard.map((recording) => [recording.event.originatorId, recording.position]),
    [[committed.id, 1]],
  );

  const alone = Wallet.create('alone');
  await app.save(alone);
  t.deepEqual(
    heard.map((recording) => recording.event.originatorId),
    [committed.id, alone.id],
    'a save that commits on its own is told before it resolves, once',
  );
});

test('two applications on one strategy hear only of their own saves', async (t) => {
  const strategy = new InMemoryStrategy();
  await using first = new Wallets({ name: 'first', strategy, env: {} });
  await using second = new Wallets({ name: 'second', strategy, env: {} });
  const heard: string[] = [];
  first.bus.subscribe((recordings) => void heard.push(...recordings.map((r) => `first:${r.event.topic}`)));
  second.bus.subscribe((recordings) => void heard.push(...recordings.map((r) => `second:${r.event.topic}`)));
  await first.save(Wallet.create('a'));
  await second.save(Wallet.create('b'));
  t.deepEqual(heard, ['first:Wallet.Created', 'second:Wallet.Created']);
});
