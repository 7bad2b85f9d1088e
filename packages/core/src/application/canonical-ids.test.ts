import test from 'ava';
import { isValidationError } from '../errors/index.js';
import { DomainEvent, TopicRegistry } from '../events/index.js';
import { Cipher } from '../mapping/index.js';
import { InMemoryStrategy } from '../memory/index.js';
import { Wallet, Wallets } from './fixtures/wallet.js';

const UPPER = '0190A1B2-C3D4-7E5F-8A6B-7C8D9E0F1A2B';

test('an id given in upper case is stored in lower case, and loads by either spelling with a cipher key', async (t) => {
  const strategy = new InMemoryStrategy();
  await using app = new Wallets({ strategy, env: {}, cipherKey: Cipher.generateKey() });
  const wallet = new Wallet(UPPER);
  wallet.credit(5);
  await app.save(wallet);
  t.is(wallet.id, UPPER.toLowerCase());
  const [notification] = await app.notificationLog.select(1, 1);
  t.is(notification?.originatorId, UPPER.toLowerCase());
  t.is(app.notificationLog.decode(notification!).originatorId, UPPER.toLowerCase());
  t.is((await app.get(Wallet, UPPER)).balance, 5);
  t.is((await app.get(Wallet, UPPER.toLowerCase())).balance, 5);
});

test('an event class whose topic no store can hold is refused when it is registered', (t) => {
  class Broken extends DomainEvent<object> {
    static override readonly topic = 'Wallet.\ud800Broken';
  }
  class WithNul extends DomainEvent<object> {
    static override readonly topic = 'Wallet.\u0000';
  }
  for (const eventClass of [Broken, WithNul]) {
    const error = t.throws(() => new TopicRegistry().registerEvent(eventClass));
    t.true(isValidationError(error));
    t.regex(error?.message ?? '', new RegExp(`${eventClass.name}\\.topic must`));
  }
});
