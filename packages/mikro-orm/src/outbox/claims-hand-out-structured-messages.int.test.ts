import test from 'ava';
import { randomUUID } from 'node:crypto';
import type { ClaimedOutboxMessage, OutboxMessage } from '@annals/core/storage';
import { announcing, orderPlaced } from '../fixtures/announced-event.js';
import { dialects } from '../fixtures/strategies.js';
import type { MikroOrmStrategy } from '../mikro-orm-strategy.js';

/** Claims everything pending, confirming it. */
async function claimAll(strategy: MikroOrmStrategy): Promise<ClaimedOutboxMessage[]> {
  let handed: ClaimedOutboxMessage[] = [];
  await strategy.claimOutbox(
    100,
    async (messages) => {
      handed = [...messages];
      return messages.map((message) => message.sequence);
    },
    { includeDispatched: true },
  );
  return handed;
}

for (const { dialect, storage } of dialects) {
  test(`${dialect}: claims hand out every field of a message, and the position of the event it announces`, async (t) => {
    const strategy = await storage(t);
    const id = randomUUID();
    const invoice: OutboxMessage = {
      id: randomUUID(),
      orderingKey: 'invoice-7',
      exchange: 'billing',
      routingKey: 'invoice.issued',
      contentType: 'text/plain',
      body: new TextEncoder().encode('issued'),
    };
    const [placed, paid] = [orderPlaced(id, 1), orderPlaced(id, 2)];
    const [first] = await strategy.append([placed], { outbox: [announcing(placed), invoice] });
    const [second] = await strategy.append([paid]);
    // A message about an event of an earlier append, as a process application may write.
    await strategy.append([], { outbox: [announcing(paid)] });

    const claimed = await claimAll(strategy);
    t.deepEqual(
      claimed.map(({ sequence: _, createdAt, ...message }) => {
        t.true(createdAt instanceof Date && !Number.isNaN(createdAt.getTime()), 'created at a real time');
        return message;
      }),
      [{ ...announcing(placed), position: first }, invoice, { ...announcing(paid), position: second }],
    );
    t.deepEqual(
      claimed.map((message) => message.sequence),
      [...claimed.map((message) => message.sequence)].sort((a, b) => a - b),
      'in the order they were written',
    );
  });
}
