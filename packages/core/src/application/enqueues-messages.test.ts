import test from 'ava';
import { InMemoryStrategy } from '../memory/index.js';
import type { ClaimedOutboxMessage } from '../storage/index.js';
import { Wallet, Wallets } from './fixtures/wallet.js';

async function pending(strategy: InMemoryStrategy): Promise<ClaimedOutboxMessage[]> {
  const seen: ClaimedOutboxMessage[] = [];
  await strategy.claimOutbox(1000, async (messages) => {
    seen.push(...messages);
    return [];
  });
  return seen;
}

test('enqueue puts a message in the outbox with its fields and defaults, no aggregate involved', async (t) => {
  const strategy = new InMemoryStrategy();
  await using app = new Wallets({ strategy, env: {} });
  const [json] = await app.enqueue({ exchange: 'billing', routingKey: 'invoice.issued', json: { n: 1 } });
  const [bytes] = await app.enqueue({
    id: 'm-2',
    orderingKey: 'invoice-7',
    exchange: '',
    routingKey: 'audit',
    headers: { source: 'test' },
    body: new Uint8Array([1, 2]),
  });
  const rows = await pending(strategy);
  t.deepEqual(
    rows.map(({ id, orderingKey, exchange, routingKey, contentType, headers }) => ({
      id,
      orderingKey,
      exchange,
      routingKey,
      contentType,
      headers,
    })),
    [
      {
        id: json?.id ?? '',
        orderingKey: json?.id ?? '',
        exchange: 'billing',
        routingKey: 'invoice.issued',
        contentType: 'application/json',
        headers: undefined,
      },
      {
        id: 'm-2',
        orderingKey: 'invoice-7',
        exchange: '',
        routingKey: 'audit',
        contentType: 'application/octet-stream',
        headers: { source: 'test' },
      },
    ],
  );
  t.deepEqual(JSON.parse(Buffer.from(rows[0]?.body ?? []).toString('utf8')), { n: 1 });
  t.deepEqual([...(rows[1]?.body ?? [])], [1, 2]);
  t.is(bytes?.id, 'm-2');
  t.is(await strategy.maxNotificationPosition(), 0);
});

test('an enqueue inside a transaction that rolls back leaves no message; one beside a save commits with it', async (t) => {
  const strategy = new InMemoryStrategy();
  await using app = new Wallets({ strategy, env: {} });
  await t.throwsAsync(
    strategy.transaction(async () => {
      await app.enqueue({ id: 'gone', exchange: 'x', routingKey: 'r', json: {} });
      throw new Error('rollback');
    }),
  );
  await strategy.transaction(async () => {
    await app.save(Wallet.create('ada'));
    await app.enqueue({ id: 'kept', exchange: 'x', routingKey: 'r', json: {} });
  });
  t.deepEqual(
    (await pending(strategy)).map((message) => message.id),
    ['kept'],
  );
});
