import test from 'ava';
import { isValidationError } from '../errors/index.js';
import { InMemoryStrategy } from '../memory/index.js';
import { Wallet, Wallets } from './fixtures/wallet.js';

test('a save refuses an event missing from its aggregate’s events, naming the class and the list, and stores nothing', async (t) => {
  const strategy = new InMemoryStrategy();
  await using app = new Wallets({ strategy, env: {} });
  const wallet = Wallet.create('ada');
  await app.save(wallet);
  wallet.credit(5);
  wallet.freeze('lost card');
  const error = await t.throwsAsync(app.save(wallet));
  t.true(isValidationError(error));
  t.regex(error?.message ?? '', /Frozen .*"Wallet\.Frozen".*add Frozen to Wallet\.events/);
  t.is(await strategy.maxNotificationPosition(), 1);
  t.is(wallet.pendingEvents.length, 2);
  t.is((await app.get(Wallet, wallet.id)).version, 1);
});

test('an application that lists no aggregates registers the classes it saves and loads', async (t) => {
  const strategy = new InMemoryStrategy();
  const wallet = Wallet.create('ada');
  wallet.credit(3);
  await new Wallets({ strategy, env: {} }).save(wallet);
  await using loader = new Wallets({ strategy, env: {} });
  t.throws(() => loader.topics.eventClass('Wallet.Created'));
  t.is((await loader.get(Wallet, wallet.id)).balance, 3);
  t.is(loader.topics.eventClass('Wallet.Credited').name, 'Credited');
});
